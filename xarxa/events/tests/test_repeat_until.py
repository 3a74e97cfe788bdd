"""'Repeat until' a date: the form's choice is accepted, ends on that local day, and calendar files get it in UTC."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from xarxa.accounts.tests.factories import UserFactory
from xarxa.events import recurrence
from xarxa.events.models import Event
from xarxa.events.tests.test_events import form_data

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


def test_an_event_repeats_until_a_date_and_its_last_day_counts(client):
    client.force_login(UserFactory())
    # Every Monday at 20:00 in Bogotá (01:00 UTC the next day) until Monday 31 March 2031, inclusive.
    response = client.post(reverse("events:create"), form_data(
        starts_at="2031-03-10T20:00", ends_at="2031-03-10T21:00", repeats="weekly", repeat_until="2031-03-31"))
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.recurrence == "FREQ=WEEKLY;UNTIL=20310331T235959"
    dates = recurrence.occurrences(event, datetime(2031, 1, 1, tzinfo=UTC), datetime(2032, 1, 1, tzinfo=UTC))
    assert [start.strftime("%d/%m %H:%M") for start, _end in dates] == [
        "10/03 20:00", "17/03 20:00", "24/03 20:00", "31/03 20:00"]
    assert event.series_ends_at == datetime(2031, 3, 31, 21, 0, tzinfo=BOGOTA)


def test_the_calendar_file_ends_the_series_in_utc(client):
    client.force_login(UserFactory())
    client.post(reverse("events:create"), form_data(
        starts_at="2031-03-10T20:00", ends_at="2031-03-10T21:00", repeats="weekly", repeat_until="2031-03-31"))
    event = Event.objects.get()
    [vevent] = Calendar.from_ical(client.get(reverse("events:ics", args=[event.pk])).content).walk("VEVENT")
    # The end of 31 March in Bogotá is 04:59:59 on 1 April in UTC.
    assert vevent["RRULE"]["UNTIL"] == [datetime(2031, 4, 1, 4, 59, 59, tzinfo=UTC)]


def test_a_rule_ending_in_utc_is_read_in_the_events_zone():
    start = datetime(2031, 3, 10, 20, 0, tzinfo=BOGOTA)
    rule = recurrence.parse_rule("FREQ=WEEKLY;UNTIL=20310401T045959Z", start)
    assert list(rule)[-1] == datetime(2031, 3, 31, 20, 0)
    assert start.replace(tzinfo=None) + timedelta(weeks=3) == list(rule)[-1]
