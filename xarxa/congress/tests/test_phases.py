from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from xarxa.congress import services
from xarxa.congress.models import Edition, Phase, PhaseChange
from xarxa.congress.tests.factories import MADRID, EditionFactory, at
from xarxa.core import events
from xarxa.core.testing import run_queued_tasks

pytestmark = pytest.mark.django_db


def edition_in_memory(**fields):
    values = {"starts_on": date(2031, 6, 10), "ends_on": date(2031, 6, 12), "time_zone": "Europe/Madrid",
              "call_opens_at": at(date(2031, 1, 15)), "vote_opens_at": at(date(2031, 3, 1)),
              "review_opens_at": at(date(2031, 4, 1)), "programme_at": at(date(2031, 5, 1))}
    values.update(fields)
    return Edition(**values)


@pytest.mark.parametrize(("moment", "phase"), [
    (at(date(2031, 1, 1)), Phase.ANNOUNCED),
    (at(date(2031, 1, 15)), Phase.CALL),  # a phase starts at its time exactly
    (at(date(2031, 2, 28), 23), Phase.CALL),
    (at(date(2031, 3, 2)), Phase.VOTE),
    (at(date(2031, 4, 20)), Phase.REVIEW),
    (at(date(2031, 5, 20)), Phase.PROGRAMME),
    (datetime(2031, 6, 10, 0, 0, tzinfo=MADRID), Phase.CONGRESS),  # midnight of the first day, local time
    (datetime(2031, 6, 12, 23, 59, tzinfo=MADRID), Phase.CONGRESS),
    (datetime(2031, 6, 13, 0, 0, tzinfo=MADRID), Phase.AFTERWARDS),
])
def test_the_phase_follows_the_dates(moment, phase):
    assert edition_in_memory().phase_at(moment) == phase


def test_the_congress_days_are_read_in_the_editions_time_zone():
    edition = edition_in_memory(time_zone="America/Sao_Paulo")
    # 10 June 01:00 in Madrid is still 9 June in São Paulo.
    assert edition.phase_at(datetime(2031, 6, 10, 1, 0, tzinfo=MADRID)) == Phase.PROGRAMME
    assert edition.phase_at(datetime(2031, 6, 10, 0, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))) == Phase.CONGRESS


def test_undated_phases_are_skipped():
    edition = edition_in_memory(vote_opens_at=None, review_opens_at=None)
    assert edition.phase_at(at(date(2031, 4, 20))) == Phase.CALL
    assert [phase for phase, _start in edition.dated_phases()] == [
        Phase.CALL, Phase.PROGRAMME, Phase.CONGRESS, Phase.AFTERWARDS]


def test_phase_ends_when_the_next_dated_one_starts():
    assert edition_in_memory().phase_ends_at(at(date(2031, 2, 1))) == at(date(2031, 3, 1))
    assert edition_in_memory().phase_ends_at(datetime(2031, 7, 1, tzinfo=MADRID)) is None


@pytest.mark.parametrize("fields", [
    {"vote_opens_at": at(date(2031, 1, 1))},  # the vote before the call
    {"ends_on": date(2031, 6, 9)},  # ends before it starts
    {"programme_at": at(date(2031, 6, 20))},  # programme after the congress
    {"time_zone": "Mars/Olympus"},
    {"languages": ["es", "xx"]},
])
def test_dates_out_of_order_and_unknown_values_are_refused(fields):
    with pytest.raises(ValidationError):
        edition_in_memory(**fields).full_clean(exclude=["space"])


def test_the_task_records_each_change_once_and_announces_it(django_capture_on_commit_callbacks):
    edition = EditionFactory()
    heard = []

    def listener(edition, phase, previous):
        heard.append((edition.pk, previous, phase))

    events.subscribe("congress.phase_changed", listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert services.record_phase_changes(now=at(date(2031, 3, 2))) == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert services.record_phase_changes(now=at(date(2031, 3, 3))) == 0
    finally:
        events._handlers["congress.phase_changed"].remove(listener)
    edition.refresh_from_db()
    assert edition.recorded_phase == Phase.VOTE
    assert list(PhaseChange.objects.values_list("previous", "phase")) == [(Phase.ANNOUNCED, Phase.VOTE)]
    assert heard == [(edition.pk, Phase.ANNOUNCED, Phase.VOTE)]


def test_editions_that_are_over_are_left_alone():
    EditionFactory(recorded_phase=Phase.AFTERWARDS)
    assert services.record_phase_changes(now=at(date(2031, 3, 2))) == 0
    assert not PhaseChange.objects.exists()


def test_saving_the_dates_schedules_the_task_at_each_start_to_come(django_capture_on_commit_callbacks, settings):
    from django_tasks_db.models import DBTaskResult

    # Read the queue from the database backend, also where the suite runs with Redis (RQ keeps it there).
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}}

    from xarxa.accounts.tests.factories import UserFactory

    organiser = UserFactory()
    soon = datetime.now(tz=MADRID) + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        edition = services.create_edition(organiser, name="Congreso 2040", starts_on=soon.date() + timedelta(days=60),
                                          ends_on=soon.date() + timedelta(days=61), call_opens_at=soon,
                                          vote_opens_at=soon + timedelta(days=10))
    assert edition.space.memberships.get().user == organiser
    queued = DBTaskResult.objects.filter(task_path="xarxa.congress.tasks.record_phase_changes")
    assert queued.count() == 4  # call, vote, congress, afterwards
    assert min(queued.values_list("run_after", flat=True)) == soon


def test_the_queued_task_records_the_phase_when_it_runs(django_capture_on_commit_callbacks):
    from xarxa.accounts.tests.factories import UserFactory

    yesterday = datetime.now(tz=MADRID) - timedelta(days=1)
    today = yesterday.date() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        edition = services.create_edition(UserFactory(), name="Congreso", starts_on=today + timedelta(days=30),
                                          ends_on=today + timedelta(days=30))
        edition.recorded_phase = Phase.ANNOUNCED  # as if created before the call opened
        edition.save()
        services.update_edition(edition.space.memberships.get().user, edition, call_opens_at=yesterday)
    from xarxa.congress.tasks import record_phase_changes

    record_phase_changes.enqueue()
    run_queued_tasks()
    edition.refresh_from_db()
    assert edition.recorded_phase == Phase.CALL


def test_the_command_is_the_cron_safety_net(capsys):
    EditionFactory(call_opens_at=at(date(2020, 1, 1)), vote_opens_at=None, review_opens_at=None, programme_at=None)
    call_command("record_congress_phases")
    assert "1 phase change(s) recorded" in capsys.readouterr().out
