"""content.services acts on their own: edits, pins and locks, replies to a locked item, deleting through
the kind's helper, and the bulk transition helper; each refusal changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import lifecycles, services
from xarxa.content.models import Comment, Content, ModerationLog
from xarxa.content.tests.factories import ContentFactory
from xarxa.debates.tests.factories import DebateFactory
from xarxa.spaces.models import Membership
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def row(content):
    return Content.objects.values_list("title", "body", "status", "is_pinned", "is_locked").get(pk=content.pk)


def test_only_the_author_edits_and_bad_input_changes_nothing():
    content = ContentFactory(title="Antes", body="Texto")
    before = row(content)
    with pytest.raises(PermissionDenied):
        services.update_content(UserFactory(), content, title="Después", body="Otro")
    with pytest.raises(ValidationError):
        services.update_content(content.author, content, title="   ", body="Otro")
    assert row(content) == before
    services.update_content(content.author, content, title="Después", body="Otro")
    assert row(content)[:2] == ("Después", "Otro")


def test_pins_and_locks_are_for_moderators_and_are_logged():
    space = SpaceFactory()
    moderator, author = UserFactory(), UserFactory()
    add_member(space, moderator, Membership.Role.MODERATOR)
    add_member(space, author)
    content = ContentFactory(space=space, author=author)
    before = row(content)
    with pytest.raises(PermissionDenied):
        services.set_pinned(author, content, True)
    with pytest.raises(PermissionDenied):
        services.set_locked(author, content, True)
    assert row(content) == before and not ModerationLog.objects.exists()
    services.set_locked(moderator, content, True, reason="Cerrado")
    assert row(content)[4] is True
    assert ModerationLog.objects.get().action == ModerationLog.Action.LOCK
    with pytest.raises(ValidationError):
        services.add_comment(author, content, "¿Sigue abierto?")
    assert not Comment.objects.exists()


def test_delete_item_deletes_the_kinds_base_row_for_its_author_only():
    debate = DebateFactory()
    with pytest.raises(PermissionDenied):
        services.delete_item(UserFactory(), debate)
    assert row(debate.content)[2] == Content.Status.PUBLISHED
    services.delete_item(debate.content.author, debate)
    assert row(debate.content)[2] == Content.Status.DELETED
    with pytest.raises(PermissionDenied):  # deleted: nobody may read it, the author included
        services.delete_item(debate.content.author, debate)


def test_a_bulk_transition_moves_only_the_rows_in_a_source_state():
    draft, published = ContentFactory(status=Content.Status.DRAFT), ContentFactory()
    moved = lifecycles.CONTENT.apply_to(Content.objects.filter(pk__in=[draft.pk, published.pk]), "unschedule")
    assert moved == 0
    assert lifecycles.CONTENT.apply_to(Content.objects.all(), "delete") == 2
    with pytest.raises(ValueError):
        lifecycles.CONTENT.apply_to(Content.objects.all(), "restore")  # depends on each row
