"""Delete my account (GDPR article 17): after re-authentication, with a grace period the member ends by
signing in, then erased or anonymised as they chose; afterwards the whole database is searched for them."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.models import User
from xarxa.accounts.tests.factories import PASSWORD, UserFactory
from xarxa.audit.models import AuditEntry
from xarxa.content.models import Attachment, Comment, Content
from xarxa.core.testing import make_deferred_tasks_due, run_queued_tasks
from xarxa.messaging.models import Conversation, Message
from xarxa.privacy.models import AccountDeletion
from xarxa.privacy.services import request_account_deletion
from xarxa.privacy.tests.dbscan import places_holding
from xarxa.privacy.tests.world import EMAIL, FULL_NAME, PHONE, SECOND_EMAIL, USERNAME, member_with_a_life

pytestmark = pytest.mark.django_db

# The surname alone too: full-text indexes store words one by one.
IDENTIFIERS = [FULL_NAME, FULL_NAME.split()[-1], USERNAME, EMAIL, SECOND_EMAIL, PHONE]


def sign_in(client, email):
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def confirm_password(client):
    """allauth asks for the password again before a sensitive act."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def pass_the_grace_period():
    AccountDeletion.objects.update(due_at=timezone.now() - timedelta(minutes=1))


@pytest.fixture
def lived_in_world(client, django_capture_on_commit_callbacks):
    """The member's world, with its side effects run (notification mails sent, so task logs hold names) and
    the member signed in on a device."""
    with django_capture_on_commit_callbacks(execute=True):
        world = member_with_a_life()
    run_queued_tasks()
    sign_in(client, EMAIL)
    return world


def test_deleting_asks_for_the_password_again(client):
    client.force_login(UserFactory())
    response = client.get(reverse("privacy:delete_account"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate"))


def test_the_member_is_signed_out_and_signing_in_again_cancels(client, mailbox, settings):
    settings.XARXA_ACCOUNT_DELETION_GRACE_DAYS = 14
    member = UserFactory(language="en")  # the e-mail below is read in English
    sign_in(client, member.email)
    confirm_password(client)
    assert client.get(reverse("privacy:delete_account")).status_code == 200
    response = client.post(reverse("privacy:delete_account"), {"mode": "anonymise", "confirm": "on"})
    assert response.status_code == 200
    deletion = AccountDeletion.objects.get(user=member)
    assert deletion.mode == "anonymise"
    assert timedelta(days=13, hours=23) < deletion.due_at - timezone.now() <= timedelta(days=14)
    assert "_auth_user_id" not in client.session
    assert any(m["To"] == member.email and "deleted" in m["Subject"] for m in mailbox())

    sign_in(client, member.email)
    assert not AccountDeletion.objects.filter(user=member).exists()
    pass_the_grace_period()
    call_command("apply_privacy_retention", stdout=io.StringIO())
    assert User.objects.filter(pk=member.pk).exists()


def test_nothing_is_deleted_before_the_grace_period_ends(client):
    member = UserFactory()
    request_account_deletion(member, "erase")
    call_command("apply_privacy_retention", stdout=io.StringIO())
    assert User.objects.filter(pk=member.pk).exists()


def test_the_member_chooses_only_what_the_network_allows(client, settings):
    settings.XARXA_ACCOUNT_DELETION_CONTENT = "anonymise"
    member = UserFactory()
    sign_in(client, member.email)
    confirm_password(client)
    page = client.get(reverse("privacy:delete_account")).content.decode()
    assert 'value="erase"' not in page
    response = client.post(reverse("privacy:delete_account"), {"mode": "erase", "confirm": "on"})
    assert response.status_code == 200
    assert not AccountDeletion.objects.filter(user=member).exists()


def test_erase_removes_the_members_content_and_leaves_no_trace_of_them(
        client, lived_in_world, django_capture_on_commit_callbacks):
    world = lived_in_world
    member = world.member
    photo = member.profile.photo
    attachment = Attachment.objects.get(uploaded_by=member).file
    with django_capture_on_commit_callbacks(execute=True):
        request_account_deletion(member, "erase")
    run_queued_tasks()
    pass_the_grace_period()
    make_deferred_tasks_due()
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_tasks()  # the deletion task enqueued for the end of the grace period

    assert not User.objects.filter(pk=member.pk).exists()
    assert not Content.objects.filter(pk=world.own_debate.pk).exists()
    kept_reply = Comment.objects.get(content=world.friends_debate, replies__isnull=False)
    assert kept_reply.is_deleted and kept_reply.body == "" and kept_reply.author is None
    assert list(Comment.objects.filter(content=world.friends_debate).values_list("body", flat=True)) == [
        "", "Nosotros también."]
    world.friends_debate.refresh_from_db()
    assert world.friends_debate.comment_count == 1
    assert not photo.storage.exists(photo.name) and not attachment.storage.exists(attachment.name)
    assert_messages_stay_for_the_others(client, world)
    assert places_holding(IDENTIFIERS) == set()
    assert audited_for(member) == ["account.deletion_request", "account.erase"]


def test_anonymise_keeps_the_content_under_former_member_and_leaves_no_trace_of_them(
        client, lived_in_world, django_capture_on_commit_callbacks):
    world = lived_in_world
    member = world.member
    with django_capture_on_commit_callbacks(execute=True):
        request_account_deletion(member, "anonymise")
    run_queued_tasks()
    pass_the_grace_period()
    call_command("apply_privacy_retention", stdout=io.StringIO())

    assert not User.objects.filter(pk=member.pk).exists()
    world.own_debate.refresh_from_db()
    assert world.own_debate.author is None and world.own_debate.body == "Publicamos los contratos cada semana."
    assert Comment.objects.filter(content=world.friends_debate, author=None, is_deleted=False).count() == 2
    client.force_login(world.friend)
    page = client.get(world.own_debate.get_absolute_url()).content.decode()
    assert "Publicamos los contratos" in page and ("Former member" in page or "Antiguo miembro" in page
                                                   or "Exmiembro" in page or "Former member" in page)
    assert_messages_stay_for_the_others(client, world)
    assert places_holding(IDENTIFIERS) == set()
    assert audited_for(member) == ["account.deletion_request", "account.anonymise"]


def assert_messages_stay_for_the_others(client, world):
    conversation = Conversation.objects.get(participants__user=world.friend, messages__body__startswith="¿Hablamos")
    assert list(conversation.messages.values_list("sender", "body")) == [
        (None, "¿Hablamos el lunes del portal?"), (world.friend.pk, "Sí, el lunes a las diez.")]
    client.force_login(world.friend)
    page = client.get(conversation.get_absolute_url())
    assert page.status_code == 200 and "¿Hablamos el lunes del portal?" in page.content.decode()
    assert Message.objects.filter(body__startswith="Confidencial").exists()  # others' conversations untouched


def audited_for(member):
    """The trail names the member by id only, so it keeps the acts without keeping them."""
    return list(AuditEntry.objects.filter(extra__member_id=member.pk).order_by("pk").values_list("action", flat=True))
