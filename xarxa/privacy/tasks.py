"""Background work for members' data: building an export, deleting the accounts whose grace period is over.

Deletions are enqueued to run when their grace period ends (django-tasks `run_after`); `manage.py
apply_privacy_retention`, run daily from cron, catches a lost task and applies the retention periods.
"""

from django_tasks import task

from xarxa.core.tasks import retrying


@task(queue_name="default")
def build_data_export(export_id: int, attempt: int = 1):
    from xarxa.privacy.services import build_export

    with retrying(build_data_export, export_id, attempt=attempt):
        build_export(export_id)


@task(queue_name="default")
def delete_due_accounts():
    from xarxa.privacy.services import delete_due_accounts as run

    return run()
