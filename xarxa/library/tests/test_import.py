"""Staff import resources with the export's columns: all rows or none, each error with its row and column."""

import json

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content.models import Content
from xarxa.library.models import Resource
from xarxa.library.tests.factories import ResourceFactory
from xarxa.topics.models import Topic

pytestmark = pytest.mark.django_db

HEADER = "kind,title,summary,language,topics,licence,policy_area,level,year,stage,sdgs,countries\n"


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    return user


def upload(client, name, text, **headers):
    return client.post(reverse("library:import"), {"file": SimpleUploadedFile(name, text.encode())}, **headers)


def flashed(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_valid_csv_imports_every_row(client, staff):
    text = HEADER + ("practice,Ventanilla única,Un solo punto de atención,es,atención;trámites,cc-by-4.0,"
                     "digital,local,2024,operating,16;11,ES;MX\n"
                     "guide,Guía de datos abiertos,Cómo publicar,en,,cc0-1.0,governance,national,2023,,,\n")
    response = upload(client, "lote.csv", text, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and flashed(response) == ["2 resources imported."]
    assert Resource.objects.count() == 2
    single = Resource.objects.get(content__title="Ventanilla única")
    assert sorted(r.goal for r in single.goal_rows.all()) == [11, 16]
    assert {t.name for t in single.content.topics.all()} == {"atención", "trámites"}


def test_one_bad_row_means_nothing_is_written_and_every_error_is_reported(client, staff):
    text = HEADER + ("practice,Buena,Resumen,es,nuevo tema,cc-by-4.0,digital,local,2024,,,ES\n"
                     "practice,,Resumen,es,,cc-by-4.0,digital,local,2024,,,ES\n"
                     "practice,Otra,Resumen,xx,,cc-by-4.0,nowhere,local,20x4,,19,ZZ\n")
    response = upload(client, "lote.csv", text)
    assert response.status_code == 400
    errors = {(row, column) for row, column, _message in response.context["report"].errors}
    assert errors == {(2, "title"), (3, "language"), (3, "policy_area"), (3, "year"), (3, "sdgs"), (3, "countries")}
    html = response.content.decode()
    assert "<td>3</td><td>policy_area</td>" in html
    assert not Content.objects.exists() and not Topic.objects.exists()


def test_the_json_export_imports_back(client, staff):
    ResourceFactory(countries=["AR"], goals=[4], content__title="Escuela de datos")
    exported = b"".join(client.get(reverse("library:export_json")).streaming_content)
    response = upload(client, "library.json", exported.decode(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and flashed(response) == ["1 resource imported."]
    copies = Resource.objects.filter(content__title="Escuela de datos")
    assert copies.count() == 2
    assert [str(r.country) for r in copies.last().country_rows.all()] == ["AR"]


@pytest.mark.parametrize("name, text", [("x.json", "{not json"), ("x.json", json.dumps({"resources": 3})),
                                        ("x.csv", ""), ("x.json", "[]")])
def test_unreadable_files_are_refused(client, staff, name, text):
    assert upload(client, name, text).status_code == 400
    assert not Content.objects.exists()


def test_only_staff_may_import(client):
    client.force_login(UserFactory())
    assert upload(client, "x.csv", HEADER).status_code == 403
