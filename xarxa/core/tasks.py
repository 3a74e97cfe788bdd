"""Background work through Django's tasks API (the django-tasks backport).

The database backend runs it in the embedded pilot, the RQ backend on Redis at
scale; the code is the same. A task whose work can fail for a passing reason
(a mail server down, a timeout) wraps its body in `retrying`: a failure is tried
again later with exponential back-off, and when the task gives up a TaskFailure
row shows staff what was lost. Nothing fails silently.
"""

import logging
import re
import traceback
from contextlib import contextmanager
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_DELAY_SECONDS = 30
LONGEST_DELAY_SECONDS = 3600


def backoff_seconds(attempt: int) -> int:
    """30 s after the first failure, then 60, 120, 240… never more than an hour."""
    return min(FIRST_DELAY_SECONDS * 2 ** (attempt - 1), LONGEST_DELAY_SECONDS)


@contextmanager
def retrying(task_obj, *args, attempt: int, max_attempts: int = MAX_ATTEMPTS, **kwargs):
    """Run the block; on failure enqueue `task_obj(*args, attempt=attempt + 1, **kwargs)` later, or give up."""
    try:
        yield
    except Exception as error:
        if attempt < max_attempts:
            delay = backoff_seconds(attempt)
            logger.warning("%s failed (attempt %d of %d), retrying in %d s: %r",
                           task_obj.module_path, attempt, max_attempts, delay, error)
            later = task_obj.using(run_after=timezone.now() + timedelta(seconds=delay))
            later.enqueue(*args, attempt=attempt + 1, **kwargs)
            return
        record_failure(task_obj.module_path, {"args": list(args), "kwargs": kwargs}, attempt, error)
        raise


# What a secret looks like inside a mail or a link: a long run of letters, digits and the signers' separators
# holding at least one digit and one letter (tokens, signed values, keys). Words and addresses do not match.
SECRET = re.compile(r"(?<![A-Za-z0-9_\-:])(?=[A-Za-z0-9_\-:]*\d)(?=[A-Za-z0-9_\-:]*[A-Za-z])[A-Za-z0-9_\-:]{20,}")
REDACTED = "[redacted]"


def redact_secrets(value):
    """`value` (strings, lists and dicts inside) with every token-like string replaced: what staff read in a
    failed-task row is enough to see what was lost, never a link that would open someone's account."""
    if isinstance(value, str):
        return SECRET.sub(REDACTED, value)
    if isinstance(value, dict):
        return {key: redact_secrets(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_secrets(item) for item in value]
    return value


def record_failure(task_path: str, arguments: dict, attempts: int, error: BaseException):
    from xarxa.core.models import TaskFailure

    logger.error("%s gave up after %d attempts: %r", task_path, attempts, error)
    TaskFailure.objects.create(
        task_path=task_path, arguments=redact_secrets(arguments), attempts=attempts,
        error=redact_secrets(repr(error))[:2000],
        traceback=redact_secrets("".join(traceback.format_exception(error)))[-8000:],
    )


@task(queue_name="email")
def send_email(message: dict, attempt: int = 1):
    """Deliver one e-mail (serialised by xarxa.core.mail) through the delivery backend."""
    from xarxa.core.mail import deliver

    with retrying(send_email, message, attempt=attempt):
        deliver(message)
