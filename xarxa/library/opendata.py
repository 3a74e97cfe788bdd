"""The public catalogue as open data: JSON, CSV and a DCAT-AP catalogue in JSON-LD.

Only what an anonymous visitor may read is published (Content.objects.visible_to(AnonymousUser)), so
private and secret content can never appear. Each export is streamed a batch at a time, from plain values:
one query for a batch's resources (their base row and their own columns, joined) and one grouped query each
for their topics, countries, goals and organisations, so memory stays flat and no model instance is built.
The import reads the same columns back.
"""

import hashlib
import json
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Max, Sum
from django.urls import reverse
from django.utils import timezone
from django_countries import countries

from xarxa.content.models import Content
from xarxa.core import csvfiles
from xarxa.library.choices import LICENCE_URIS, PolicyArea
from xarxa.library.models import Resource, ResourceCountry, ResourceGoal
from xarxa.library.services import visible_resources

BATCH = 2000
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

# A batch's row: the base row's columns by their own name, the resource's under the export's names
# (its kind as resource_kind: the base row has a "kind" of its own).
CONTENT_VALUES = ["id", "title", "body", "language", "created_at", "published_at", "updated_at"]
RESOURCE_VALUES = {
    "resource_kind": "resource__resource_kind", "summary": "resource__summary", "licence": "resource__licence",
    "external_url": "resource__external_url", "policy_area": "resource__policy_area", "level": "resource__level",
    "year": "resource__year", "stage": "resource__stage", "problem": "resource__problem",
    "solution": "resource__solution", "results": "resource__results", "indicators": "resource__indicators",
    "budget": "resource__budget", "team": "resource__team", "duration": "resource__duration",
    "lessons": "resource__lessons", "replications": "resource__replication_count",
    "rating_average": "resource__rating_average", "rating_count": "resource__rating_count",
}


def public_catalogue():
    """Every resource an anonymous visitor may read (that has its resource row)."""
    return visible_resources(AnonymousUser()).filter(resource__isnull=False)


