"""Content's declared lifecycle: each transition, each refusal, and what restoring gives back."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import lifecycles, services
from xarxa.content.models import Content, Flag, ModerationLog
from xarxa.content.tests.factories import ContentFactory
from xarxa.core.lifecycle import Lifecycle, Transition
from xarxa.spaces.models import Membership
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db
S = Content.Status


@pytest.fixture
def moderated():
    """A group with a moderator, and a member who writes in it."""
    space = SpaceFactory()
    moderator, author = UserFactory(), UserFactory()
    add_member(space, moderator, Membership.Role.MODERATOR)
    add_member(space, author)
    return space, moderator, author


def status_of(content):
    return Content.objects.values_list("status", "status_before_hidden").get(pk=content.pk)


def test_the_table_declares_every_transition_of_the_issue():
    assert dict((name, (set(sources), target)) for name, sources, target in lifecycles.CONTENT.table()) == {
        "schedule": ({S.DRAFT, S.SCHEDULED}, S.SCHEDULED),
        "unschedule": ({S.SCHEDULED}, S.DRAFT),
        "publish": ({S.DRAFT, S.SCHEDULED}, S.PUBLISHED),
        "publish_due": ({S.SCHEDULED}, S.PUBLISHED),
        "hide": ({S.DRAFT, S.SCHEDULED, S.PUBLISHED}, S.HIDDEN),
        "restore": ({S.HIDDEN}, "the state it had when hidden"),
        "delete": ({S.DRAFT, S.SCHEDULED, S.PUBLISHED, S.HIDDEN}, S.DELETED),
    }


def test_a_refused_transition_raises_and_changes_nothing():
    machine = Lifecycle("state", {"close": Transition({"open"}, "closed")})

    class Row:
        state = "closed"

    row = Row()
    with pytest.raises(ValidationError) as refused:
        machine.transition(row, "close")
    assert refused.value.code == "transition" and row.state == "closed"


@pytest.mark.parametrize("start", [S.DRAFT, S.SCHEDULED, S.PUBLISHED])
def test_hiding_remembers_the_state_and_restoring_gives_it_back(start):
    content = ContentFactory(status=start)
    version = ContentFactory(original=content, language="en", status=start, author=content.author)
    # Staff may not read another's draft (the draft rule), so the transitions are tried directly here.
    for row in (content, version):
        lifecycles.hide(row)
        row.save()
        assert status_of(row) == (S.HIDDEN, start)
        lifecycles.restore(row)
        row.save()
        assert status_of(row) == (start, "")


def test_moderators_hide_and_restore_a_published_item_and_its_versions(moderated):
    space, moderator, author = moderated
    content = ContentFactory(space=space, author=author)
    version = ContentFactory(space=space, author=author, original=content, language="en")
    services.hide_content(moderator, content, "spam")
    assert status_of(content) == (S.HIDDEN, S.PUBLISHED) and status_of(version) == (S.HIDDEN, S.PUBLISHED)
    services.restore_content(moderator, content)
    assert status_of(content) == (S.PUBLISHED, "") and status_of(version) == (S.PUBLISHED, "")
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["restore", "hide"]


def test_restoring_what_is_not_hidden_is_refused_and_changes_nothing(moderated):
    space, moderator, author = moderated
    content = ContentFactory(space=space, author=author)
    with pytest.raises(ValidationError):
        services.restore_content(moderator, content)
    assert status_of(content) == (S.PUBLISHED, "") and not ModerationLog.objects.exists()


def test_a_moderator_cannot_restore_a_draft_into_publication(moderated):
    """The hole: "restore" on another member's draft used to publish it to everyone."""
    space, moderator, author = moderated
    draft = ContentFactory(space=space, author=author, status=S.DRAFT, published_at=None)
    with pytest.raises(PermissionDenied):
        services.restore_content(moderator, draft)
    assert status_of(draft) == (S.DRAFT, "")


def test_a_hidden_draft_restored_by_a_moderator_stays_a_draft(moderated):
    space, moderator, author = moderated
    draft = ContentFactory(space=space, author=author, status=S.DRAFT, published_at=None)
    lifecycles.hide(draft)
    draft.save()
    services.restore_content(moderator, draft)
    assert status_of(draft) == (S.DRAFT, "")
    assert Content.objects.visible_to(UserFactory()).filter(pk=draft.pk).count() == 0


def test_publishing_a_draft_publishes_its_versions_and_twice_is_refused():
    author = UserFactory()
    draft = ContentFactory(author=author, status=S.DRAFT, published_at=None)
    version = ContentFactory(author=author, original=draft, language="en", status=S.DRAFT, published_at=None)
    services.publish_content(author, draft)
    assert status_of(draft)[0] == S.PUBLISHED and status_of(version)[0] == S.PUBLISHED
    with pytest.raises(ValidationError):
        services.publish_content(author, draft)


def test_only_the_author_publishes_their_draft():
    draft = ContentFactory(status=S.DRAFT, published_at=None)
    with pytest.raises(PermissionDenied):
        services.publish_content(UserFactory(is_staff=True, is_superuser=True), draft)
    assert status_of(draft)[0] == S.DRAFT


def test_schedule_and_unschedule():
    author = UserFactory()
    draft = ContentFactory(author=author, status=S.DRAFT, published_at=None)
    services.schedule_content(author, draft)
    assert status_of(draft)[0] == S.SCHEDULED
    services.unschedule_content(author, draft)
    assert status_of(draft)[0] == S.DRAFT
    with pytest.raises(ValidationError):
        services.unschedule_content(author, draft)


def test_deleting_hides_the_item_from_everyone_and_is_logged_for_moderators(moderated):
    space, moderator, author = moderated
    mine, theirs = ContentFactory(space=space, author=author), ContentFactory(space=space)
    services.delete_content(author, mine)
    services.delete_content(moderator, theirs, "off topic")
    for viewer in (author, moderator, UserFactory(is_staff=True)):
        assert not Content.objects.visible_to(viewer).filter(pk__in=[mine.pk, theirs.pk]).exists()
    assert list(ModerationLog.objects.values_list("action", "content")) == [("delete", theirs.pk)]
    with pytest.raises(PermissionDenied):  # a deleted item is no one's to act on
        services.delete_content(author, mine)


def test_a_stranger_cannot_delete(moderated):
    space, _moderator, author = moderated
    content = ContentFactory(space=space, author=author)
    with pytest.raises(PermissionDenied):
        services.delete_content(UserFactory(), content)
    assert status_of(content)[0] == S.PUBLISHED


def test_hiding_upholds_open_reports_and_dismissing_twice_is_refused(moderated):
    space, moderator, author = moderated
    content = ContentFactory(space=space, author=author)
    upheld = Flag.objects.create(reporter=UserFactory(), content=content, space=space, reason="spam")
    services.hide_content(moderator, content)
    upheld.refresh_from_db()
    assert upheld.status == Flag.Status.UPHELD and upheld.handled_by == moderator
    other = ContentFactory(space=space, author=author)
    dismissed = Flag.objects.create(reporter=UserFactory(), content=other, space=space, reason="spam")
    services.dismiss_flag(moderator, dismissed)
    dismissed.refresh_from_db()
    assert dismissed.status == Flag.Status.DISMISSED
    with pytest.raises(ValidationError):
        services.dismiss_flag(moderator, dismissed)
