"""The open-data exports: JSON, CSV and a DCAT-AP catalogue (checked as RDF with rdflib's JSON-LD parser)."""

import csv
import io
import json

import pytest
from django.urls import reverse
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF

from xarxa.library.opendata import COLUMNS
from xarxa.library.tests.factories import ResourceFactory
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db
DCAT = Namespace("http://www.w3.org/ns/dcat#")


def body(response):
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def catalogue():
    first = ResourceFactory(countries=["ES", "BR"], goals=[11], content__title="Sede electrónica accesible",
                            external_url="https://example.org/guia.pdf")
    second = ResourceFactory(resource_kind="dataset", licence="cc0-1.0", policy_area="", content__language="pt")
    return [first, second]


def test_json_export_holds_every_public_resource_with_all_columns(client, catalogue):
    response = client.get(reverse("library:export_json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = json.loads(body(response))
    assert [row["id"] for row in data["resources"]] == [r.pk for r in catalogue]
    first = data["resources"][0]
    assert list(first) == COLUMNS
    assert first["countries"] == ["BR", "ES"] and first["sdgs"] == [11]
    assert first["licence_url"] == "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"


def test_csv_export_has_a_header_and_a_row_per_resource(client, catalogue):
    response = client.get(reverse("library:export_csv"))
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert len(rows) == 2 and rows[0]["countries"] == "BR;ES" and rows[0]["title"] == "Sede electrónica accesible"
    assert list(rows[0]) == COLUMNS


def test_dcat_ap_catalogue_parses_as_json_ld_and_has_the_mandatory_properties(client, catalogue):
    response = client.get(reverse("library:dcat"))
    assert response["Content-Type"].startswith("application/ld+json")
    graph = Graph().parse(data=body(response), format="json-ld")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    catalog = catalogs[0]
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher):
        assert graph.value(catalog, prop) is not None, prop
    publisher = graph.value(catalog, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph and graph.value(publisher, FOAF.name) is not None
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert datasets == set(graph.subjects(RDF.type, DCAT.Dataset)) and len(datasets) == 2
    for dataset in datasets:
        assert graph.value(dataset, DCTERMS.title) is not None and graph.value(dataset, DCTERMS.description)
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions
        for distribution in distributions:
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            assert isinstance(graph.value(distribution, DCAT.accessURL), URIRef)
            licence = graph.value(distribution, DCTERMS.license)
            assert isinstance(licence, URIRef) and str(licence).startswith("http://publications.europa.eu/")
    first = URIRef("http://127.0.0.1:8000" + catalogue[0].get_absolute_url())
    assert URIRef("http://publications.europa.eu/resource/authority/country/ESP") in set(
        graph.objects(first, DCTERMS.spatial))
    assert len(list(graph.objects(first, DCAT.distribution))) == 2  # the page and the external link


def test_exports_cost_a_fixed_number_of_queries(client, django_assert_num_queries, catalogue):
    ResourceFactory.create_batch(3, countries=["PT"])
    for name in ("library:export_json", "library:export_csv", "library:dcat"):
        with django_assert_num_queries(6):  # the ETag, the resources, topics, countries, goals, organisations
            body(client.get(reverse(name)))


def test_batches_follow_each_other_without_gaps_or_repeats(catalogue):
    from xarxa.library import opendata

    catalogue += ResourceFactory.create_batch(3, countries=["PT", "AR"])
    ResourceFactory(content__space=SpaceFactory(visibility="private"))
    batches = list(opendata.batches(size=2))
    assert [len(batch) for batch in batches] == [2, 2, 1]
    rows = [row for batch in batches for row in batch]
    assert [row["id"] for row in rows] == [r.pk for r in catalogue]
    assert rows[-1]["countries"] == ["AR", "PT"] and rows[0]["countries"] == ["BR", "ES"]


def test_no_cell_of_the_csv_export_can_run_as_a_formula(client):
    ResourceFactory(content__title='=HYPERLINK("http://evil.example","x")', external_url="https://example.org/x",
                    content__body="\t=cmd|' /C calc'!A0")
    rows = list(csv.DictReader(io.StringIO(body(client.get(reverse("library:export_csv"))))))
    assert rows[0]["title"] == "'" + '=HYPERLINK("http://evil.example","x")'
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in rows[0].values())
