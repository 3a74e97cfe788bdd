"""The public catalogue as open data: JSON, CSV and a DCAT-AP catalogue in JSON-LD.

Only what an anonymous visitor may read is published (Content.objects.visible_to(AnonymousUser)), so
private and secret content can never appear. Each export is streamed, a chunk of resources at a time, so
a library of any size is served in constant memory. The import reads the same columns back.
"""

import csv
import io
import json

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django_countries import countries

from xarxa.library.choices import LICENCE_URIS, PolicyArea
from xarxa.library.services import visible_resources

CHUNK = 500
# The columns of the JSON and CSV exports, in order; lists are joined with ";" in CSV.
COLUMNS = ["id", "url", "kind", "title", "summary", "body", "language", "topics", "licence", "licence_url",
           "external_url", "policy_area", "level", "year", "stage", "sdgs", "countries", "organisations",
           "problem", "solution", "results", "indicators", "budget", "team", "duration", "lessons",
           "replications", "rating_average", "rating_count", "published_at", "updated_at"]
LIST_COLUMNS = {"topics", "sdgs", "countries", "organisations"}

# EU vocabularies DCAT-AP asks for: languages, countries, data themes, file types.
EU = "http://publications.europa.eu/resource/authority/"
LANGUAGE_URIS = {"es": "SPA", "pt": "POR", "ca": "CAT", "en": "ENG", "fr": "FRA", "gl": "GLG", "eu": "EUS",
                 "it": "ITA", "de": "DEU"}
THEMES = {
    PolicyArea.GOVERNANCE: "GOVE", PolicyArea.DIGITAL: "TECH", PolicyArea.PARTICIPATION: "GOVE",
    PolicyArea.PROCUREMENT: "ECON", PolicyArea.FINANCE: "ECON", PolicyArea.WORKFORCE: "GOVE",
    PolicyArea.HEALTH: "HEAL", PolicyArea.EDUCATION: "EDUC", PolicyArea.SOCIAL: "SOCI",
    PolicyArea.ENVIRONMENT: "ENVI", PolicyArea.URBAN: "REGI", PolicyArea.MOBILITY: "TRAN",
    PolicyArea.ECONOMY: "ECON", PolicyArea.JUSTICE: "JUST", PolicyArea.CULTURE: "EDUC",
}


def public_catalogue():
    """Every resource an anonymous visitor may read, oldest first, with what the rows need."""
    return (visible_resources(AnonymousUser()).select_related("resource")
            .prefetch_related("topics", "resource__country_rows", "resource__goal_rows", "resource__organisations")
            .order_by("pk"))


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def record(content) -> dict:
    resource = content.resource
    return {
        "id": content.pk,
        "url": absolute(content.get_absolute_url()),
        "kind": resource.resource_kind,
        "title": content.title,
        "summary": resource.summary,
        "body": content.body,
        "language": content.language,
        "topics": [topic.name for topic in content.topics.all()],
        "licence": resource.licence,
        "licence_url": LICENCE_URIS.get(resource.licence, ""),
        "external_url": resource.external_url,
        "policy_area": resource.policy_area,
        "level": resource.level,
        "year": resource.year,
        "stage": resource.stage,
        "sdgs": sorted(row.goal for row in resource.goal_rows.all()),
        "countries": sorted(str(row.country) for row in resource.country_rows.all()),
        "organisations": sorted(o.slug for o in resource.organisations.all()),
        "problem": resource.problem,
        "solution": resource.solution,
        "results": resource.results,
        "indicators": resource.indicators,
        "budget": resource.budget,
        "team": resource.team,
        "duration": resource.duration,
        "lessons": resource.lessons,
        "replications": resource.replication_count,
        "rating_average": resource.rating_average,
        "rating_count": resource.rating_count,
        "published_at": content.published_at.isoformat() if content.published_at else "",
        "updated_at": content.updated_at.isoformat(),
    }


def _contents():
    return public_catalogue().iterator(chunk_size=CHUNK)


def stream_json():
    generated_at = json.dumps(timezone.now().isoformat())
    yield f'{{"generated_at": {generated_at}, "resources": [\n'
    for number, content in enumerate(_contents()):
        yield ("" if number == 0 else ",\n") + json.dumps(record(content), ensure_ascii=False)
    yield "\n]}\n"


def csv_line(values):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def stream_csv():
    yield csv_line(COLUMNS)
    for content in _contents():
        row = record(content)
        yield csv_line([";".join(map(str, row[c])) if c in LIST_COLUMNS else row[c] for c in COLUMNS])


# DCAT-AP -----------------------------------------------------------------------------------------

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _text(value, language):
    return {"@value": value, "@language": language}


def _date(value):
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"}


def publisher():
    return {"@id": absolute("/#publisher"), "@type": "foaf:Agent", "foaf:name": settings.SITE_NAME}


def dataset(content) -> dict:
    """One resource as a dcat:Dataset, its page (and its external link) as distributions."""
    resource, url = content.resource, absolute(content.get_absolute_url())
    licence = {"@id": LICENCE_URIS[resource.licence]}
    distributions = [{"@id": f"{url}#page", "@type": "dcat:Distribution", "dcat:accessURL": {"@id": url},
                      "dct:license": licence, "dct:format": {"@id": f"{EU}file-type/HTML"},
                      "dcat:mediaType": {"@id": "http://www.iana.org/assignments/media-types/text/html"}}]
    if resource.external_url:
        distributions.append({"@id": f"{url}#link", "@type": "dcat:Distribution",
                              "dcat:accessURL": {"@id": resource.external_url}, "dct:license": licence})
    item = {
        "@id": url,
        "@type": "dcat:Dataset",
        "dct:identifier": str(content.pk),
        "dct:title": _text(content.title, content.language),
        "dct:description": _text(resource.summary or content.title, content.language),
        "dct:issued": _date(content.published_at or content.created_at),
        "dct:modified": _date(content.updated_at),
        "dct:publisher": {"@id": absolute("/#publisher")},
        "dcat:landingPage": {"@id": url},
        "dcat:keyword": [_text(topic.name, content.language) for topic in content.topics.all()],
        "dcat:distribution": distributions,
    }
    if content.language in LANGUAGE_URIS:
        item["dct:language"] = {"@id": f"{EU}language/{LANGUAGE_URIS[content.language]}"}
    if resource.policy_area in THEMES:
        item["dcat:theme"] = {"@id": f"{EU}data-theme/{THEMES[resource.policy_area]}"}
    spatial = [{"@id": f"{EU}country/{countries.alpha3(row.country.code)}"} for row in resource.country_rows.all()
               if countries.alpha3(row.country.code)]
    if spatial:
        item["dct:spatial"] = spatial
    return item


def stream_dcat(title, description, language="en"):
    """The catalogue; `title` and `description` are in `language` (the requester's)."""
    catalog = {
        "@context": CONTEXT,
        "@id": absolute(reverse("library:dcat")),
        "@type": "dcat:Catalog",
        "dct:title": _text(str(title), language),
        "dct:description": _text(str(description), language),
        "dct:publisher": publisher(),
        "foaf:homepage": {"@id": absolute(reverse("library:list"))},
        "dct:modified": _date(timezone.now()),
        "dct:license": {"@id": LICENCE_URIS["cc-by-4.0"]},
    }
    head = json.dumps(catalog, ensure_ascii=False)
    yield head[:-1] + ', "dcat:dataset": [\n'
    for number, content in enumerate(_contents()):
        yield ("" if number == 0 else ",\n") + json.dumps(dataset(content), ensure_ascii=False)
    yield "\n]}\n"
