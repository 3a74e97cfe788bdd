"""Lists cost the same whatever their length (1 and 3 items, one literal count per page).

Counts for a signed-in member include the session and the user.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content.tests.factories import CommentFactory
from xarxa.events import recurrence
from xarxa.events import services as event_services
from xarxa.events.tests.factories import EventFactory
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def make_events(group, owner, member, count):
    for _n in range(count):
        event = EventFactory(content__space=group, content__author=owner, capacity=5)
        event_services.rsvp(member, event, "going")
        EventFactory(content__space=SpaceFactory())  # another public group
        EventFactory(mode="online", online_url="https://x.example.org", country="")  # the open network


@pytest.mark.parametrize("items", [1, 3])
@pytest.mark.parametrize(("query", "queries"), [("", 7), ("?when=past", 6), ("?country=ES&online=on", 6)])
def test_event_list(client, django_assert_num_queries, member_in_group, items, query, queries):
    """An empty page skips the page's rows query (the count says there is nothing)."""
    make_events(*member_in_group, items)
    with django_assert_num_queries(queries):
        assert client.get(reverse("events:list") + query).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_group_event_list(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    make_events(group, owner, member, items)
    with django_assert_num_queries(9):
        assert client.get(reverse("events:space_list", args=[group.slug])).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_month_view(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    start = datetime(2031, 3, 4, 10, tzinfo=ZoneInfo("Europe/Madrid"))
    for _n in range(items):
        event_services.create_event(owner, space=group, title="Semanal", starts_at=start,
                                    ends_at=start + timedelta(hours=1), time_zone="Europe/Madrid", mode="in_person",
                                    recurrence="FREQ=WEEKLY;COUNT=8")
        EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), series_ends_at=start + timedelta(hours=2))
    with django_assert_num_queries(5):
        assert client.get(reverse("events:month_of", args=[2031, 3])).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_my_events(client, django_assert_num_queries, member_in_group, items):
    make_events(*member_in_group, items)
    with django_assert_num_queries(9):
        assert client.get(reverse("events:mine")).status_code == 200


def series_dates(group, owner, items, **fields):
    """`items` weekly series in `group`, each with its next `items` dates: [(event, [start, ...]), ...]."""
    start = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    series = []
    for _n in range(items):
        event = event_services.create_event(owner, space=group, title="Semanal", starts_at=start,
                                            ends_at=start + timedelta(hours=1), time_zone="Europe/Madrid",
                                            mode="in_person", recurrence="FREQ=WEEKLY;COUNT=6", **fields)
        series.append((event, [when for when, _end in recurrence.next_occurrences(event, timezone.now(), limit=items)]))
    return series


@pytest.mark.parametrize("items", [1, 3])
def test_my_events_with_dates_of_repeating_events(client, django_assert_num_queries, member_in_group, items):
    """`items` weekly events each answered on `items` dates, one of them from the waiting list: the same cost."""
    group, owner, member = member_in_group
    make_events(group, owner, member, items)
    for event, (first, *others) in series_dates(group, owner, items, capacity=1):
        event_services.rsvp(UserFactory(), event, "going", first)
        assert event_services.rsvp(member, event, "going", first).answer == "waiting"
        for when in others:
            event_services.rsvp(member, event, "maybe", when)
    with django_assert_num_queries(10):  # one more: the member's places on those dates' waiting lists
        response = client.get(reverse("events:mine"))
    assert response.content.decode().count('class="item-row event-row"') == items + items * items


@pytest.mark.parametrize("items", [1, 3])
def test_calendar_files(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    make_events(group, owner, member, items)
    token = event_services.calendar_token_for(member).token
    client.logout()
    with django_assert_num_queries(1):
        assert client.get(reverse("events:public_calendar")).status_code == 200
    with django_assert_num_queries(5):  # the first fetch in an hour also notes when the link was last used
        assert client.get(reverse("events:my_calendar", args=[token])).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(reverse("events:my_calendar", args=[token])).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_my_calendar_with_dates_of_repeating_events(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    make_events(group, owner, member, items)
    for event, dates in series_dates(group, owner, items):
        for when in dates:
            event_services.rsvp(member, event, "going", when)
    token = event_services.calendar_token_for(member).token
    client.logout()
    client.get(reverse("events:my_calendar", args=[token]))  # the first fetch in an hour notes the use
    with django_assert_num_queries(5):  # one more: the member's dates of those series
        assert client.get(reverse("events:my_calendar", args=[token])).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_event_page(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    event = EventFactory(content__space=group, content__author=owner, capacity=2)
    for _n in range(items):
        event_services.rsvp(UserFactory(), event, "going")
        CommentFactory(content=event.content, author=owner)
    with django_assert_num_queries(14):
        assert client.get(event.content.get_absolute_url()).status_code == 200
    event_services.rsvp(UserFactory(), event, "going")  # full now (or one more waiting)
    assert event_services.rsvp(member, event, "going").answer == "waiting"
    with django_assert_num_queries(15):  # and one more for the member's place in the queue
        response = client.get(event.content.get_absolute_url())
    assert response.context["waiting_position"] == (1 if items == 1 else 3)


@pytest.mark.parametrize("items", [1, 3])
def test_event_page_of_a_repeating_event(client, django_assert_num_queries, member_in_group, items):
    """Dates, answers and comments: places per date and the member's answers cost one query each."""
    group, owner, member = member_in_group
    start = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    event = event_services.create_event(owner, space=group, title="Semanal", starts_at=start,
                                        ends_at=start + timedelta(hours=1), time_zone="Europe/Madrid",
                                        mode="in_person", capacity=2, recurrence=f"FREQ=WEEKLY;COUNT={items + 5}")
    dates = [when for when, _end in recurrence.next_occurrences(event, timezone.now(), limit=items)]
    for when in dates:
        event_services.rsvp(UserFactory(), event, "going", when)
        event_services.rsvp(member, event, "maybe", when)
        CommentFactory(content=event.content, author=owner)
    with django_assert_num_queries(15):
        assert client.get(event.content.get_absolute_url()).status_code == 200
    event_services.rsvp(UserFactory(), event, "going", dates[0])
    event_services.rsvp(member, event, "going", dates[0])  # full: waiting, number 1
    with django_assert_num_queries(16):  # and one more for the member's place in that date's queue
        assert client.get(event.content.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_attendee_list(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    event = EventFactory(content__space=group, content__author=owner)
    for _n in range(items):
        event_services.rsvp(UserFactory(), event, "going")
    client.force_login(owner)
    # Once per page, whatever the number of rows: whether the organiser has a confirmed address, which
    # decides whether details shown to members (the attendees' organisations) are shown to them.
    with django_assert_num_queries(7):
        assert client.get(reverse("events:attendees", args=[event.content.pk])).status_code == 200
