"""The e-mails that carry a secret link (password reset, address confirmation), built inside the task.

Task arguments are stored in plain text (the database backend's rows, RQ's jobs) and a task that gives up
leaves a TaskFailure row staff can read. So these tasks take ids only; the link is made when the mail is
written and delivered at once, never queued as a serialised message holding it.
"""

from django_tasks import task

from xarxa.core.tasks import retrying


@task(queue_name="email")
def send_password_reset(user_id: int, address_id: int | None = None, attempt: int = 1):
    from xarxa.accounts.account_mail import password_reset_mail

    with retrying(send_password_reset, user_id, address_id, attempt=attempt):
        password_reset_mail(user_id, address_id)


@task(queue_name="email")
def send_address_confirmation(address_id: int, signup: bool = False, attempt: int = 1):
    from xarxa.accounts.account_mail import confirmation_mail

    with retrying(send_address_confirmation, address_id, signup, attempt=attempt):
        confirmation_mail(address_id, signup)
