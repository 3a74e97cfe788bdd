"""E-mail: queued for a background task, then delivered by the real backend.

`QueuedEmailBackend` is Django's EMAIL_BACKEND: it serialises each message and
enqueues `send_email`, so a slow or broken mail server never slows a page and a
failure is retried. The task delivers through XARXA_DELIVERY_EMAIL_BACKEND: SMTP
from EMAIL_URL, or `EmlFileBackend`, which writes one .eml file per message
(development and the embedded pilot; Django's own file backend appends every
message of a connection to one log file).
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


def serialise(message) -> dict:
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
    }


def deliver(data: dict) -> None:
    message = EmailMultiAlternatives(
        subject=data["subject"], body=data["body"], from_email=data["from_email"], to=data["to"],
        cc=data["cc"], bcc=data["bcc"], reply_to=data["reply_to"], headers=data["headers"],
        connection=get_connection(settings.XARXA_DELIVERY_EMAIL_BACKEND, fail_silently=False),
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.send()


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from xarxa.core.tasks import send_email

        for message in email_messages:
            send_email.enqueue(serialise(message))
        return len(email_messages)


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages):
        self.directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")  # sorts in sending order
            path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes(linesep="\n"))
        return len(email_messages)
