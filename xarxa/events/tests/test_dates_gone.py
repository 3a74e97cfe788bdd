"""The organiser edits a series so some dates no longer exist: answers for those dates still ahead go, and the
members who had answered are told once each; dates that are over keep their answers as history."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext
from icalendar import Calendar

from xarxa.accounts.tests.factories import UserFactory
from xarxa.events import services
from xarxa.events.forms import DATETIME_LOCAL, EventForm
from xarxa.events.models import Rsvp
from xarxa.events.tests.factories import weekly
from xarxa.events.tests.test_rsvp_dates import state

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo("Europe/Madrid")
TOLD = ("%(count)d member was told by e-mail that a date they had answered for no longer takes place.",
        "%(count)d members were told by e-mail that a date they had answered for no longer takes place.")


def edit_data(event, **overrides):
    """The edit form as the organiser finds it, with `overrides` typed in."""
    data = {key: value for key, value in EventForm.initial_for(event).items() if value is not None}
    data.pop("language")
    for name in ("starts_at", "ends_at"):
        data[name] = data[name].strftime(DATETIME_LOCAL)
    data.update(overrides)
    return data


def when_in(user, start):
    """A date as the e-mails write it, in the member's language."""
    with translation.override(user.language):
        return formats.date_format(start.astimezone(MADRID), "DATETIME_FORMAT")


def body_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def my_feed_starts(client, user, event):
    response = client.get(reverse("events:my_calendar", args=[services.calendar_token_for(user).token]))
    assert response.status_code == 200
    items = Calendar.from_ical(response.content).walk("VEVENT")
    return [item.decoded("DTSTART") for item in items if str(item["SUMMARY"]) == event.content.title]


def make_series(organiser):
    """Weekly, 6 dates, 3 places: the first two are over (8 days and 1 day ago), the other four ahead."""
    event = weekly(timezone.now() - timedelta(days=8), count=6, capacity=3, content__author=organiser,
                   content__title="Café de innovación")
    starts = [event.starts_at.astimezone(MADRID) + timedelta(weeks=n) for n in range(6)]
    return event, starts


def test_fewer_repetitions_remove_the_answers_for_the_lost_dates_and_tell_each_member_once(client, mailbox):
    organiser = UserFactory()
    names = ("ana", "ben", "cris", "ivan", "hugo", "dora", "dan", "eva", "fred")
    ana, ben, cris, ivan, hugo, dora, dan, eva, fred = (UserFactory(username=name) for name in names)
    ana.language, ben.language = "en", "pt"
    ana.save(update_fields=["language"])
    ben.save(update_fields=["language"])
    event, (d1, d2, d3, d4, d5, d6) = make_series(organiser)
    Rsvp.objects.create(event=event, user=fred, occurrence=d1, answer="going")  # over: history
    for user, answer, when in ((ana, "going", d3), (eva, "going", d3), (ana, "going", d4), (ana, "going", d5),
                               (dora, "maybe", d5), (dan, "not_going", d4), (ben, "going", d6),
                               (cris, "going", d6), (ivan, "going", d6), (hugo, "going", d6)):
        services.rsvp(user, event, answer, when)
    assert Rsvp.objects.get(user=hugo).answer == "waiting"
    event.refresh_from_db()
    assert event.going_count == 3
    assert my_feed_starts(client, ana, event) == [d3, d4, d5]

    client.force_login(organiser)
    response = client.post(reverse("events:edit", args=[event.pk]), edit_data(event, repeat_count="3"), follow=True)

    assert response.status_code == 200
    assert {(row.user.username, row.occurrence, row.answer) for row in Rsvp.objects.select_related("user")} == {
        ("fred", d1, "going"), ("ana", d3, "going"), ("eva", d3, "going")}
    event.refresh_from_db()
    assert event.recurrence == "FREQ=WEEKLY;COUNT=3"
    assert event.going_count == 2
    page = response.content.decode()
    assert gettext("The event has been saved.") in page
    assert ngettext(*TOLD, 6) % {"count": 6} in page

    mails = mailbox()
    assert sorted(m["To"] for m in mails) == sorted(u.email for u in (ana, ben, cris, ivan, hugo, dora))
    by_member = {m["To"]: m for m in mails}
    lost = {ana: [d4, d5], ben: [d6], cris: [d6], ivan: [d6], hugo: [d6], dora: [d5]}
    for user, dates in lost.items():
        message = by_member[user.email]
        assert event.content.title in message["Subject"]
        body = body_of(message)
        assert event.content.title in body and event.content.get_absolute_url() in body
        for when in (d3, d4, d5, d6):
            assert (when_in(user, when) in body) == (when in dates), (user.username, when)

    # Ana's calendar keeps her remaining date and loses the two that will not happen.
    assert my_feed_starts(client, ana, event) == [d3]
    assert my_feed_starts(client, ben, event) == []


