import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from xarxa.accounts.tests.factories import TopicFactory, UserFactory
from xarxa.content import services
from xarxa.content.mentions import member_mentioned
from xarxa.content.models import Comment, Content, Mention, Reaction
from xarxa.content.tests.factories import CommentFactory, ContentFactory
from xarxa.content.text import render_body
from xarxa.content.uploads import check_attachment_upload
from xarxa.debates.services import publish_debate
from xarxa.debates.tests.factories import DebateFactory
from xarxa.spaces.models import Membership, Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


# Bodies ------------------------------------------------------------------------------------------

def test_mentions_and_topics_become_links_only_when_they_exist():
    UserFactory(username="ana.garcia")
    TopicFactory(name="Datos abiertos", slug="datos-abiertos")
    body = render_body("Hola @ana.garcia y @nadie. Ver #datos-abiertos y #inexistente. Correo: x@ana.garcia\n\n"
                       "`@ana.garcia` en código")
    assert body.html.count('href="/u/ana.garcia/"') == 1
    assert "@nadie" in body.html and 'href="/topics/datos-abiertos/"' in body.html
    assert "#inexistente" in body.html and "/topics/inexistente/" not in body.html
    assert "<code>@ana.garcia</code>" in body.html
    assert [u.username for u in body.mentioned] == ["ana.garcia"]
    assert [t.slug for t in body.topics] == ["datos-abiertos"]


def test_bodies_are_sanitised():
    html = render_body('<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>').html
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html


def test_hashtags_tag_the_item_with_existing_topics():
    author = UserFactory()
    topic = TopicFactory(name="Participación ciudadana", slug="participacion-ciudadana")
    debate = publish_debate(author, title="Presupuestos", body="Sobre #participacion-ciudadana")
    assert list(debate.content.topics.all()) == [topic]


def test_mentions_are_recorded_once_and_announced(django_capture_on_commit_callbacks):
    author, ana = UserFactory(), UserFactory(username="ana")
    heard = []
    member_mentioned.connect(lambda sender, mention, **kw: heard.append(mention.user), weak=False,
                             dispatch_uid="test-heard")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            debate = publish_debate(author, title="Pregunta", body="¿Qué opinas, @ana?")
            services.update_content(author, debate.content, title="Pregunta", body="¿Qué opinas, @ana? ¿Y tú?")
    finally:
        member_mentioned.disconnect(dispatch_uid="test-heard")
    assert Mention.objects.filter(user=ana, content=debate.content).count() == 1
    assert heard == [ana]


def test_members_who_cannot_read_a_private_group_are_not_mentioned():
    owner = UserFactory()
    UserFactory(username="outsider")
    group = SpaceFactory(owner=owner, visibility=Space.Visibility.PRIVATE)
    publish_debate(owner, space=group, title="Interno", body="Hola @outsider")
    assert not Mention.objects.exists()


# Comments ----------------------------------------------------------------------------------------

def test_threads_deleting_and_editing():
    author, other = UserFactory(), UserFactory()
    content = ContentFactory()
    first = services.add_comment(author, content, "Primera")
    reply = services.add_comment(other, content, "Respuesta", parent=first)
    deeper = services.add_comment(author, content, "Más", parent=reply)
    assert (reply.root, deeper.root, deeper.parent) == (first, first, reply)
    content.refresh_from_db()
    assert content.comment_count == 3

    services.edit_comment(author, first, "Primera, corregida")
    first.refresh_from_db()
    assert first.edited_at is not None and "corregida" in first.body_html
    with pytest.raises(PermissionDenied):
        services.edit_comment(other, first, "No es mía")

    # Others replied: a placeholder stays. Nobody replied: it goes.
    services.delete_comment(author, first)
    first.refresh_from_db()
    assert first.is_deleted and first.body == "" and Comment.objects.filter(pk=reply.pk).exists()
    services.delete_comment(author, deeper)
    assert not Comment.objects.filter(pk=deeper.pk).exists()
    content.refresh_from_db()
    assert content.comment_count == 1


def test_the_page_shows_the_edited_mark_and_placeholder(client):
    author, other = UserFactory(), UserFactory()
    debate = DebateFactory()
    first = services.add_comment(author, debate.content, "Primera")
    services.add_comment(other, debate.content, "Respuesta", parent=first)
    services.edit_comment(other, Comment.objects.get(body="Respuesta"), "Respuesta editada")
    services.delete_comment(author, first)
    client.force_login(other)
    html = client.get(debate.content.get_absolute_url()).content.decode()
    assert gettext("This reply was deleted by its author.") in html
    assert "Respuesta editada" in html
    assert gettext("edited") in html


