"""The next dates of a repeating event, listed on its page, each answered on its own."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from xarxa.events import recurrence
from xarxa.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo("Europe/Madrid")


def test_next_occurrences_skip_those_over_and_keep_local_time_across_dst():
    start = datetime(2026, 3, 17, 10, 0, tzinfo=MADRID)  # a Tuesday; DST starts on 29 March
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), recurrence="FREQ=WEEKLY;COUNT=4")
    now = datetime(2026, 3, 24, 11, 0, tzinfo=MADRID)  # during the second one: it is not over yet
    found = recurrence.next_occurrences(event, now)
    assert [s.strftime("%d %H:%M") for s, _e in found] == ["24 10:00", "31 10:00", "07 10:00"]
    assert recurrence.next_occurrences(event, now, limit=1) == found[:1]
    assert recurrence.next_occurrences(event, datetime(2026, 5, 1, tzinfo=MADRID)) == []


def test_a_one_off_event_has_no_list_of_dates():
    assert recurrence.next_occurrences(EventFactory(), datetime.now(MADRID)) == []


def test_the_event_page_shows_the_next_dates(client):
    start = (datetime.now(MADRID) + timedelta(days=1)).replace(hour=9, minute=30, second=0, microsecond=0)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=1), recurrence="FREQ=MONTHLY;COUNT=10")
    html = client.get(event.content.get_absolute_url()).content.decode()
    assert 'class="occurrences"' in html
    assert html.count('<li class="occurrence"') == 8  # the next eight of ten
    assert f'datetime="{start.isoformat()}"' in html