def test_a_new_rule_keeps_answers_for_dates_that_are_over_and_drops_the_lost_ones_ahead(mailbox):
    organiser, past, ahead, withdrawn = (UserFactory() for _n in range(4))
    event, (_d1, d2, d3, _d4, d5, _d6) = make_series(organiser)
    Rsvp.objects.create(event=event, user=past, occurrence=d2, answer="going")  # over, and not a monthly date
    services.rsvp(ahead, event, "going", d3)
    services.rsvp(withdrawn, event, "not_going", d5)

    services.edit_event(organiser, event, title=event.content.title, body="", starts_at=event.starts_at,
                        ends_at=event.ends_at, time_zone=event.time_zone, mode="in_person", capacity=3,
                        recurrence="FREQ=MONTHLY;COUNT=3")

    assert event.members_told_of_dates_gone == 1
    assert list(Rsvp.objects.values_list("user_id", "occurrence", "answer")) == [(past.pk, d2, "going")]
    assert [m["To"] for m in mailbox()] == [ahead.email]  # "not going" goes silently
    event.refresh_from_db()
    assert event.going_count == 0


def test_a_save_that_keeps_every_date_removes_nothing_and_tells_nobody(client, mailbox):
    organiser, ana, ben = UserFactory(), UserFactory(), UserFactory()
    event, (_d1, _d2, d3, d4, _d5, d6) = make_series(organiser)
    services.rsvp(ana, event, "going", d3)
    services.rsvp(ana, event, "maybe", d6)
    services.rsvp(ben, event, "not_going", d4)
    before = state()
    client.force_login(organiser)
    response = client.post(reverse("events:edit", args=[event.pk]),
                           edit_data(event, title="Café de innovación pública", venue="Sala 2"), follow=True)
    assert response.status_code == 200
    assert gettext("The event has been saved.") in response.content.decode()
    assert ngettext(*TOLD, 1) % {"count": 1} not in response.content.decode()
    assert state() == before
    assert mailbox() == []
    # Moving the whole series an hour later moves the answers with it: no date is lost either.
    services.edit_event(organiser, event, title=event.content.title, body="", starts_at=event.starts_at +
                        timedelta(hours=1), ends_at=event.ends_at + timedelta(hours=1), time_zone=event.time_zone,
                        mode="in_person", capacity=3, recurrence=event.recurrence)
    assert event.members_told_of_dates_gone == 0
    assert Rsvp.objects.count() == 3
    assert mailbox() == []


def test_bad_input_with_fewer_repetitions_changes_nothing(client, mailbox):
    organiser, ana = UserFactory(), UserFactory()
    event, (_d1, _d2, _d3, _d4, d5, _d6) = make_series(organiser)
    services.rsvp(ana, event, "going", d5)
    before = state()
    client.force_login(organiser)
    data = edit_data(event, repeat_count="3")
    data["ends_at"] = (event.local_start - timedelta(hours=1)).strftime(DATETIME_LOCAL)
    response = client.post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 400
    assert gettext("The end must be after the start.") in response.content.decode()
    assert state() == before
    event.refresh_from_db()
    assert event.recurrence == "FREQ=WEEKLY;COUNT=6"
    assert mailbox() == []


def test_fewer_places_count_only_the_dates_that_remain(client, mailbox):
    """Dropping the busiest date and lowering the places in one save is accepted; lowering them below a
    date that remains is refused and changes nothing."""
    organiser = UserFactory()
    event, (_d1, _d2, d3, _d4, _d5, d6) = make_series(organiser)
    for user in (UserFactory(), UserFactory(), UserFactory()):  # the last date is full
        services.rsvp(user, event, "going", d6)
    services.rsvp(UserFactory(), event, "going", d3)
    services.rsvp(UserFactory(), event, "going", d3)
    client.force_login(organiser)

    before = state()
    response = client.post(reverse("events:edit", args=[event.pk]), edit_data(event, repeat_count="3", capacity="1"))
    assert response.status_code == 400
    assert gettext("%(going)d people are already going: the places cannot be fewer than that.") % {"going": 2} \
        in response.content.decode()
    assert state() == before and mailbox() == []

    response = client.post(reverse("events:edit", args=[event.pk]), edit_data(event, repeat_count="3", capacity="2"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.capacity, event.going_count) == (2, 2)
    assert not Rsvp.objects.filter(event=event, occurrence=d6).exists()
    assert len(mailbox()) == 3  # the three who were going on the last date
