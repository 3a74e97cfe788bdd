"""Event reminders reach attendees on the site too, through notify(), as each member chose. Events announce
"events.reminder_due"; each member's reminder is a background task of its own, retried when it fails."""

from datetime import timedelta

import pytest
from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import services as content_services
from xarxa.core.models import TaskFailure
from xarxa.core.testing import make_deferred_tasks_due, run_queued_tasks
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
    run_queued_tasks()
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
    assert event_services.send_due_reminders() == 2  # both are going; each is reminded as they chose
    assert reminders_of(site_only) == ["Jornada de datos abiertos"]
    assert reminders_of(silent) == []
    assert mailbox() == []


def test_a_reminder_that_fails_is_retried_and_sent_once(tomorrow_event, mailbox, monkeypatch):
    ana = going(tomorrow_event)
    calls = []

    def mail_server_down_once(user, event, start):
        calls.append(user.pk)
        if len(calls) == 1:
            raise ConnectionRefusedError("the mail server is down")
        real_mail(user, event, start)

    real_mail = event_services.mail_reminder
    monkeypatch.setattr(event_services, "mail_reminder", mail_server_down_once)
    assert event_services.send_due_reminders() == 1
    assert reminders_of(ana) == ["Jornada de datos abiertos"]  # the note came before the failure
    assert mailbox() == []
    make_deferred_tasks_due()
    assert reminders_of(ana) == ["Jornada de datos abiertos"]  # the retry does not note it twice
    assert [m["To"] for m in mailbox()] == [ana.email]
    assert calls == [ana.pk, ana.pk]
    assert not TaskFailure.objects.exists()


def test_a_reminder_that_keeps_failing_is_reported_to_staff(tomorrow_event, monkeypatch):
    going(tomorrow_event)

    def mail_server_down(user, event, start):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(event_services, "mail_reminder", mail_server_down)
    event_services.send_due_reminders()
    for _attempt in range(6):
        run_queued_tasks()
        make_deferred_tasks_due()
    failure = TaskFailure.objects.get(task_path__endswith="send_event_reminder")
    assert failure.attempts == 5 and "mail server is down" in failure.error


def test_an_event_hidden_before_its_reminder_runs_reminds_no_one(tomorrow_event, mailbox):
    ana = going(tomorrow_event)
    moderator = UserFactory(is_staff=True)
    assert event_services.send_due_reminders() == 1  # queued, not yet run
    content_services.hide_content(moderator, tomorrow_event.content, reason="spam")
    assert reminders_of(ana) == []
    assert mailbox() == []