def catalogue_version():
    """(ETag, Last-Modified) of the public catalogue, from one aggregate query: any edit, addition, removal,
    rating or replication changes the tag, so a harvester's conditional GET gets 304 until then."""
    stats = public_catalogue().aggregate(
        count=Count("pk"), ids=Sum("pk"), changed=Max("updated_at"),
        ratings=Sum("resource__rating_count"), replications=Sum("resource__replication_count"))
    fingerprint = "|".join(str(stats[key]) for key in ("count", "ids", "changed", "ratings", "replications"))
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:32], stats["changed"]


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def page_url_maker():
    """id → the resource's page, as Content.get_absolute_url gives it for an original (resources register no
    URL builder of their own): reversed once, not once per row."""
    marker = 987654321
    template = absolute(reverse("library:detail", args=[marker]))
    head, tail = template.split(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


def _grouped(rows):
    grouped = defaultdict(list)
    for key, value in rows:
        grouped[key].append(value)
    return grouped


def _lists_for(ids):
    """The batch's list columns, a grouped query each: {column: {id: [values]}}, each list in the order the
    export has always used (topics by name, the others by value)."""
    topics = Content.topics.through.objects.filter(content_id__in=ids).order_by("topic__name").values_list(
        "content_id", "topic__name")
    goals = ResourceGoal.objects.filter(resource_id__in=ids).order_by("goal").values_list("resource_id", "goal")
    country_rows = ResourceCountry.objects.filter(resource_id__in=ids).order_by("country").values_list(
        "resource_id", "country")
    organisations = Resource.organisations.through.objects.filter(resource_id__in=ids).order_by(
        "organisation__slug").values_list("resource_id", "organisation__slug")
    return {"topics": _grouped(topics), "sdgs": _grouped(goals),
            "countries": _grouped((pk, str(code)) for pk, code in country_rows),
            "organisations": _grouped(organisations)}


def batches(size=BATCH):
    """The public catalogue, oldest first, as lists of plain dicts (one per resource, with its list
    columns). Each batch starts after the last id of the one before: no OFFSET, and the same cost at the
    end of the catalogue as at its start."""
    catalogue = public_catalogue().order_by("pk").values(
        *CONTENT_VALUES, **{name: F(path) for name, path in RESOURCE_VALUES.items()})
    last = 0
    while True:
        rows = list(catalogue.filter(pk__gt=last)[:size])
        if not rows:
            return
        lists = _lists_for([row["id"] for row in rows])
        for row in rows:
            for column, grouped in lists.items():
                row[column] = grouped.get(row["id"], [])
        yield rows
        if len(rows) < size:
            return
        last = rows[-1]["id"]


def _rows():
    for batch in batches():
        yield from batch


def record(row, page_url) -> dict:
    """One resource as a JSON/CSV record, the columns in COLUMNS order."""
    return {
        "id": row["id"],
        "url": page_url(row["id"]),
        "kind": row["resource_kind"],
        "title": row["title"],
        "summary": row["summary"],
        "body": row["body"],
        "language": row["language"],
        "topics": row["topics"],
        "licence": row["licence"],
        "licence_url": LICENCE_URIS.get(row["licence"], ""),
        "external_url": row["external_url"],
        "policy_area": row["policy_area"],
        "level": row["level"],
        "year": row["year"],
        "stage": row["stage"],
        "sdgs": row["sdgs"],
        "countries": row["countries"],
        "organisations": row["organisations"],
        "problem": row["problem"],
        "solution": row["solution"],
        "results": row["results"],
        "indicators": row["indicators"],
        "budget": row["budget"],
        "team": row["team"],
        "duration": row["duration"],
        "lessons": row["lessons"],
        "replications": row["replications"],
        "rating_average": row["rating_average"],
        "rating_count": row["rating_count"],
        "published_at": row["published_at"].isoformat() if row["published_at"] else "",
        "updated_at": row["updated_at"].isoformat(),
    }


def stream_json():
    generated_at = json.dumps(timezone.now().isoformat())
    page_url = page_url_maker()
    yield f'{{"generated_at": {generated_at}, "resources": [\n'
    for number, row in enumerate(_rows()):
        yield ("" if number == 0 else ",\n") + json.dumps(record(row, page_url), ensure_ascii=False)
    yield "\n]}\n"


def stream_csv():
    page_url = page_url_maker()
    yield csvfiles.line(COLUMNS)
    for row in _rows():
        fields = record(row, page_url)
        yield csvfiles.line([";".join(map(str, fields[c])) if c in LIST_COLUMNS else fields[c] for c in COLUMNS])


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


def dataset(row, page_url) -> dict:
    """One resource as a dcat:Dataset, its page (and its external link) as distributions."""
    url, language = page_url(row["id"]), row["language"]
    licence = {"@id": LICENCE_URIS[row["licence"]]}
    distributions = [{"@id": f"{url}#page", "@type": "dcat:Distribution", "dcat:accessURL": {"@id": url},
                      "dct:license": licence, "dct:format": {"@id": f"{EU}file-type/HTML"},
                      "dcat:mediaType": {"@id": "http://www.iana.org/assignments/media-types/text/html"}}]
    if row["external_url"]:
        distributions.append({"@id": f"{url}#link", "@type": "dcat:Distribution",
                              "dcat:accessURL": {"@id": row["external_url"]}, "dct:license": licence})
    item = {
        "@id": url,
        "@type": "dcat:Dataset",
        "dct:identifier": str(row["id"]),
        "dct:title": _text(row["title"], language),
        "dct:description": _text(row["summary"] or row["title"], language),
        "dct:issued": _date(row["published_at"] or row["created_at"]),
        "dct:modified": _date(row["updated_at"]),
        "dct:publisher": {"@id": absolute("/#publisher")},
        "dcat:landingPage": {"@id": url},
        "dcat:keyword": [_text(name, language) for name in row["topics"]],
        "dcat:distribution": distributions,
    }
    if language in LANGUAGE_URIS:
        item["dct:language"] = {"@id": f"{EU}language/{LANGUAGE_URIS[language]}"}
    if row["policy_area"] in THEMES:
        item["dcat:theme"] = {"@id": f"{EU}data-theme/{THEMES[row['policy_area']]}"}
    spatial = [{"@id": f"{EU}country/{alpha3}"} for alpha3 in map(countries.alpha3, row["countries"]) if alpha3]
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
    page_url = page_url_maker()
    yield head[:-1] + ', "dcat:dataset": [\n'
    for number, row in enumerate(_rows()):
        yield ("" if number == 0 else ",\n") + json.dumps(dataset(row, page_url), ensure_ascii=False)
    yield "\n]}\n"
