"""One real SMTP conversation: a local aiosmtpd server receives the digest over the wire."""

import socket

import pytest

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import services as content_services
from xarxa.core.testing import run_queued_tasks
from xarxa.debates.services import publish_debate
from xarxa.notifications.models import DigestSubscription
from xarxa.notifications.tasks import send_due_digests

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as MessageHandler

    received = []

    class Collect(MessageHandler):
        def handle_message(self, message):
            received.append(message)

    controller = Controller(Collect(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, received
    controller.stop()


def test_the_digest_travels_over_smtp(settings, smtp_server):
    controller, received = smtp_server
    settings.XARXA_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    ana = UserFactory(username="ana", language="es")
    DigestSubscription.objects.create(user=ana, frequency="weekly")
    debate = publish_debate(ana, title="Interoperabilidad")
    content_services.add_comment(UserFactory(username="bea"), debate.content, "Respuesta")
    send_due_digests.enqueue("weekly")
    run_queued_tasks()
    [message] = received
    assert message["To"] == ana.email
    assert "Xarxa" in message["Subject"]
    assert "unsubscribe" in message["List-Unsubscribe"]
    assert "Interoperabilidad" in message.get_payload()[0].get_payload(decode=True).decode()
