"""Bad input gets a clear, translated message and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import services as content_services
from xarxa.content.models import Attachment, Comment, Content, Mention
from xarxa.content.tests.factories import CommentFactory
from xarxa.debates.models import Debate
from xarxa.debates.tests.factories import DebateFactory
from xarxa.spaces.models import Membership, Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def database_state():
    return (
        list(Content.objects.order_by("pk").values_list("pk", "title", "body", "status", "is_locked",
                                                          "comment_count")),
        list(Comment.objects.order_by("pk").values_list("pk", "body", "is_hidden", "is_deleted")),
        list(Debate.objects.order_by("pk").values_list("pk", "useful_answer", "closed_at")),
        Attachment.objects.count(),
        Mention.objects.count(),
    )


@pytest.fixture
def group():
    space = SpaceFactory(owner=UserFactory(), visibility=Space.Visibility.PUBLIC)
    return space


@pytest.mark.parametrize("title", ["", "   "])
def test_a_debate_without_a_title_is_refused(client, group, title):
    member = UserFactory()
    add_member(group, member)
    client.force_login(member)
    before = database_state()
    response = client.post(reverse("debates:space_create", args=[group.slug]),
                           {"title": title, "body": "Cuerpo", "language": "es", "topic_names": ""})
    assert response.status_code == 400
    assert gettext("Write a title.") in response.content.decode()
    assert database_state() == before


def test_the_service_refuses_an_empty_title_too(group):
    owner = Membership.objects.get(space=group).user
    from django.core.exceptions import ValidationError

    from xarxa.debates.services import publish_debate

    before = database_state()
    with pytest.raises(ValidationError, match=gettext("Write a title.")):
        publish_debate(owner, space=group, title=" \n ", body="x")
    assert database_state() == before


def test_an_oversized_attachment_is_refused(client, settings, group):
    settings.XARXA_ATTACHMENT_MAX_BYTES = 1000
    author = UserFactory()
    add_member(group, author)
    debate = DebateFactory(content__space=group, content__author=author)
    client.force_login(author)
    before = database_state()
    upload = SimpleUploadedFile("informe.pdf", b"%PDF-1.7\n" + b"x" * 2000, content_type="application/pdf")
    response = client.post(reverse("content:add_attachment", args=[debate.content.pk]), {"file": upload})
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode() or "1000" in response.content.decode()
    assert database_state() == before


def test_a_disguised_file_is_refused(client, group):
    author = UserFactory()
    add_member(group, author)
    debate = DebateFactory(content__space=group, content__author=author)
    client.force_login(author)
    before = database_state()
    upload = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("content:add_attachment", args=[debate.content.pk]), {"file": upload})
    assert response.status_code == 400
    refusal = gettext("This type of file is not accepted. Attach a PDF, an office document (Word, Excel, PowerPoint, "
                      "OpenDocument), a text or CSV file, or a JPEG, PNG, WebP or GIF picture.")
    assert refusal in response.content.decode()
    assert database_state() == before


def test_an_accepted_attachment_is_stored_and_served(client, group):
    author = UserFactory()
    add_member(group, author)
    debate = DebateFactory(content__space=group, content__author=author)
    client.force_login(author)
    upload = SimpleUploadedFile("Informe final.pdf", b"%PDF-1.7\nhola", content_type="application/pdf")
    response = client.post(reverse("content:add_attachment", args=[debate.content.pk]), {"file": upload})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.mime_type, attachment.is_image) == ("Informe final.pdf", "application/pdf",
                                                                            False)
    assert "Informe" not in attachment.file.name  # stored under a random name
    served = client.get(reverse("content:attachment", args=[attachment.pk, attachment.name]))
    assert b"".join(served.streaming_content) == b"%PDF-1.7\nhola"
    assert served["Content-Disposition"].startswith("attachment")


def test_a_non_member_cannot_post_in_a_private_group(client):
    owner, outsider = UserFactory(), UserFactory()
    private = SpaceFactory(owner=owner, visibility=Space.Visibility.PRIVATE, join_policy=Space.JoinPolicy.REQUEST)
    client.force_login(outsider)
    before = database_state()
    page = client.get(reverse("debates:space_create", args=[private.slug]))
    assert gettext("Only members of this group can open debates in it.") in page.content.decode()
    response = client.post(reverse("debates:space_create", args=[private.slug]),
                           {"title": "Intruso", "body": "", "language": "es", "topic_names": ""})
    assert response.status_code == 403
    assert gettext("Only members of this group can post in it.") in response.content.decode()
    assert database_state() == before


def test_a_non_member_cannot_reply_in_a_public_group(client, group):
    debate = DebateFactory(content__space=group)
    client.force_login(UserFactory())
    before = database_state()
    response = client.post(reverse("content:add_comment", args=[debate.content.pk]), {"body": "Hola", "parent": ""})
    assert response.status_code == 400
    assert gettext("Only members of this group can post in it.") in response.content.decode()
    assert database_state() == before


def test_a_member_cannot_edit_another_members_debate(client, group):
    author, other = UserFactory(), UserFactory()
    add_member(group, author)
    add_member(group, other)
    debate = DebateFactory(content__space=group, content__author=author)
    client.force_login(other)
    before = database_state()
    response = client.post(reverse("debates:edit", args=[debate.content.pk]),
                           {"title": "Cambiado", "body": "Cambiado", "language": "es", "topic_names": ""})
    assert response.status_code == 403
    assert gettext("Only the author can edit this debate.") in response.content.decode()
    assert database_state() == before


@pytest.mark.parametrize("htmx", [False, True])
def test_a_stale_reply_form_after_the_debate_was_locked(client, group, htmx):
    moderator, member = UserFactory(), UserFactory()
    add_member(group, moderator, Membership.Role.MODERATOR)
    add_member(group, member)
    debate = DebateFactory(content__space=group)
    client.force_login(member)
    assert 'name="body"' in client.get(debate.content.get_absolute_url()).content.decode()  # the form is open
    content_services.set_locked(moderator, debate.content, True, "Se desvía del tema")
    before = database_state()
    response = client.post(reverse("content:add_comment", args=[debate.content.pk]),
                           {"body": "Mi respuesta escrita antes del cierre", "parent": ""}, **(HTMX if htmx else {}))
    html = response.content.decode()
    assert gettext("This conversation has been locked: no new replies can be added.") in html
    assert "Mi respuesta escrita antes del cierre" in html  # what was typed is kept
    if htmx:
        assert response.status_code == 200 and response["HX-Retarget"].startswith("#reply-form-")
    else:
        assert response.status_code == 400
    assert database_state() == before


def test_a_closed_debate_takes_no_new_replies(client, group):
    author = UserFactory()
    add_member(group, author)
    debate = DebateFactory(content__space=group, content__author=author)
    client.force_login(author)
    response = client.post(reverse("debates:close", args=[debate.content.pk]), {"summary": "Conclusión: *lotes*."})
    assert response.status_code == 302
    debate.refresh_from_db()
    assert debate.is_closed and "<em>lotes</em>" in debate.summary_html
    before = database_state()
    response = client.post(reverse("content:add_comment", args=[debate.content.pk]), {"body": "Tarde", "parent": ""})
    assert response.status_code == 400
    assert database_state() == before


def test_an_empty_reply_is_refused(client, group):
    member = UserFactory()
    add_member(group, member)
    debate = DebateFactory(content__space=group)
    client.force_login(member)
    before = database_state()
    response = client.post(reverse("content:add_comment", args=[debate.content.pk]), {"body": "  ", "parent": ""})
    assert response.status_code == 400
    assert gettext("Write something first.") in response.content.decode()
    assert database_state() == before


def test_a_reply_to_a_reply_of_another_debate_is_refused(client, group):
    member = UserFactory()
    add_member(group, member)
    debate, other = DebateFactory(content__space=group), DebateFactory(content__space=group)
    foreign = CommentFactory(content=other.content)
    client.force_login(member)
    before = database_state()
    response = client.post(reverse("content:add_comment", args=[debate.content.pk]),
                           {"body": "Hola", "parent": foreign.pk})
    assert response.status_code == 400
    assert database_state() == before


def test_only_the_author_or_a_moderator_marks_the_useful_answer(client, group):
    author, other = UserFactory(), UserFactory()
    add_member(group, author)
    add_member(group, other)
    debate = DebateFactory(content__space=group, content__author=author)
    reply = CommentFactory(content=debate.content)
    client.force_login(other)
    before = database_state()
    client.post(reverse("debates:mark_useful", args=[debate.content.pk, reply.pk]))
    assert database_state() == before
