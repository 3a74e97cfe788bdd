"""Notification e-mails and digests, as background tasks retried with back-off (core.tasks.retrying)."""

from django_tasks import task

from xarxa.core.tasks import retrying


@task(queue_name="email")
def send_notification_email(notification_id: int, attempt: int = 1):
    """The e-mail for one notification whose kind the member wants at once."""
    from xarxa.notifications.mail import notification_email

    with retrying(send_notification_email, notification_id, attempt=attempt):
        notification_email(notification_id)


@task()
def notify_close_followers(content_id: int, attempt: int = 1):
    """Fan-out of one new post to the members who follow its group closely."""
    from xarxa.notifications.services import notify_space_followers

    with retrying(notify_close_followers, content_id, attempt=attempt):
        notify_space_followers(content_id)


@task()
def send_due_digests(frequency: str):
    """Queue one digest per member due one (a daily or weekly scheduler runs `manage.py send_digests`)."""
    from xarxa.notifications.mail import members_due_a_digest

    for user_id in members_due_a_digest(frequency):
        send_digest.enqueue(user_id)


@task(queue_name="email")
def send_digest(user_id: int, attempt: int = 1):
    from xarxa.notifications.mail import digest_email

    with retrying(send_digest, user_id, attempt=attempt):
        digest_email(user_id)


@task()
def notify_programme_change(version_id: int, attempt: int = 1):
    """Each change of a published congress programme, told to the session's speakers and starrers."""
    from xarxa.notifications.services import notify_programme_change as tell

    with retrying(notify_programme_change, version_id, attempt=attempt):
        tell(version_id)


@task(queue_name="email")
def send_event_reminder(user_id: int, event_id: int, start: str, attempt: int = 1):
    """One member's day-before reminder of one event date (events announce "events.reminder_due")."""
    from xarxa.notifications.services import remind_of_event

    with retrying(send_event_reminder, user_id, event_id, start, attempt=attempt):
        remind_of_event(user_id, event_id, start)
