from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a background-task worker for the configured backend (database, or RQ when REDIS_URL is set)."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="append", dest="queues",
                            help="a queue to take tasks from (repeat it); all queues by default")
        parser.add_argument("--batch", action="store_true", help="run what is due, then stop")
        parser.add_argument("--no-fork", action="store_true",
                            help="RQ only: run each job inside the worker process (debugging, tests)")

    def handle(self, *args, queues=None, batch=False, no_fork=False, **options):
        queues = queues or settings.TASK_QUEUES
        backend = settings.TASKS["default"]["BACKEND"]
        if backend == "django_tasks_rq.RQBackend":
            # django-tasks' own Job class: the default one cannot run a Task object.
            worker_class = "rq.worker.SimpleWorker" if no_fork else "rq.worker.Worker"
            call_command("rqworker", *queues, burst=batch, with_scheduler=True,
                         job_class="django_tasks_rq.backend.Job", worker_class=worker_class)
        else:
            call_command("db_worker", queue_name=",".join(queues), batch=batch, startup_delay=False)
