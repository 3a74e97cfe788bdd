"""Background work for events: the reminder e-mail the day before.

How it is scheduled: every event, when created or moved, enqueues `send_event_reminders` to run a day
before it starts (django-tasks `run_after`, honoured by `manage.py db_worker` and by RQ workers).
The task sends every reminder that is due, once per occurrence (Event.reminder_sent_for), so a
repeating event and a lost task are covered by running `manage.py send_event_reminders` hourly
from cron as well.
"""

from django_tasks import task


@task(queue_name="default")
def send_event_reminders():
    from xarxa.events.services import send_due_reminders

    return send_due_reminders()
