"""Password-reset and confirmation links are never stored: the tasks take ids and write the link
themselves, and a failed-task row staff can read holds no token."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from xarxa.accounts.tests.factories import PASSWORD, UserFactory
from xarxa.core.models import TaskFailure
from xarxa.core.tasks import redact_secrets
from xarxa.core.testing import FlakyEmailBackend, make_deferred_tasks_due, run_queued_tasks

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/accounts/(?:password/reset/key|confirm-email)/(\S+?)/")


@pytest.fixture
def database_tasks(settings):
    # Read the queue from the database backend, also where the suite runs with Redis (RQ keeps it there).
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}}


def stored_task_text():
    from django_tasks_db.models import DBTaskResult

    return " ".join(str(row) for row in DBTaskResult.objects.values_list("args_kwargs", "return_value",
                                                                          "exception_class_path", "traceback"))


def token_in(message):
    found = LINK.search(message.get_body(("plain",)).get_content())
    assert found, "the e-mail holds its link"
    return found.group(1)


def test_a_password_reset_link_is_in_the_mail_and_in_no_task_row(client, mailbox, database_tasks):
    UserFactory(email="ana@example.org")
    client.post(reverse("account_reset_password"), {"email": "ana@example.org"})
    assert "ana@example.org" not in stored_task_text()  # ids only, not even the address
    [message] = mailbox()
    token = token_in(message)
    assert token not in stored_task_text()
    link = LINK.search(message.get_body(("plain",)).get_content()).group(0)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    response = client.post(page.redirect_chain[-1][0], {"password1": "otra-clave-larga-99",
                                                        "password2": "otra-clave-larga-99"})
    assert response.status_code == 302  # the link built in the task works


def test_a_confirmation_link_is_in_the_mail_and_in_no_task_row(client, mailbox, database_tasks):
    client.post(reverse("account_signup"), {"email": "lucia@madrid.es", "username": "lucia",
                                            "full_name": "Lucía Fernández", "password1": PASSWORD,
                                            "password2": PASSWORD})
    [message] = mailbox()
    token = token_in(message)
    assert token not in stored_task_text()
    client.post(reverse("account_confirm_email", args=[token]))
    assert EmailAddress.objects.get(email="lucia@madrid.es").verified


def test_a_failed_reset_mail_leaves_a_row_without_the_link(client, settings, database_tasks):
    settings.XARXA_DELIVERY_EMAIL_BACKEND = "xarxa.core.testing.FlakyEmailBackend"
    FlakyEmailBackend.failures_left = 99
    UserFactory(email="ana@example.org")
    client.post(reverse("account_reset_password"), {"email": "ana@example.org"})
    for _attempt in range(6):
        run_queued_tasks()
        make_deferred_tasks_due()
    FlakyEmailBackend.failures_left = 0
    failure = TaskFailure.objects.get(task_path__endswith="send_password_reset")
    assert "reset/key" not in str(failure.arguments) + failure.error + failure.traceback
    assert "reset/key" not in stored_task_text()


def test_failed_task_rows_keep_no_token_of_any_other_mail():
    body = ("Join us: https://red.example.org/invitations/f3K9x2LmQ7vB8nR1tY6wZ0aS/ or unsubscribe at "
            "https://red.example.org/notifications/unsubscribe/WzEsImFiYyJd:1vXyZa:Qx8kT2mN5pL0rS7uV3wY/ "
            "— Ana (ana@example.org), 2026-12-06")
    redacted = redact_secrets({"args": [{"body": body, "to": ["ana@example.org"]}], "kwargs": {"attempt": 5}})
    text = redacted["args"][0]["body"]
    assert "f3K9x2LmQ7vB8nR1tY6wZ0aS" not in text and "Qx8kT2mN5pL0rS7uV3wY" not in text
    assert "invitations/[redacted]/" in text and "ana@example.org" in text and "2026-12-06" in text
    assert redacted["kwargs"] == {"attempt": 5}
