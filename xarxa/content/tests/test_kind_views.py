"""The generic kind pages (content.kind_views), through a real kind (debates) and, where a refusal must be
forced, a copy of its registry entry with one service swapped."""

import dataclasses

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import kinds
from xarxa.content.models import Content
from xarxa.core.refusals import error_text
from xarxa.debates.tests.factories import DebateFactory
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def contents():
    return list(Content.objects.order_by("pk").values_list("pk", "title", "body", "status", "space_id"))


@pytest.fixture
def private_group():
    owner = UserFactory()
    return SpaceFactory(owner=owner, visibility=Space.Visibility.PRIVATE, join_policy=Space.JoinPolicy.REQUEST)


@pytest.fixture
def swap_service(monkeypatch):
    """Replace one of the debate kind's declared parts for the test."""
    def swap(**parts):
        monkeypatch.setitem(kinds._KINDS, "debate", dataclasses.replace(kinds.get("debate"), **parts))
    return swap


def test_the_addresses_are_the_ones_the_kind_had():
    assert reverse("debates:list") == "/debates/"
    assert reverse("debates:create") == "/debates/new/"
    assert reverse("debates:detail", args=[7]) == "/debates/7/"
    assert reverse("debates:edit", args=[7]) == "/debates/7/edit/"
    assert reverse("debates:publish", args=[7]) == "/debates/7/publish/"
    assert reverse("debates:delete", args=[7]) == "/debates/7/delete/"
    assert reverse("debates:space_list", args=["g"]) == "/groups/g/debates/"
    assert reverse("debates:space_create", args=["g"]) == "/groups/g/debates/new/"


def test_the_network_list_shows_what_the_reader_may_see_and_no_ones_draft(client, private_group):
    shown = DebateFactory(content__title="Abierto")
    DebateFactory(content__title="Borrador", content__status=Content.Status.DRAFT)
    DebateFactory(content__title="Privado", content__space=private_group)
    client.force_login(UserFactory())
    page = client.get(reverse("debates:list")).content.decode()
    assert shown.content.title in page
    assert "Borrador" not in page and "Privado" not in page


def test_the_group_list_is_a_404_for_an_outsider_and_lists_for_a_member(client, private_group):
    DebateFactory(content__title="Solo del grupo", content__space=private_group)
    client.force_login(UserFactory())
    assert client.get(reverse("debates:space_list", args=[private_group.slug])).status_code == 404
    member = UserFactory()
    add_member(private_group, member)
    client.force_login(member)
    response = client.get(reverse("debates:space_list", args=[private_group.slug]))
    assert response.status_code == 200
    assert "Solo del grupo" in response.content.decode()


def test_an_item_of_a_private_group_is_a_404_for_an_outsider(client, private_group):
    debate = DebateFactory(content__space=private_group)
    client.force_login(UserFactory())
    assert client.get(reverse("debates:detail", args=[debate.content.pk])).status_code == 404
    assert client.get(reverse("debates:edit", args=[debate.content.pk])).status_code == 404


def test_the_item_page_offers_edit_only_to_who_may_edit(client):
    author = UserFactory()
    debate = DebateFactory(content__author=author)
    edit_url = reverse("debates:edit", args=[debate.content.pk])
    client.force_login(UserFactory())
    assert edit_url not in client.get(debate.content.get_absolute_url()).content.decode()
    client.force_login(author)
    assert edit_url in client.get(debate.content.get_absolute_url()).content.decode()


def test_a_version_page_is_the_originals_in_that_language(client):
    debate = DebateFactory(content__language="es")
    version = Content.objects.create(kind="debate", original=debate.content, language="ca", title="En català",
                                     author=debate.content.author, status=Content.Status.PUBLISHED)
    response = client.get(reverse("debates:detail", args=[version.pk]))
    assert response.status_code == 302
    assert response["Location"] == version.get_absolute_url()


def test_create_refused_by_the_service_shows_the_refusal_and_creates_nothing(client, private_group):
    client.force_login(UserFactory())
    before = contents()
    response = client.post(reverse("debates:space_create", args=[private_group.slug]),
                           {"title": "Intruso", "body": "", "language": "es", "topic_names": ""})
    assert response.status_code == 403
    assert gettext("Only members of this group can post in it.") in response.content.decode()
    assert contents() == before


def test_edit_refused_shows_the_kinds_refusal_and_changes_nothing(client):
    debate = DebateFactory()
    client.force_login(UserFactory())
    before = contents()
    response = client.post(reverse("debates:edit", args=[debate.content.pk]),
                           {"title": "Cambiado", "body": "Cambiado", "language": "es", "topic_names": ""})
    assert response.status_code == 403
    assert gettext("Only the author can edit this debate.") in response.content.decode()
    assert contents() == before


def test_an_edit_the_service_refuses_becomes_a_form_error(client, swap_service):
    def refuse(actor, debate, **arguments):
        raise PermissionDenied(gettext("Only the author can edit this debate."))
    swap_service(edit=refuse)
    debate = DebateFactory()
    client.force_login(debate.content.author)
    before = contents()
    response = client.post(reverse("debates:edit", args=[debate.content.pk]),
                           {"title": "Cambiado", "body": "", "language": "es", "topic_names": ""})
    assert response.status_code == 403
    assert response.context["form"].non_field_errors() == [gettext("Only the author can edit this debate.")]
    assert contents() == before


def test_publishing_what_is_already_published_is_refused_with_a_message(client):
    debate = DebateFactory()
    client.force_login(debate.content.author)
    before = contents()
    response = client.post(reverse("debates:publish", args=[debate.content.pk]))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [gettext("This debate is already published.")]
    assert contents() == before


def test_nobody_but_the_author_reaches_a_draft_to_publish_it(client):
    draft = DebateFactory(content__status=Content.Status.DRAFT)
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.post(reverse("debates:publish", args=[draft.content.pk])).status_code == 404
    assert Content.objects.get(pk=draft.content.pk).status == Content.Status.DRAFT


def test_error_text_reads_both_kinds_of_refusal():
    assert error_text(ValidationError("Primera")) == "Primera"
    assert error_text(ValidationError(["Una", "Otra"])) == "Una"
    assert error_text(PermissionDenied("No")) == "No"
