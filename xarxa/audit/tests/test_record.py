"""record() keeps who did what to which target, and the trail refuses every change: in Django and in the database."""

import pytest
from django.db import IntegrityError, connection, transaction

from xarxa.accounts.tests.factories import UserFactory
from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.audit.models import AppendOnlyError, AuditEntry
from xarxa.spaces.tests.factories import MembershipFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def test_record_keeps_actor_target_space_and_details():
    moderator = UserFactory(username="moderadora", profile__full_name="Ana Moderadora")
    membership = MembershipFactory()

    entry = record(moderator, Action.SPACE_ROLE_CHANGE, membership, reason="Organiza el grupo",
                   old_role="member", new_role="admin")

    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == moderator
    assert entry.actor_display == "Ana Moderadora (@moderadora)"
    assert entry.action == "space.role_change"
    assert entry.content_type.model_class() is type(membership)
    assert entry.target_id == str(membership.pk)
    assert entry.target_display == str(membership)
    assert entry.space_id == membership.space_id
    assert entry.reason == "Organiza el grupo"
    assert entry.extra == {"old_role": "member", "new_role": "admin"}


def test_record_takes_a_space_target_as_its_space_and_no_actor_for_the_system():
    space = SpaceFactory()

    entry = record(None, "space.member_remove", space)

    assert (entry.actor_id, entry.actor_display, entry.space_id) == (None, "", space.pk)


def test_record_refuses_unknown_action_codes():
    with pytest.raises(ValueError):
        record(None, "content.vanish")
    assert not AuditEntry.objects.exists()


def test_the_actor_stays_named_after_the_account_is_deleted():
    member = UserFactory(username="saliente", profile__full_name="Luis Saliente")
    member_id = member.pk
    entry = record(member, Action.ACCOUNT_DELETION_REQUEST, member)

    member.delete()

    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor_id, entry.actor_display) == (member_id, "Luis Saliente (@saliente)")
    assert entry.target_display == "Luis Saliente"


def test_deleting_the_space_leaves_its_entries_untouched():
    space = SpaceFactory()
    entry = record(None, Action.SPACE_MEMBER_REMOVE, space)

    space.delete()

    assert AuditEntry.objects.filter(pk=entry.pk, space_id=entry.space_id).exists()


# Append-only in the application ------------------------------------------------------------------

@pytest.fixture
def entry():
    return record(UserFactory(), Action.CONTENT_HIDE, SpaceFactory(), reason="spam")


@pytest.mark.parametrize("change", [
    lambda e: e.save(),
    lambda e: e.delete(),
    lambda e: AuditEntry.objects.filter(pk=e.pk).update(reason="nothing happened"),
    lambda e: AuditEntry.objects.filter(pk=e.pk).delete(),
    lambda e: AuditEntry.objects.all().delete(),
    lambda e: AuditEntry.objects.bulk_update([e], ["reason"]),
], ids=["save", "delete", "queryset-update", "queryset-delete", "delete-all", "bulk-update"])
def test_the_application_refuses_to_change_or_delete_an_entry(entry, change):
    entry.reason = "nothing happened"

    with pytest.raises(AppendOnlyError):
        change(entry)

    assert AuditEntry.objects.get(pk=entry.pk).reason == "spam"


# Append-only in the database (SQLite and PostgreSQL) ---------------------------------------------

@pytest.mark.parametrize("statement", [
    "UPDATE audit_entry SET reason = 'nothing happened' WHERE id = %s",
    "DELETE FROM audit_entry WHERE id = %s",
], ids=["update", "delete"])
def test_the_database_refuses_to_change_or_delete_an_entry(entry, statement):
    with pytest.raises(IntegrityError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])

    assert AuditEntry.objects.get(pk=entry.pk).reason == "spam"


def test_the_database_still_accepts_new_entries(entry):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit_entry (actor_display, action, target_id, target_display, snapshot, reason,"
                       " extra, created_at) SELECT '', 'content.hide', '', '', '', 'by hand', extra, created_at"
                       " FROM audit_entry WHERE id = %s", [entry.pk])

    assert AuditEntry.objects.filter(reason="by hand").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_records_can_still_empty_the_database():
    """Such tests end by emptying every table; on SQLite that is a DELETE, which the trigger refuses
    unless the test set-up lifts it for that one purpose (conftest.py)."""
    record(None, Action.CONTENT_HIDE, reason="in a transactional test")

    assert AuditEntry.objects.count() == 1
