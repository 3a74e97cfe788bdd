"""The rule book for content: the draft rule everywhere a draft could leak, and rules that ignore superuser."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import rules as content_rules
from xarxa.content import services
from xarxa.content.models import Attachment, Content, Reaction
from xarxa.content.tests.factories import ContentFactory
from xarxa.core import rulebook
from xarxa.spaces.models import Membership
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db
S = Content.Status


@pytest.fixture
def draft_world():
    """Another member's draft in a group, and everyone who might be tempted to read it."""
    space = SpaceFactory()
    author, moderator, owner = UserFactory(), UserFactory(), UserFactory()
    add_member(space, author)
    add_member(space, moderator, Membership.Role.MODERATOR)
    add_member(space, owner, Membership.Role.OWNER)
    draft = ContentFactory(space=space, author=author, status=S.DRAFT, published_at=None,
                           title="DRAFTTITLETOKEN", body="DRAFTBODYTOKEN")
    network_moderator = UserFactory()
    from django.contrib.auth.models import Group

    network_moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    others = {"moderator": moderator, "owner": owner, "staff": UserFactory(is_staff=True),
              "superuser": UserFactory(is_staff=True, is_superuser=True), "network moderator": network_moderator}
    return draft, author, others


def test_a_draft_is_its_authors_alone_in_the_queryset_and_the_rule(draft_world):
    draft, author, others = draft_world
    assert content_rules.can_read_content(author, draft)
    assert Content.objects.visible_to(author).filter(pk=draft.pk).exists()
    for name, viewer in others.items():
        assert not content_rules.can_read_content(viewer, draft), name
        assert not Content.objects.visible_to(viewer).filter(pk=draft.pk).exists(), name


def test_queryset_and_rule_agree_for_every_status_and_viewer(draft_world):
    draft, author, others = draft_world
    space = draft.space
    items = [ContentFactory(space=space, author=author, status=status) for status in S.values]
    items += [ContentFactory(author=author, status=status) for status in S.values]
    for viewer in [author, UserFactory(), *others.values()]:
        shown = Content.objects.visible_to(viewer).filter(pk__in=[i.pk for i in items])
        listed = set(shown.values_list("pk", flat=True))
        assert listed == {i.pk for i in items if content_rules.can_read_content(viewer, i)}


def test_the_translate_page_does_not_prefill_a_draft_for_moderators(client, draft_world):
    draft, _author, others = draft_world
    for viewer in others.values():
        client.force_login(viewer)
        response = client.get(reverse("content:translate", args=[draft.pk]))
        assert response.status_code == 404
        assert "DRAFTBODYTOKEN" not in response.content.decode()


def test_a_drafts_attachments_and_reactions_are_not_found_for_moderators(client, draft_world):
    draft, author, others = draft_world
    attachment = services.attach_file(author, draft, SimpleUploadedFile("notes.txt", b"secret", "text/plain"))
    for viewer in others.values():
        client.force_login(viewer)
        url = reverse("content:attachment", args=[attachment.pk, attachment.name])
        assert client.get(url).status_code == 404
        assert client.post(reverse("content:react", args=[draft.pk]), {"kind": "like"}).status_code == 404
    assert Attachment.objects.filter(content=draft).count() == 1 and not Reaction.objects.exists()


def test_a_moderators_restore_on_a_draft_is_not_found_and_keeps_it_a_draft(client, draft_world):
    draft, _author, others = draft_world
    client.force_login(others["moderator"])
    response = client.post(reverse("content:moderate", args=[draft.pk]), {"action": "restore", "reason": ""})
    assert response.status_code == 404
    assert Content.objects.get(pk=draft.pk).status == S.DRAFT


def test_the_rule_book_is_not_fooled_by_superusers():
    content = ContentFactory()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert superuser.has_perm("content.edit", content)  # Django's answer, which is why we do not ask it
    assert not rulebook.allowed(superuser, "content.edit", content)
    with pytest.raises(PermissionDenied):
        rulebook.check(superuser, "content.edit", content)
    rendered = Template('{% load rulebook %}{% has_perm "content.edit" content as can_edit %}{{ can_edit }}').render(
        Context({"user": superuser, "content": content}))
    assert rendered == "False"
    rendered = Template('{% load rulebook %}{% has_perm "content.edit" content as can_edit %}{{ can_edit }}').render(
        Context({"user": content.author, "content": content}))
    assert rendered == "True"


def test_a_refusal_carries_the_rules_message():
    with pytest.raises(PermissionDenied) as refused:
        rulebook.check(UserFactory(), "content.edit", ContentFactory())
    assert str(refused.value) == rulebook.refusal("content.edit")


def test_a_rule_is_declared_once():
    with pytest.raises(ValueError):
        rulebook.rule("content.edit", content_rules.can_edit_content)
