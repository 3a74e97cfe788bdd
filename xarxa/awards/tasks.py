"""Background work for the awards: the vote's confirmation e-mails and the fraud signals.

Tasks take ids only: (member id, category id) for a confirmation, never the nominee, so nothing in the task
queue links a member to their choice. Both are retried with back-off (core.tasks.retrying) and, when they give
up, leave a TaskFailure row for staff.
"""

from django_tasks import task

from xarxa.core.tasks import retrying


@task(queue_name="email")
def send_vote_confirmation(user_id, category_id, attempt: int = 1):
    from xarxa.awards.voting import send_confirmation

    with retrying(send_vote_confirmation, user_id, category_id, attempt=attempt):
        return send_confirmation(user_id, category_id)


@task(queue_name="default")
def compute_fraud_signals(category_id, attempt: int = 1):
    from xarxa.awards.fraud import compute_signals

    with retrying(compute_fraud_signals, category_id, attempt=attempt):
        return compute_signals(category_id)
