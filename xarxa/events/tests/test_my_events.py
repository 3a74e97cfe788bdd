"""A member's "My events" page: a repeating event shows each upcoming date they answered, with that answer."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from xarxa.accounts.tests.factories import UserFactory
from xarxa.events import recurrence, services
from xarxa.events.models import Rsvp
from xarxa.events.tests.factories import EventFactory, RsvpFactory, weekly

pytestmark = pytest.mark.django_db
TIME = re.compile(r"<time datetime=[^>]*>.*?</time>")


def every_date(event):
    return [start for start, _end in recurrence.occurrences(event, event.starts_at, event.series_ends_at)]


def rows(client):
    html = client.get(reverse("events:mine")).content.decode()
    return [" ".join(row.split()) for row in html.split('<li class="item-row event-row">')[1:]]


def page_times(client, event):
    """The dates as the event page writes them (its <time> elements, after the event's own "When")."""
    html = client.get(event.content.get_absolute_url()).content.decode()
    return [" ".join(time.split()) for time in TIME.findall(html.split('<ul class="occurrences">')[1])]


def answer_text(answer):
    return f"{gettext('Your answer:')} <strong>{gettext(answer)}</strong>"


def test_each_date_answered_is_a_row_with_its_answer_and_place_on_the_waiting_list(client):
    member, first, second = UserFactory(), UserFactory(), UserFactory()
    event = weekly(timezone.now() + timedelta(days=2), capacity=2, content__title="Taller semanal")
    a, b, c, d, e = every_date(event)[:5]
    services.rsvp(member, event, "going", a)
    services.rsvp(member, event, "going", b)
    services.rsvp(first, event, "going", c)
    services.rsvp(second, event, "going", c)
    assert services.rsvp(member, event, "going", c).answer == "waiting"
    services.rsvp(first, event, "maybe", d)  # another member's answers never show on mine
    services.rsvp(member, event, "not_going", e)  # and "not going" stays hidden, as for one-off events
    client.force_login(member)

    listed = rows(client)
    assert len(listed) == 3
    times = page_times(client, event)
    for row, when, time in zip(listed, (a, b, c), times[:3], strict=True):
        assert f'href="{event.content.get_absolute_url()}"' in row and "Taller semanal" in row
        assert f'datetime="{when.isoformat()}"' in row
        assert time in row  # written exactly as on the event page
    assert answer_text("Going") in listed[0] and answer_text("Going") in listed[1]
    assert ("número 1" in listed[2] or "number 1" in listed[2]) and gettext("Your answer:") not in listed[2]
    assert not any(f'datetime="{when.isoformat()}"' in row for row in listed for when in (d, e))

    client.force_login(first)
    theirs = rows(client)
    assert len(theirs) == 2 and answer_text("Going") in theirs[0] and answer_text("Maybe") in theirs[1]
    assert f'datetime="{c.isoformat()}"' in theirs[0] and f'datetime="{d.isoformat()}"' in theirs[1]


def test_dates_and_one_off_events_are_listed_soonest_first(client):
    member = UserFactory()
    event = weekly(timezone.now() + timedelta(days=1))
    a, b = every_date(event)[:2]
    one_off = EventFactory(content__title="Jornada única")  # next week, between the two dates
    services.rsvp(member, event, "maybe", b)
    services.rsvp(member, event, "going", a)
    services.rsvp(member, one_off, "going")
    client.force_login(member)

    listed = rows(client)
    assert [row.count("Jornada única") for row in listed] == [0, 1, 0]
    assert answer_text("Going") in listed[0] and answer_text("Maybe") in listed[2]
    assert gettext("Your answer:") not in listed[1]  # a one-off event: as before, its answer for screen readers
    assert f'<li class="visually-hidden">{gettext("Going")}</li>' in client.get(reverse("events:mine")).content.decode()


def test_a_date_that_is_over_leaves_the_list_as_a_past_event_does(client):
    """The page lists what is ahead only (past events are not on it): a date over goes the same way, a date
    under way stays, and a series whose answered dates are all over is not listed."""
    member = UserFactory()
    now = timezone.now()
    event = weekly(now - timedelta(days=7, hours=1))  # the second date began an hour ago and ends in one
    over, under_way, ahead = every_date(event)[:3]
    gone = weekly(now - timedelta(days=7), content__title="Serie pasada")
    past_one_off = EventFactory(starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3, hours=-2),
                                series_ends_at=now - timedelta(days=3, hours=-2), content__title="Ya pasó")
    for answered, when in ((event, over), (event, under_way), (event, ahead), (gone, gone.starts_at),
                           (past_one_off, past_one_off.starts_at)):
        RsvpFactory(event=answered, user=member, occurrence=when, answer="going")
    client.force_login(member)

    listed = rows(client)
    assert len(listed) == 2
    assert f'datetime="{under_way.isoformat()}"' in listed[0] and f'datetime="{ahead.isoformat()}"' in listed[1]
    assert not any("Serie pasada" in row or "Ya pasó" in row for row in listed)


def test_dates_follow_the_readers_time_zone_like_the_event_page(client):
    member = UserFactory(time_zone="America/Mexico_City")
    event = weekly(timezone.now() + timedelta(days=2))
    when = every_date(event)[1]
    services.rsvp(member, event, "going", when)
    client.force_login(member)

    [row] = rows(client)
    [time] = [time for time in page_times(client, event) if when.astimezone(ZoneInfo("America/Mexico_City")).isoformat()
              in time]
    assert time in row


def test_a_one_off_event_shows_the_answer_for_its_date_not_one_kept_from_a_former_series(client):
    """An event that stopped repeating keeps the answers for its dates that are over, as history: the list
    and the places count only the answer for the date it has now."""
    member, other = UserFactory(), UserFactory()
    event = EventFactory(content__title="Ya no se repite")
    RsvpFactory(event=event, user=member, occurrence=event.starts_at - timedelta(days=14), answer="going")
    RsvpFactory(event=event, user=member, answer="maybe")
    client.force_login(member)

    [row] = rows(client)
    hidden_answer = '<li class="visually-hidden">{}</li>'  # a one-off event's answer, as mine.html writes it
    assert hidden_answer.format(Rsvp.Answer.MAYBE.label) in row
    assert hidden_answer.format(Rsvp.Answer.GOING.label) not in row
    services.rsvp(other, event, "going")
    event.refresh_from_db()
    assert event.going_count == 1
