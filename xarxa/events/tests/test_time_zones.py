"""Event times are shown in the reader's own time zone, with the organiser's local time beside them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_member_sees_event_times_in_their_own_zone(client):
    event = EventFactory(starts_at=datetime(2027, 3, 10, 18, 0, tzinfo=ZoneInfo("Europe/Madrid")),
                         ends_at=datetime(2027, 3, 10, 20, 0, tzinfo=ZoneInfo("Europe/Madrid")),
                         time_zone="Europe/Madrid")
    reader = UserFactory(time_zone="America/Mexico_City")
    client.force_login(reader)
    page = client.get(event.content.get_absolute_url()).content.decode()
    assert "11:00" in page and "America/Mexico_City" in page  # 18:00 in Madrid is 11:00 in Mexico City
    assert "18:00 en Europe/Madrid" in page


def test_visitors_see_the_sites_zone(client, settings):
    event = EventFactory(starts_at=datetime(2027, 3, 10, 18, 0, tzinfo=ZoneInfo("America/Bogota")),
                         ends_at=datetime(2027, 3, 10, 19, 0, tzinfo=ZoneInfo("America/Bogota")),
                         time_zone="America/Bogota")
    page = client.get(event.content.get_absolute_url()).content.decode()
    assert settings.TIME_ZONE in page and "00:00" in page  # 18:00 in Bogotá is midnight in Madrid


def test_a_member_chooses_a_time_zone_and_a_bad_one_is_refused(client):
    member = UserFactory()
    client.force_login(member)
    data = {"full_name": "Ana", "visibility": "members", "email_language": "es", "time_zone": "Mars/Olympus"}
    response = client.post(reverse("accounts:edit_profile"), data)
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.time_zone == ""
    client.post(reverse("accounts:edit_profile"), {**data, "time_zone": "America/Lima"})
    member.refresh_from_db()
    assert member.time_zone == "America/Lima"
