"""Each act that changes who may do or see what, or destroys something, leaves one row in the trail,
written in the act's own transaction."""

import pytest
from django.core.exceptions import ValidationError

from xarxa.accounts.models import Profile, VerifiedDomain
from xarxa.accounts.services import approve_members, grant_badge_for_verified_email, unverify_member, verify_member
from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.audit.models import AuditEntry
from xarxa.content import services as content
from xarxa.content.tests.factories import CommentFactory, ContentFactory
from xarxa.organisations.services import merge_organisations
from xarxa.spaces import services as spaces
from xarxa.spaces.models import Membership, Space
from xarxa.spaces.tests.factories import JoinRequestFactory, SpaceFactory, add_member
from xarxa.wikis import services as wikis

pytestmark = pytest.mark.django_db


def only_entry():
    (entry,) = AuditEntry.objects.all()
    return entry


@pytest.fixture
def staff():
    return UserFactory(username="equipo", is_staff=True, profile__full_name="Equipo Moderación")


def test_hiding_and_restoring_an_item_are_recorded_with_the_reason(staff):
    group = SpaceFactory()
    item = ContentFactory(space=group, title="Publicidad")

    content.hide_content(staff, item, reason="  spam  ")
    content.restore_content(staff, item, reason="error")

    hidden, restored = AuditEntry.objects.order_by("id")
    assert (hidden.action, hidden.target_id, hidden.target_display, hidden.space_id, hidden.reason) == (
        "content.hide", str(item.pk), "Publicidad", group.pk, "spam")
    assert (restored.action, restored.reason, restored.actor_display) == (
        "content.restore", "error", "Equipo Moderación (@equipo)")


def test_hiding_a_comment_and_pinning_locking_and_dismissing_are_recorded(staff):
    comment = CommentFactory()
    item = comment.content
    flag = content.flag(UserFactory(), item, reason="spam")

    content.hide_comment(staff, comment)
    content.set_pinned(staff, item, True)
    content.set_locked(staff, item, True)
    content.dismiss_flag(staff, flag)

    assert list(AuditEntry.objects.order_by("id").values_list("action", "target_id")) == [
        ("comment.hide", str(comment.pk)), ("content.pin", str(item.pk)), ("content.lock", str(item.pk)),
        ("content.dismiss", str(item.pk))]


def test_a_moderator_deleting_a_reply_keeps_what_it_said(staff):
    comment = CommentFactory(body="Un insulto que nadie debe leer.")
    comment_id = comment.pk

    content.delete_comment(staff, comment)

    entry = only_entry()
    assert (entry.action, entry.target_id, entry.snapshot) == (
        "comment.delete", str(comment_id), "Un insulto que nadie debe leer.")


def test_authors_deleting_their_own_reply_leave_no_copy_of_it():
    comment = CommentFactory()

    content.delete_comment(comment.author, comment)

    assert not AuditEntry.objects.exists()


def test_role_changes_and_removals_are_recorded_with_the_roles():
    owner, member = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner)
    membership = add_member(group, member)

    spaces.change_role(owner, membership, Membership.Role.ADMIN)
    spaces.remove_member(owner, Membership.objects.get(pk=membership.pk))

    changed, removed = AuditEntry.objects.order_by("id")
    assert (changed.action, changed.space_id, changed.extra) == (
        "space.role_change", group.pk, {"member": member.pk, "old": "member", "new": "admin"})
    assert (removed.action, removed.target_id, removed.extra) == (
        "space.member_remove", str(membership.pk), {"member": member.pk, "role": "admin"})


def test_a_refused_role_change_leaves_no_row():
    owner = UserFactory()
    group = SpaceFactory(owner=owner)

    with pytest.raises(ValidationError):
        spaces.change_role(owner, Membership.objects.get(space=group, user=owner), Membership.Role.MEMBER)

    assert not AuditEntry.objects.exists()


def test_approving_a_join_request_is_recorded_and_declining_is_not():
    owner = UserFactory()
    group = SpaceFactory(owner=owner, join_policy=Space.JoinPolicy.REQUEST)
    approved, declined = JoinRequestFactory(space=group), JoinRequestFactory(space=group)

    spaces.decide_join_request(owner, approved, approve=True)
    spaces.decide_join_request(owner, declined, approve=False)

    entry = only_entry()
    assert (entry.action, entry.space_id, entry.extra) == ("space.join_approve", group.pk, {"member": approved.user_id})


