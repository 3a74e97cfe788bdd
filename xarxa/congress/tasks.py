"""Background work for the congress: recording each phase as it starts.

How it is scheduled: whenever an edition's dates are saved, `record_phase_changes` is enqueued to run
at each phase start still to come (django-tasks `run_after`, honoured by `manage.py db_worker` and by
RQ workers). The task records every change that is due, so a moved date or a lost task is covered by
the next run; `manage.py record_congress_phases` runs it from cron (hourly) as a safety net.
"""

from django_tasks import task


@task(queue_name="default")
def record_phase_changes():
    from xarxa.congress.services import record_phase_changes as record

    return record()


@task(queue_name="default")
def send_decision(record_id):
    """Tell a proposal's speakers the organisers' decision (by the record's id; sent once)."""
    from xarxa.congress.review import send_decision as send

    return send(record_id)


@task(queue_name="email")
def send_ticket(registration_id: int, attempt: int = 1):
    """Mail a confirmed member their ticket (QR code and calendar file), built here from the id: the task
    row holds no code and no link."""
    from xarxa.congress.tickets import send_ticket as send
    from xarxa.core.tasks import retrying

    with retrying(send_ticket, registration_id, attempt=attempt):
        send(registration_id)
