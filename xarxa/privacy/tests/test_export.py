"""Download my data (GDPR articles 15 and 20): asked for on the site, built by the background worker,
sent as an expiring link that only its member can open; the ZIP holds their data and nobody else's."""

import io
import json
import re
import time
import zipfile
from unittest import mock

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import PASSWORD, UserFactory
from xarxa.core.testing import run_queued_tasks
from xarxa.privacy.models import DataExport
from xarxa.privacy.tests.world import EMAIL, PHONE, SECOND_EMAIL, member_with_a_life

pytestmark = pytest.mark.django_db

EXPECTED_FILES = {
    "profile.json", "email_addresses.json", "follows.json", "memberships.json", "content.json", "comments.json",
    "reactions.json", "messages.json", "event_answers.json", "reviews.json", "collections.json",
    "notification_settings.json", "sessions.json", "school.json", "congress.json",
}


@pytest.fixture
def export_link(client, mailbox, django_capture_on_commit_callbacks):
    """Sign in as the member, ask for the export, run the worker: the link the member gets by e-mail."""
    def ask(member):
        client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("privacy:request_export"))
        assert response.status_code == 302
        run_queued_tasks()
        mail = [m for m in mailbox() if "/settings/data/download/" in m.get_content()]
        assert len(mail) == 1 and mail[0]["To"] == member.email
        return re.search(r"https?://\S+/settings/data/download/\S+/", mail[0].get_content()).group(0)
    return ask


def download(client, link):
    path = link.split("://", 1)[1].split("/", 1)[1]
    return client.get("/" + path)


def open_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_export_holds_one_file_per_kind_with_the_members_data_and_their_files(client, export_link, settings):
    settings.LANGUAGE_CODE = "en"
    world = member_with_a_life()
    archive = open_zip(download(client, export_link(world.member)))
    names = set(archive.namelist())
    assert EXPECTED_FILES <= names
    data = {name: json.loads(archive.read(name)) for name in EXPECTED_FILES}

    assert data["profile.json"]["account"]["email"] == EMAIL
    assert data["profile.json"]["profile"]["phone"] == PHONE
    assert data["profile.json"]["profile"]["organisation"] == "Ayuntamiento de Villaprueba"
    assert {row["email"] for row in data["email_addresses.json"]} == {EMAIL, SECOND_EMAIL}
    assert [row["member"] for row in data["follows.json"]] == ["bruno"]
    assert [row["space__name"] for row in data["memberships.json"]["groups"]] == ["Datos abiertos"]
    assert [row["title"] for row in data["content.json"]] == ["Portal de datos municipal"]
    assert {row["body"] for row in data["comments.json"]} == {"Usamos CC BY en todo.", "Otra idea sin respuesta."}
    assert {row["on"] for row in data["comments.json"]} == {"Licencias abiertas"}
    assert [row["on"] for row in data["reactions.json"]] == ["Licencias abiertas"]
    assert [(row["from"], row["body"]) for row in data["messages.json"]] == [
        ("me", "¿Hablamos el lunes del portal?"), ("bruno", "Sí, el lunes a las diez.")]
    assert [row["event"] for row in data["event_answers.json"]] == ["Encuentro de datos"]
    assert [row["text"] for row in data["reviews.json"]["reviews"]] == ["Muy útil para nuestro ayuntamiento."]
    assert [row["title"] for row in data["collections.json"]] == ["Para el pleno"]
    assert data["notification_settings.json"]["digest"]["frequency"] == "daily"
    assert data["notification_settings.json"]["channels"] == [{"kind": "message", "channel": "email"}]
    assert len(data["sessions.json"]) == 1 and data["sessions.json"][0]["ip"] == "127.0.0.1"  # this sign-in

    files = {name: archive.read(name) for name in names if name.startswith("files/")}
    assert sorted(files.values()) == sorted([b"\x89PNG portrait bytes", b"quarterly figures"])


def test_the_export_holds_nothing_private_of_anyone_else(client, export_link):
    world = member_with_a_life()
    archive = open_zip(download(client, export_link(world.member)))
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
    # A private message between two other members, and a secret group's debate the member cannot see.
    assert "fusión se anuncia" not in everything and "Confidencial" not in everything
    assert "Plan secreto" not in everything and "Nadie fuera del grupo" not in everything
    # Others' addresses and phone numbers are not the member's data either.
    assert world.friend.email not in everything and world.stranger.email not in everything


def test_a_reply_on_content_the_member_can_no_longer_see_does_not_name_it(client, export_link):
    world = member_with_a_life()
    world.friends_debate.space.memberships.filter(user=world.member).delete()
    world.friends_debate.space.visibility = "private"
    world.friends_debate.space.save()
    archive = open_zip(download(client, export_link(world.member)))
    comments = json.loads(archive.read("comments.json"))
    assert {row["body"] for row in comments} == {"Usamos CC BY en todo.", "Otra idea sin respuesta."}
    assert {row["on"] for row in comments} == {None}


def test_the_link_opens_nothing_for_another_member_or_a_visitor(client, export_link):
    member = UserFactory()
    link = export_link(member)
    client.force_login(UserFactory())
    assert download(client, link).status_code == 404
    client.logout()
    response = download(client, link)
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_the_link_expires(client, export_link, settings):
    settings.XARXA_DATA_EXPORT_DAYS = 7
    member = UserFactory()
    link = export_link(member)
    eight_days_later = time.time() + 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_later):
        assert download(client, link).status_code == 404
    assert download(client, link).status_code == 200


def test_a_tampered_link_is_refused(client, export_link):
    member = UserFactory()
    link = export_link(member)
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = link.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert download(client, forged).status_code == 404


def test_expired_exports_are_removed_with_their_file(client, export_link, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from xarxa.privacy.services import export_storage

    member = UserFactory()
    export_link(member)
    data_export = DataExport.objects.get(user=member)
    assert export_storage().exists(data_export.file_name)
    DataExport.objects.filter(pk=data_export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("apply_privacy_retention", stdout=io.StringIO())
    assert not DataExport.objects.filter(pk=data_export.pk).exists()
    assert not export_storage().exists(data_export.file_name)


def test_the_data_page_offers_the_export_and_lists_it(client, export_link):
    member = UserFactory()
    export_link(member)
    page = client.get(reverse("privacy:my_data"))
    assert page.status_code == 200
    assert reverse("privacy:request_export") in page.content.decode()
    assert "Ready to download" in page.content.decode() or "Listo" in page.content.decode()