def test_choosing_a_translator_is_recorded():
    owner, member = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner)

    spaces.set_translator(owner, add_member(group, member), True)

    assert (only_entry().action, only_entry().extra) == (
        "space.translator_change", {"member": member.pk, "translator": True})


def test_account_approval_is_recorded(staff):
    pending = UserFactory(is_approved=False)

    approve_members(staff, [pending])

    assert (only_entry().action, only_entry().target_id) == ("account.approve", str(pending.pk))


def test_withdrawing_a_verification_keeps_who_had_verified(staff):
    verifier = UserFactory(username="verificadora", is_staff=True, profile__full_name="Marta Verificadora")
    member = UserFactory()
    verify_member(verifier, member)

    unverify_member(staff, member)

    verified, withdrawn = AuditEntry.objects.order_by("id")
    assert (verified.action, verified.actor_id, verified.extra) == (
        "account.verify", verifier.pk, {"method": "moderator"})
    assert withdrawn.action == "account.unverify"
    assert withdrawn.actor_id == staff.pk
    assert withdrawn.extra["verified_by"] == verifier.pk
    assert withdrawn.extra["verified_by_display"] == "Marta Verificadora (@verificadora)"
    assert withdrawn.extra["method"] == "moderator"
    assert Profile.objects.get(user=member).verified_by is None


def test_a_badge_from_an_institutional_address_is_recorded_as_the_system():
    VerifiedDomain.objects.create(domain="gob.es")
    member = UserFactory()

    grant_badge_for_verified_email(member, "ana@hacienda.gob.es")

    entry = only_entry()
    assert (entry.actor_id, entry.action, entry.extra) == (
        None, "account.verify", {"method": "domain", "domain": "hacienda.gob.es"})


def test_merging_organisations_names_the_duplicates(staff):
    keep = OrganisationFactory(name="Ayuntamiento de Vigo")
    duplicate = OrganisationFactory(name="Concello de Vigo")

    merge_organisations(staff, keep, [duplicate])

    entry = only_entry()
    assert (entry.action, entry.target_display, entry.snapshot, entry.extra) == (
        "organisation.merge", "Ayuntamiento de Vigo", "Concello de Vigo", {"merged": [duplicate.pk]})


def test_protecting_a_wiki_page_is_recorded(staff):
    owner = UserFactory()
    group = SpaceFactory(owner=owner)
    page = wikis.create_page(owner, space=group, title="Actas")

    wikis.set_protected(staff, page, True)
    wikis.set_protected(staff, page, False)

    assert list(AuditEntry.objects.order_by("id").values_list("action", "target_display", "space_id")) == [
        ("wiki.protect", "Actas", group.pk), ("wiki.unprotect", "Actas", group.pk)]


def test_moderators_removing_others_reviews_replications_and_attachments_keep_what_went(staff):
    from django.core.files.base import ContentFile

    from xarxa.content.models import Attachment
    from xarxa.library import services as library
    from xarxa.library.tests.factories import ReplicationFactory, ReviewFactory

    review = ReviewFactory(author=UserFactory(), rating=1, text="Un desastre.")
    replication = ReplicationFactory(member=UserFactory(), outcome="Nunca se aplicó.")
    group = SpaceFactory()
    item = ContentFactory(space=group)
    attachment = Attachment.objects.create(content=item, file=ContentFile(b"%PDF-1.4", name="actas.pdf"),
                                           name="actas.pdf", size=8, mime_type="application/pdf")
    ids = [str(review.pk), str(replication.pk), str(attachment.pk)]

    library.delete_review(staff, review)
    library.delete_replication(staff, replication)
    content.remove_attachment(staff, attachment)

    rows = AuditEntry.objects.order_by("id").values_list("action", "target_id", "snapshot", "space_id")
    assert list(rows) == [("library.review_delete", ids[0], "1/5 Un desastre.", None),
                          ("library.replication_delete", ids[1], "Nunca se aplicó.", None),
                          ("attachment.delete", ids[2], "actas.pdf", group.pk)]


def test_members_removing_their_own_review_leave_no_copy_of_it():
    from xarxa.library import services as library
    from xarxa.library.tests.factories import ReviewFactory

    review = ReviewFactory(author=UserFactory(profile__verification="moderator"))

    library.delete_review(review.author, review)

    assert not AuditEntry.objects.exists()
