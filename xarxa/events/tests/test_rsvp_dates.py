"""A repeating event is answered date by date: places, waiting list, reminders and calendar per date."""

import importlib
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar

from xarxa.accounts.tests.factories import UserFactory
from xarxa.events import recurrence, services
from xarxa.events.models import Event, Rsvp
from xarxa.events.tests.factories import MADRID, EventFactory, weekly

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")
migration = importlib.import_module("xarxa.events.migrations.0003_fill_rsvp_occurrence")


def dates_of(event):
    return [start for start, _end in recurrence.next_occurrences(event, timezone.now(), limit=10)]


def answers(event):
    return {(row.user.username, row.occurrence.astimezone(MADRID)): row.answer
            for row in Rsvp.objects.filter(event=event).select_related("user")}


def state():
    return (list(Rsvp.objects.order_by("pk").values_list("pk", "event_id", "occurrence", "user_id", "answer",
                                                         "waiting_since")),
            list(Event.objects.order_by("pk").values_list("pk", "going_count")))


def test_each_date_has_its_own_places_and_waiting_list(mailbox):
    ana, ben, cris, dan = (UserFactory(username=name) for name in ("ana", "ben", "cris", "dan"))
    event = weekly(timezone.now() + timedelta(days=2), capacity=1)
    a, b = dates_of(event)[:2]

    services.rsvp(ana, event, "going", a)
    assert services.rsvp(ben, event, "going", a).answer == "waiting"
    assert services.rsvp(ben, event, "going", b).answer == "going"  # A full does not block B
    assert services.rsvp(cris, event, "going", a).answer == "waiting"
    assert services.rsvp(dan, event, "going", b).answer == "waiting"
    assert services.going_counts(event, [a, b]) == {a: 1, b: 1}

    services.rsvp(ana, event, "not_going", a)  # frees A's place only
    assert answers(event) == {("ana", a): "not_going", ("ben", a): "going", ("cris", a): "waiting",
                              ("ben", b): "going", ("dan", b): "waiting"}
    mails = mailbox()
    assert [m["To"] for m in mails] == [ben.email]  # A's first in line, not B's
    assert event.content.title in mails[0]["Subject"]
    event.refresh_from_db()
    assert event.going_count == 1  # the most going to any date still ahead


def test_the_organiser_adds_places_and_each_date_promotes_its_own_queue(mailbox):
    organiser, ana, ben, cris = (UserFactory(username=n) for n in ("organiser", "ana", "ben", "cris"))
    event = weekly(timezone.now() + timedelta(days=2), capacity=1, content__author=organiser)
    a, b = dates_of(event)[:2]
    for user, when in ((ana, a), (ben, a), (cris, b), (ana, b)):
        services.rsvp(user, event, "going", when)
    services.edit_event(organiser, event, title=event.content.title, body="", starts_at=event.starts_at,
                        ends_at=event.ends_at, time_zone=event.time_zone, mode="in_person",
                        recurrence=event.recurrence, capacity=2)
    assert answers(event) == {("ana", a): "going", ("ben", a): "going", ("cris", b): "going", ("ana", b): "going"}
    assert sorted(m["To"] for m in mailbox()) == [ana.email, ben.email]


def test_a_date_not_in_the_series_or_already_over_is_refused_and_changes_nothing(client):
    member = UserFactory()
    event = weekly(timezone.now() - timedelta(days=8))  # the first two dates are over
    over, following = recurrence.occurrences(event, event.starts_at, event.starts_at + timedelta(hours=1))[0][0], \
        dates_of(event)[0]
    services.rsvp(member, event, "going", following)
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.rsvp(member, event, "going", following + timedelta(days=1))
    assert refused.value.messages == [gettext("This event does not take place on that date.")]
    for answer in ("going", "not_going"):
        with pytest.raises(ValidationError) as refused:
            services.rsvp(member, event, answer, over)
        assert refused.value.messages == [gettext("That date is over: choose one of the next dates.")]
    assert state() == before

    client.force_login(member)
    url = reverse("events:rsvp", args=[event.pk])
    for value in ((following + timedelta(hours=1)).isoformat(), "not a date", over.isoformat()):
        response = client.post(url, {"answer": "maybe", "occurrence": value}, follow=True)
        assert response.status_code == 200
    assert state() == before


def test_a_one_off_event_takes_only_its_own_start():
    event = EventFactory()
    member = UserFactory()
    with pytest.raises(ValidationError):
        services.rsvp(member, event, "going", event.starts_at + timedelta(days=7))
    assert not Rsvp.objects.exists()
    assert services.rsvp(member, event, "going").occurrence == event.starts_at


def test_without_a_date_the_answer_is_for_the_next_one_not_yet_ended():
    # Started two weeks and one hour ago: two dates are over; the third starts in 6 days 23 hours.
    event = weekly(timezone.now() - timedelta(days=14, hours=1))
    row = services.rsvp(UserFactory(), event, "going")
    assert row.occurrence == dates_of(event)[0] == event.starts_at + timedelta(days=14)
    # During a date (begun, not ended) the default is that date.
    running = weekly(timezone.now() - timedelta(hours=1))
    assert services.rsvp(UserFactory(), running, "going").occurrence == running.starts_at


