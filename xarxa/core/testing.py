"""Helpers for tests that need background tasks to really run (not mocked)."""

from django.conf import settings


def keep_test_connection():
    """The database worker drops connections between tasks, as a long-lived process should;
    inside a test transaction that would close the test's own connection, so keep it open."""
    from unittest import mock

    return mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections")


def run_queued_tasks() -> None:
    """Run every task that is due, in this process, on whichever backend is configured."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.management.commands.db_worker import Worker

        with keep_test_connection():
            Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                   max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()
    elif backend == "django_tasks_rq.RQBackend":
        import django_rq
        from django_tasks_rq.backend import Job
        from rq import SimpleWorker

        queues = [django_rq.get_queue(name, job_class=Job) for name in settings.TASK_QUEUES]
        SimpleWorker(queues, connection=queues[0].connection, job_class=Job).work(burst=True)
    else:
        raise AssertionError(f"no test worker for {backend}")


def make_deferred_tasks_due() -> None:
    """Pretend the back-off delay has passed: every task waiting for later becomes due now."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == "django_tasks_db.DatabaseBackend":
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    else:
        import django_rq
        from django_tasks_rq.backend import Job

        for name in settings.TASK_QUEUES:
            queue = django_rq.get_queue(name, job_class=Job)
            registry = queue.scheduled_job_registry
            for job_id in registry.get_job_ids():
                registry.remove(job_id)
                queue.enqueue_job(queue.fetch_job(job_id))


class FlakyEmailBackend:
    """A delivery backend that fails `failures_left` times, then delivers as .eml files."""

    failures_left = 0

    def __init__(self, *args, **kwargs):
        from xarxa.core.mail import EmlFileBackend

        self.real = EmlFileBackend(*args, **kwargs)

    def send_messages(self, messages):
        if FlakyEmailBackend.failures_left > 0:
            FlakyEmailBackend.failures_left -= 1
            raise ConnectionRefusedError("the mail server is down")
        return self.real.send_messages(messages)


def events_at_commit():
    """Inside a test's transaction nothing commits, so after-commit events would never reach their
    subscribers: run each handler when it is announced instead (transactional tests, which really
    commit, keep the real behaviour). Used as an autouse fixture in conftest.py."""
    from unittest import mock

    from xarxa.core import events

    return mock.patch.object(events, "_defer", lambda callback: callback())
