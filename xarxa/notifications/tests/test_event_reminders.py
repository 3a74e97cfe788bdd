"""Event reminders reach attendees on the site too, through notify(), as each member chose."""

from datetime import timedelta

import pytest
from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.events import services as event_services
from xarxa.events.tests.factories import EventFactory
from xarxa.notifications.models import Channel, Kind, Notification, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def tomorrow_event():
    soon = timezone.now() + timedelta(hours=20)
    return EventFactory(content__title="Jornada de datos abiertos", starts_at=soon, ends_at=soon + timedelta(hours=1),
                        series_ends_at=soon + timedelta(hours=1))


def reminders_of(user):
    return list(Notification.objects.filter(recipient=user, kind=Kind.EVENT_REMINDER)
                .values_list("content__title", flat=True))


def going(event, channel=None):
    member = UserFactory()
    if channel is not None:
        Preference.objects.create(user=member, kind=Kind.EVENT_REMINDER, channel=channel)
    event_services.rsvp(member, event, "going")
    return member


def test_attendees_get_the_reminder_on_the_site_and_by_email_once(tomorrow_event, mailbox):
    ana = going(tomorrow_event)
    maybe = UserFactory()
    event_services.rsvp(maybe, tomorrow_event, "maybe")
    assert event_services.send_due_reminders() == 1
    assert reminders_of(ana) == ["Jornada de datos abiertos"]
    assert reminders_of(maybe) == []
    assert event_services.send_due_reminders() == 0  # once per occurrence, on the site too
    assert reminders_of(ana) == ["Jornada de datos abiertos"]
    assert [m["To"] for m in mailbox()] == [ana.email]


def test_choosing_email_at_once_sends_one_email_not_two(tomorrow_event, mailbox,
                                                         django_capture_on_commit_callbacks):
    ana = going(tomorrow_event, Channel.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.send_due_reminders()
    assert reminders_of(ana) == ["Jornada de datos abiertos"]
    assert [m["To"] for m in mailbox()] == [ana.email]


def test_on_the_site_only_and_off_are_respected(tomorrow_event, mailbox):
    site_only = going(tomorrow_event, Channel.IN_APP)
    silent = going(tomorrow_event, Channel.OFF)
    assert event_services.send_due_reminders() == 0
    assert reminders_of(site_only) == ["Jornada de datos abiertos"]
    assert reminders_of(silent) == []
    assert mailbox() == []
