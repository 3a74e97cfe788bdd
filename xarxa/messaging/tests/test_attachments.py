"""Files sent in private messages: checked like every attachment, served only to participants."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.messaging import services
from xarxa.messaging.models import Message, MessageAttachment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% a small test file\n"


@pytest.fixture
def conversation():
    ana, bea = UserFactory(username="ana"), UserFactory(username="bea")
    return ana, bea, services.start_conversation(ana, ["bea"], "Hola")


def test_a_participant_sends_a_file_and_the_other_downloads_it(conversation, client):
    ana, bea, talk = conversation
    client.force_login(ana)
    upload = SimpleUploadedFile("informe.pdf", PDF, content_type="application/pdf")
    response = client.post(talk.get_absolute_url(), {"body": "Te paso el informe", "attachment": upload})
    assert response.status_code == 302
    attachment = MessageAttachment.objects.get()
    assert (attachment.name, attachment.mime_type, attachment.size) == ("informe.pdf", "application/pdf", len(PDF))
    assert attachment.message.body == "Te paso el informe"
    assert "informe" not in attachment.file.name  # stored under a random name
    client.force_login(bea)
    assert attachment.get_absolute_url() in client.get(talk.get_absolute_url()).content.decode()
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"] == "private, max-age=3600"


def test_outsiders_and_visitors_get_404_for_the_file(conversation, client):
    ana, _bea, talk = conversation
    services.send_message(ana, talk, "Adjunto", SimpleUploadedFile("a.pdf", PDF))
    url = MessageAttachment.objects.get().get_absolute_url()
    assert client.get(url).status_code == 302  # to log in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("messaging:attachment", args=[999999, "a.pdf"])).status_code == 404


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_sent(conversation, client):
    ana, _bea, talk = conversation
    client.force_login(ana)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(talk.get_absolute_url(), {"body": "Mira", "attachment": fake})
    assert response.status_code == 400
    assert Message.objects.count() == 1 and not MessageAttachment.objects.exists()


def test_a_file_too_large_is_refused_with_the_shared_check(conversation, settings):
    from django.core.exceptions import ValidationError

    ana, _bea, talk = conversation
    settings.XARXA_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        services.send_message(ana, talk, "Grande", SimpleUploadedFile("a.pdf", PDF))
    assert error.value.code == "too_large"
    assert Message.objects.count() == 1 and not MessageAttachment.objects.exists()


def test_a_new_conversation_can_start_with_a_file(client):
    ana, bea = UserFactory(username="ana"), UserFactory(username="bea")
    client.force_login(ana)
    form = client.get(reverse("messaging:new")).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'name="attachment"' in form
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("messaging:new"), {"to": "bea", "body": "El plan", "attachment": upload})
    attachment = MessageAttachment.objects.get()
    assert response.status_code == 302 and response.url == attachment.message.conversation.get_absolute_url()
    assert (attachment.name, attachment.message.body, attachment.message.sender) == ("plan.pdf", "El plan", ana)
    client.force_login(bea)
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_new_conversation_with_a_bad_file_sends_nothing(client):
    ana = UserFactory(username="ana")
    UserFactory(username="bea")
    client.force_login(ana)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("messaging:new"), {"to": "bea", "body": "Mira", "attachment": fake})
    assert response.status_code == 400 and 'class="form-errors"' in response.content.decode()
    assert not Message.objects.exists() and not MessageAttachment.objects.exists()