def test_htmx_load_more_returns_the_next_threads(client, settings):
    debate = DebateFactory()
    for number in range(3):
        CommentFactory(content=debate.content, body=f"Hilo {number}")
    from xarxa.content import threads

    page = threads.load_threads(debate.content, per_page=2)
    assert [c.body for c in page.roots] == ["Hilo 0", "Hilo 1"] and page.next_cursor
    response = client.get(reverse("content:comments", args=[debate.content.pk]) + f"?after={page.next_cursor}",
                          HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Hilo 2" in html and "Hilo 0" not in html and "<html" not in html


# Reactions ---------------------------------------------------------------------------------------

def test_one_reaction_per_member_per_kind_toggled():
    member = UserFactory()
    content = ContentFactory()
    comment = CommentFactory(content=content)
    assert services.toggle_reaction(member, "like", content=content) is True
    assert services.toggle_reaction(member, "support", content=content) is True
    assert services.toggle_reaction(member, "like", comment=comment) is True
    assert Reaction.objects.filter(user=member).count() == 3
    assert services.toggle_reaction(member, "like", content=content) is False
    assert set(Reaction.objects.filter(user=member, content=content).values_list("kind", flat=True)) == {"support"}
    with pytest.raises(ValidationError):
        services.toggle_reaction(member, "love", content=content)


def test_reacting_without_javascript_redirects_back(client):
    debate = DebateFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("content:react", args=[debate.content.pk]), {"kind": "support"})
    assert response.status_code == 302 and response.url == debate.content.get_absolute_url()
    assert Reaction.objects.filter(content=debate.content, kind="support").exists()


def test_a_refused_reaction_says_why_in_place_and_changes_nothing(client):
    debate = DebateFactory()
    client.force_login(UserFactory())
    url = reverse("content:react", args=[debate.content.pk])
    response = client.post(url, {"kind": "bogus"}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert '<p class="form-errors" role="alert">Choose a valid reaction.</p>' in response.content.decode()
    response = client.post(url, {"kind": "bogus"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Choose a valid reaction." in [str(m) for m in response.context["messages"]]
    assert not Reaction.objects.filter(content=debate.content).exists()


# Versions in other languages ---------------------------------------------------------------------

def test_readers_see_their_language_first_with_links_to_the_others(client):
    author = UserFactory()
    debate = publish_debate(author, title="¿Cómo medir el impacto?", body="Texto", language="es")
    version = services.add_translation(author, debate.content, language="pt", title="Como medir o impacto?",
                                       body="Texto em português")
    with pytest.raises(ValidationError, match=gettext("There is already a version in this language.")):
        services.add_translation(author, debate.content, language="pt", title="Outra", body="")
    assert version.get_absolute_url().endswith("?lang=pt")

    html = client.get(debate.content.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="pt-br").content.decode()
    assert "Como medir o impacto?" in html and 'hreflang="es"' in html
    html = client.get(debate.content.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "¿Cómo medir el impacto?" in html and 'hreflang="pt"' in html
    html = client.get(debate.content.get_absolute_url() + "?lang=pt", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Como medir o impacto?" in html
    # Lists show one row per item, in the reader's language.
    listing = client.get(reverse("debates:list"), HTTP_ACCEPT_LANGUAGE="pt-br").content.decode()
    assert "Como medir o impacto?" in listing and "¿Cómo medir el impacto?" not in listing


def test_who_may_add_a_version():
    author, member, translator = UserFactory(), UserFactory(), UserFactory()
    group = SpaceFactory(owner=author)
    add_member(group, member)
    membership = add_member(group, translator)
    debate = publish_debate(author, space=group, title="Pregunta", language="es")
    with pytest.raises(PermissionDenied):
        services.add_translation(member, debate.content, language="en", title="Question", body="")
    from xarxa.spaces.services import set_translator

    set_translator(author, Membership.objects.get(pk=membership.pk), True)
    services.add_translation(translator, debate.content, language="en", title="Question", body="")
    assert Content.objects.filter(original=debate.content, language="en").exists()


# Uploads -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,data,accepted", [
    ("a.pdf", b"%PDF-1.4 hello", True),
    ("a.docx", b"PK\x03\x04rest", True),
    ("a.csv", "municipio,población\nReus,106000\n".encode(), True),
    ("a.exe", b"MZ\x90\x00", False),
    ("a.pdf", b"PK\x03\x04", False),
    ("a.csv", b"\x00\x01\x02", False),
    ("a.png", b"not an image", False),
])
def test_attachment_types_are_judged_by_content(name, data, accepted):
    upload = SimpleUploadedFile(name, data)
    if accepted:
        assert check_attachment_upload(upload).name == name
    else:
        with pytest.raises(ValidationError):
            check_attachment_upload(upload)


def test_only_the_author_or_a_moderator_removes_an_attachment_and_a_refusal_changes_nothing(client):
    from django.core.files.base import ContentFile

    from xarxa.content.models import Attachment

    debate = DebateFactory()
    attachment = Attachment.objects.create(content=debate.content, file=ContentFile(b"%PDF-1.4", name="actas.pdf"),
                                           name="actas.pdf", size=8, mime_type="application/pdf")
    url = reverse("content:remove_attachment", args=[attachment.pk])
    client.force_login(UserFactory())
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    client.force_login(debate.content.author)
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert [str(m) for m in response.context["messages"]] == ["The attachment has been removed."]
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
