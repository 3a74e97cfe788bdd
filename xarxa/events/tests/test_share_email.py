"""The organiser sees an attendee's e-mail address only where the attendee agreed when answering."""

import csv
import io

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.events import services
from xarxa.events.models import Rsvp
from xarxa.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def csv_rows(client, event):
    response = client.get(reverse("events:attendees_csv", args=[event.pk]))
    return {row[1]: row for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}


def test_the_attendee_csv_holds_only_the_addresses_shared_with_the_organiser(client):
    organiser = UserFactory()
    event = EventFactory(content__author=organiser)
    sharer = UserFactory(username="comparte", email="comparte@example.org")
    keeper = UserFactory(username="reservada", email="reservada@example.org")
    for member, sharing in ((sharer, "1"), (keeper, None)):
        client.force_login(member)
        client.post(reverse("events:rsvp", args=[event.pk]),
                    {"answer": "going", **({"share_email": sharing} if sharing else {})})
    assert Rsvp.objects.get(user=sharer).share_email and not Rsvp.objects.get(user=keeper).share_email
    client.force_login(organiser)
    rows = csv_rows(client, event)
    assert rows["comparte"][2] == "comparte@example.org"
    assert rows["reservada"][2] == ""
    assert "reservada@example.org" not in client.get(reverse("events:attendees_csv", args=[event.pk])).content.decode()


def test_sharing_is_off_by_default_asked_on_the_page_and_can_be_taken_back(client):
    organiser, ana = UserFactory(), UserFactory(username="ana", email="ana@example.org")
    event = EventFactory(content__author=organiser)
    client.force_login(ana)
    page = client.get(event.content.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Share my e-mail address with the organiser" in page
    assert 'name="share_email" value="1" id="share-email">' in page  # not ticked
    services.rsvp(ana, event, "going", share_email=True)
    page = client.get(event.content.get_absolute_url()).content.decode()
    assert 'name="share_email" value="1" id="share-email" checked>' in page
    services.rsvp(ana, event, "going")  # the same answer, the box left unticked: consent withdrawn
    assert not Rsvp.objects.get(user=ana).share_email
    client.force_login(organiser)
    assert csv_rows(client, event)["ana"][2] == ""


def test_changing_only_the_consent_keeps_the_place_on_the_waiting_list():
    event = EventFactory(capacity=1)
    services.rsvp(UserFactory(), event, "going")
    waiting = UserFactory()
    row = services.rsvp(waiting, event, "going")
    assert row.answer == Rsvp.Answer.WAITING
    since = row.waiting_since
    row = services.rsvp(waiting, event, "going", share_email=True)
    row.refresh_from_db()
    assert row.answer == Rsvp.Answer.WAITING and row.waiting_since == since and row.share_email