def test_the_member_answers_a_date_from_the_event_page(client):
    member = UserFactory()
    event = weekly(timezone.now() + timedelta(days=2))
    b = dates_of(event)[1]
    client.force_login(member)
    client.post(reverse("events:rsvp", args=[event.pk]),
                {"answer": "maybe", "occurrence": b.astimezone(UTC).isoformat()})
    assert answers(event) == {(member.username, b): "maybe"}


def occurrence_items(html):
    return [" ".join(item.split()) for item in html.split('<li class="occurrence"')[1:]]


def test_the_event_page_shows_each_date_with_places_and_my_answer(client):
    member, other = UserFactory(), UserFactory()
    event = weekly(timezone.now() + timedelta(days=2), count=10, capacity=2)
    a, b = dates_of(event)[:2]
    services.rsvp(other, event, "going", a)
    services.rsvp(member, event, "going", a)
    services.rsvp(member, event, "maybe", b)
    client.force_login(member)
    items = occurrence_items(client.get(event.content.get_absolute_url()).content.decode())
    assert len(items) == 8
    for item, when in zip(items, dates_of(event)[:8], strict=True):
        assert f'datetime="{when.isoformat()}"' in item and f'value="{when.astimezone(UTC).isoformat()}"' in item
    assert "<strong>Completo</strong>" in items[0]
    assert f"{gettext('Your answer:')} <strong>{gettext('Going')}</strong>" in items[0]
    assert "Quedan 2 plazas" in items[1]
    assert f"{gettext('Your answer:')} <strong>{gettext('Maybe')}</strong>" in items[1]
    assert "Quedan 2 plazas" in items[2] and gettext("Your answer:") not in items[2]


def test_an_all_day_date_is_the_events_own_day_wherever_the_reader_is(client):
    from django.utils import translation
    from django.utils.formats import date_format

    auckland = ZoneInfo("Pacific/Auckland")
    day = (timezone.now() + timedelta(days=3)).astimezone(auckland).date()
    first = datetime(day.year, day.month, day.day, tzinfo=auckland)
    event = EventFactory(starts_at=first, ends_at=first + timedelta(days=1), all_day=True, time_zone="Pacific/Auckland",
                         recurrence="FREQ=WEEKLY;COUNT=3")
    event.series_ends_at = recurrence.series_end(event)
    event.save(update_fields=["series_ends_at"])
    reader = UserFactory(time_zone="America/Mexico_City")  # 17 or 19 hours behind: the day before
    client.force_login(reader)
    items = occurrence_items(client.get(event.content.get_absolute_url()).content.decode())
    with translation.override("es"):
        days = [date_format(first.date() + timedelta(weeks=week), "DATE_FORMAT") for week in range(3)]
        day_before = date_format(first.date() - timedelta(days=1), "DATE_FORMAT")
    assert len(items) == 3
    for item, expected in zip(items, days, strict=True):
        assert expected in item
    assert day_before not in items[0]


def test_a_waiting_member_sees_their_place_on_that_dates_list(client):
    first, second, member = UserFactory(), UserFactory(), UserFactory()
    event = weekly(timezone.now() + timedelta(days=2), capacity=1)
    b = dates_of(event)[1]
    for user in (first, second, member):
        services.rsvp(user, event, "going", b)
    client.force_login(member)
    items = occurrence_items(client.get(event.content.get_absolute_url()).content.decode())
    assert "número 2" in items[1] or "number 2" in items[1]
    assert "waiting" not in items[0] and gettext("Your answer:") not in items[0]


def test_the_organiser_sees_attendees_date_by_date(client):
    organiser, ana, ben = UserFactory(), UserFactory(profile__full_name="Ana Ruiz"), UserFactory(
        profile__full_name="Ben Alves")
    event = weekly(timezone.now() + timedelta(days=2), content__author=organiser)
    a, b = dates_of(event)[:2]
    services.rsvp(ana, event, "going", a)
    services.rsvp(ben, event, "going", b)
    client.force_login(ana)
    assert client.get(reverse("events:attendees", args=[event.pk])).status_code == 404
    client.force_login(organiser)
    html = client.get(reverse("events:attendees", args=[event.pk])).content.decode()
    sections = html.split("<section aria-labelledby=\"date-")[1:]
    assert len(sections) == 2
    assert f'datetime="{a.isoformat()}"' in sections[0] and "Ana Ruiz" in sections[0] and "Ben" not in sections[0]
    assert f'datetime="{b.isoformat()}"' in sections[1] and "Ben Alves" in sections[1] and "Ana" not in sections[1]


