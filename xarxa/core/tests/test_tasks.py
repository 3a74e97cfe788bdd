"""Background tasks run for real: on the database backend, and on RQ when REDIS_URL is set (CI)."""

import pytest
from django.core import mail
from django.utils import timezone

from xarxa.core.models import TaskFailure
from xarxa.core.tasks import MAX_ATTEMPTS, backoff_seconds
from xarxa.core.testing import (
    FlakyEmailBackend,
    keep_test_connection,
    make_deferred_tasks_due,
    run_queued_tasks,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky_mail(settings):
    settings.XARXA_DELIVERY_EMAIL_BACKEND = "xarxa.core.testing.FlakyEmailBackend"
    yield FlakyEmailBackend
    FlakyEmailBackend.failures_left = 0


def test_backoff_grows_and_is_capped():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff_seconds(20) == 3600


def test_a_failed_delivery_is_retried_later_and_then_delivered(flaky_mail, mailbox, settings):
    flaky_mail.failures_left = 2
    mail.send_mail("Recordatorio", "Mañana empieza el congreso.", None, ["ana@example.org"])
    run_queued_tasks()
    assert mailbox() == []  # failed once; the retry waits for its back-off delay
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.get(status="READY")
        delay = (waiting.run_after - timezone.now()).total_seconds()
        assert 20 < delay <= 30
        assert waiting.args_kwargs["kwargs"] == {"attempt": 2}
    make_deferred_tasks_due()
    run_queued_tasks()
    make_deferred_tasks_due()
    delivered = mailbox()
    assert [m["Subject"] for m in delivered] == ["Recordatorio"]
    assert not TaskFailure.objects.exists()


def test_a_task_that_keeps_failing_gives_up_and_is_shown_to_staff(flaky_mail, mailbox, client):
    from xarxa.accounts.tests.factories import UserFactory

    flaky_mail.failures_left = MAX_ATTEMPTS + 5
    mail.send_mail("Resumen semanal", "…", None, ["ana@example.org"])
    for _ in range(MAX_ATTEMPTS):
        run_queued_tasks()
        make_deferred_tasks_due()
    run_queued_tasks()
    assert mailbox() == []
    failure = TaskFailure.objects.get()
    assert failure.task_path == "xarxa.core.tasks.send_email"
    assert failure.attempts == MAX_ATTEMPTS
    assert "the mail server is down" in failure.error
    assert failure.arguments["args"][0]["subject"] == "Resumen semanal"

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/core/taskfailure/").content.decode()
    assert "xarxa.core.tasks.send_email" in page


def test_the_worker_command_delivers_queued_mail(settings):
    from pathlib import Path

    from django.core.management import call_command

    mail.send_mail("Bienvenida", "Hola", None, ["ana@example.org"])
    with keep_test_connection():
        call_command("worker", batch=True, no_fork=True)
    files = list(Path(settings.EMAIL_FILE_PATH).glob("*.eml"))
    assert len(files) == 1 and "Subject: Bienvenida" in files[0].read_text()
