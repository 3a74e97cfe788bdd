"""The retention periods the privacy page states, applied (by `manage.py apply_privacy_retention`, daily)."""

from datetime import timedelta

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from xarxa.core.models import TaskFailure
from xarxa.privacy.services import delete_due_accounts, delete_expired_exports


def forget_old_task_records() -> int:
    """Finished background tasks and failure rows hold e-mails (addresses, names): keep them a while only."""
    before = timezone.now() - timedelta(days=settings.XARXA_TASK_RETENTION_DAYS)
    tasks, _per_model = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    failures, _per_model = TaskFailure.objects.filter(failed_at__lt=before).delete()
    return tasks + failures


def forget_old_sessions() -> int:
    """Expired sessions, and the devices list's rows for sessions that no longer exist."""
    Session.objects.filter(expire_date__lt=timezone.now()).delete()
    before = timezone.now() - timedelta(days=settings.XARXA_SESSION_RETENTION_DAYS)
    gone = 0
    for device in UserSession.objects.filter(last_seen_at__lt=before).iterator():
        gone += device.purge()
    return gone


def apply_retention() -> dict[str, int]:
    return {
        "accounts deleted": delete_due_accounts(),
        "exports removed": delete_expired_exports(),
        "task records removed": forget_old_task_records(),
        "devices forgotten": forget_old_sessions(),
    }