def test_reminders_go_to_those_going_to_the_date_that_is_due(mailbox):
    event = weekly(timezone.now() + timedelta(hours=20) - timedelta(days=7))  # the second date is tomorrow
    first, due, third = (event.starts_at + timedelta(days=7 * n) for n in range(3))
    ana, ben, cris, dora = (UserFactory() for _n in range(4))
    Rsvp.objects.create(event=event, user=ana, occurrence=due, answer="going")
    Rsvp.objects.create(event=event, user=ben, occurrence=first, answer="going")
    Rsvp.objects.create(event=event, user=cris, occurrence=third, answer="going")
    Rsvp.objects.create(event=event, user=dora, occurrence=due, answer="maybe")
    assert services.send_due_reminders() == 1
    assert [m["To"] for m in mailbox()] == [ana.email]
    assert services.send_due_reminders() == 0  # once per date
    event.refresh_from_db()
    assert event.reminder_sent_for == due


def summaries_and_starts(response):
    assert response.status_code == 200
    cal = Calendar.from_ical(response.content)
    return cal.walk("VEVENT")


def test_my_calendar_lists_exactly_the_dates_i_answered(client):
    member = UserFactory()
    event = weekly(timezone.now() + timedelta(days=2), content__title="Café semanal")
    one_off = EventFactory(content__title="Jornada")
    a, b, c = dates_of(event)[:3]
    services.rsvp(member, event, "going", a)
    services.rsvp(member, event, "not_going", b)
    services.rsvp(member, event, "going", c)
    services.rsvp(member, one_off, "going")
    services.rsvp(UserFactory(), event, "going", b)  # someone else's date
    url = reverse("events:my_calendar", args=[services.calendar_token_for(member).token])

    items = summaries_and_starts(client.get(url))
    series = [item for item in items if str(item["SUMMARY"]) == "Café semanal"]
    assert [item.decoded("DTSTART") for item in series] == [a, c]
    assert [item.decoded("DTEND") for item in series] == [a + timedelta(hours=2), c + timedelta(hours=2)]
    assert all("RRULE" not in item for item in series)
    uids = [str(item["UID"]) for item in series]
    assert len(set(uids)) == 2 and all(re.fullmatch(rf"event-{event.pk}-\d{{8}}T\d{{6}}Z@testserver", u) for u in uids)
    assert [str(i["UID"]) for i in summaries_and_starts(client.get(url)) if str(i["SUMMARY"]) == "Café semanal"] \
        == uids  # stable
    assert [str(item["SUMMARY"]) for item in items if str(item["SUMMARY"]) != "Café semanal"] == ["Jornada"]

    # The event's own file stays the series.
    [whole] = summaries_and_starts(client.get(reverse("events:ics", args=[event.pk])))
    assert whole["RRULE"]["COUNT"] == [6] and whole.decoded("DTSTART") == event.starts_at


def test_moving_an_event_moves_its_answers():
    organiser, member = UserFactory(), UserFactory()
    event = EventFactory(content__author=organiser)
    services.rsvp(member, event, "going")
    later = event.starts_at + timedelta(hours=3)
    services.edit_event(organiser, event, title=event.content.title, body="", starts_at=later,
                        ends_at=later + timedelta(hours=2), time_zone=event.time_zone, mode="in_person")
    assert list(Rsvp.objects.values_list("occurrence", flat=True)) == [later]
    assert services.rsvp(member, event, "going").pk == Rsvp.objects.get().pk


# The migration's mapping ---------------------------------------------------------------------------

def test_existing_answers_get_the_first_date_not_yet_ended_or_the_last():
    start = datetime(2030, 3, 5, 10, 0, tzinfo=MADRID)  # a Tuesday
    end = start + timedelta(hours=2)
    mapping = migration.occurrence_for_existing_rsvp
    rule = "FREQ=WEEKLY;COUNT=4"
    # A one-off event: its start, past or not.
    assert mapping(start, end, "Europe/Madrid", "", datetime(2031, 1, 1, tzinfo=UTC)) == start
    # Before the series: the first date.
    assert mapping(start, end, "Europe/Madrid", rule, datetime(2030, 1, 1, tzinfo=UTC)) == start
    # During the second date (begun, not ended): the second; just after it ended: the third.
    assert mapping(start, end, "Europe/Madrid", rule, datetime(2030, 3, 12, 11, 0, tzinfo=MADRID)) \
        == datetime(2030, 3, 12, 10, 0, tzinfo=MADRID)
    assert mapping(start, end, "Europe/Madrid", rule, datetime(2030, 3, 12, 12, 0, tzinfo=MADRID)) \
        == datetime(2030, 3, 19, 10, 0, tzinfo=MADRID)
    # After the change to summer time the wall-clock time stays 10:00.
    assert mapping(start, end, "Europe/Madrid", rule, datetime(2030, 3, 20, tzinfo=MADRID)) \
        == datetime(2030, 3, 26, 10, 0, tzinfo=MADRID)
    # Every date over: the last one.
    assert mapping(start, end, "Europe/Madrid", rule, datetime(2031, 1, 1, tzinfo=UTC)) \
        == datetime(2030, 3, 26, 10, 0, tzinfo=MADRID)
    # Without an end: the next one.
    assert mapping(start, end, "Europe/Madrid", "FREQ=MONTHLY", datetime(2031, 1, 1, tzinfo=UTC)) \
        == datetime(2031, 1, 5, 10, 0, tzinfo=MADRID)
