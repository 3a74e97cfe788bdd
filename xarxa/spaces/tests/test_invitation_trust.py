"""Invitations bind only through a verified address, and inviting tells the inviter nothing about accounts."""

import importlib

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from xarxa.accounts.models import Profile
from xarxa.accounts.tests.factories import UserFactory
from xarxa.notifications.models import Kind, Notification
from xarxa.spaces import services
from xarxa.spaces.models import Membership, Space, SpaceInvitation
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def secret_group(owner):
    return SpaceFactory(owner=owner, name="Merger Ministry", visibility=Space.Visibility.SECRET,
                        join_policy=Space.JoinPolicy.INVITATION)


def test_an_address_nobody_has_verified_binds_the_invitation_to_nobody():
    owner = UserFactory()
    # The hijack: someone signs up with the boss's address and never confirms it.
    squatter = UserFactory(email="boss@ministerio.gob.es", verified_email=False)
    group = secret_group(owner)
    invitation = services.invite_to_space(owner, group, email="Boss@Ministerio.gob.es")
    assert invitation.user is None and invitation.to_newcomer
    assert not Notification.objects.filter(recipient=squatter).exists()
    assert not Space.objects.visible_to(squatter).filter(pk=group.pk).exists()
    with pytest.raises(Http404):
        services.access_space(squatter, group.slug)
    # Confirming some other address of theirs joins nothing.
    EmailAddress.objects.create(user=squatter, email="mine@example.org", verified=True)
    assert services.accept_invitations_for_verified_email(squatter, "mine@example.org") == []
    assert not Membership.objects.filter(space=group, user=squatter).exists()


def test_whoever_verifies_the_invited_address_joins():
    owner, member = UserFactory(), UserFactory()
    group = secret_group(owner)
    services.invite_to_space(owner, group, email="second@example.org")
    EmailAddress.objects.create(user=member, email="Second@example.org", verified=True)
    [membership] = services.accept_invitations_for_verified_email(member, "Second@example.org")
    assert membership.space == group and membership.user == member


def test_an_address_a_member_has_verified_binds_to_them_and_tells_them():
    owner, member = UserFactory(), UserFactory(email="ana@example.org")
    group = secret_group(owner)
    invitation = services.invite_to_space(owner, group, email="ana@example.org")
    assert invitation.user == member and not invitation.to_newcomer and invitation.by_email
    assert Notification.objects.filter(recipient=member, kind=Kind.INVITATION).exists()
    services.accept_space_invitation(member, invitation)
    assert Membership.objects.filter(space=group, user=member).exists()


def test_accepting_needs_a_verified_address():
    owner, member = UserFactory(), UserFactory(username="marta", verified_email=False)
    group = secret_group(owner)
    invitation = services.invite_to_space(owner, group, username="marta")
    with pytest.raises(PermissionDenied, match="Confirm your e-mail address"):
        services.accept_space_invitation(member, invitation)
    assert not Membership.objects.filter(space=group, user=member).exists()
    assert not member.has_perm("spaces.accept_invitation", invitation)
    EmailAddress.objects.filter(user=member).update(verified=True)
    vars(member).pop("_has_verified_email", None)
    assert member.has_perm("spaces.accept_invitation", invitation)
    services.accept_space_invitation(member, invitation)
    assert Membership.objects.filter(space=group, user=member).exists()


def test_holding_a_link_without_a_verified_address_is_not_enough(client):
    owner = UserFactory()
    group = secret_group(owner)
    invitation = services.invite_to_space(owner, group, email="someone@example.org")
    holder = UserFactory(verified_email=False)
    client.force_login(holder)
    client.post(invitation.get_absolute_url(), {"answer": "accept"})
    assert not Membership.objects.filter(space=group, user=holder).exists()
    invitation.refresh_from_db()
    assert invitation.is_pending


def _answer(client, group, email):
    response = client.post(reverse("spaces:manage", args=[group.slug]), {"username": "", "email": email},
                           follow=True)
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)] or [response.content.decode()]


def test_inviting_an_address_answers_the_same_whoever_owns_it(client):
    owner = UserFactory()
    group = secret_group(owner)
    hidden = UserFactory(username="hidden", email="hidden@example.org", profile__full_name="Hidden Person",
                         profile__visibility=Profile.Visibility.STAFF)
    shown = UserFactory(username="shown", email="shown@example.org", profile__full_name="Shown Person")
    add_member(group, shown)
    client.force_login(owner)
    answers = {email: _answer(client, group, email)
               for email in ("nobody@example.org", "hidden@example.org", "shown@example.org")}
    shapes = {tuple(text.replace(email, "<address>") for text in answer) for email, answer in answers.items()}
    assert len(shapes) == 1 and len(next(iter(shapes))) == 1 and "<address>" in next(iter(shapes))[0]
    page = client.get(reverse("spaces:manage", args=[group.slug])).content.decode()
    start = min(page.index(email) for email in answers)
    invitations = page[start:page.index("</ul>", start)]
    assert "hidden@example.org" in invitations
    assert "Hidden Person" not in invitations and "@hidden" not in invitations
    assert "Shown Person" not in invitations  # a member of the group, yet named only by the address typed
    assert SpaceInvitation.objects.get(email="hidden@example.org").user == hidden


def test_a_profile_hidden_from_the_inviter_cannot_be_found_by_username():
    owner = UserFactory()
    group = secret_group(owner)
    UserFactory(username="hidden", profile__visibility=Profile.Visibility.STAFF)
    with pytest.raises(ValidationError) as missing:
        services.invite_to_space(owner, group, username="nobody")
    with pytest.raises(ValidationError) as hidden:
        services.invite_to_space(owner, group, username="hidden")
    assert hidden.value.messages[0] == missing.value.messages[0].replace("nobody", "hidden")
    assert not SpaceInvitation.objects.exists()


def test_pending_invitations_bound_to_unverified_addresses_are_given_back_to_the_address():
    migration = importlib.import_module("xarxa.spaces.migrations.0003_invitation_by_email")
    owner = UserFactory()
    group = secret_group(owner)
    squatter = UserFactory(email="Boss@Ministerio.gob.es", verified_email=False)
    genuine = UserFactory()
    hijacked = SpaceInvitation.objects.create(space=group, invited_by=owner, user=squatter, email=squatter.email)
    sound = SpaceInvitation.objects.create(space=group, invited_by=owner, user=genuine, email=genuine.email)
    old_token = hijacked.token

    migration.unbind_unverified(apps, None)

    hijacked.refresh_from_db()
    assert (hijacked.user, hijacked.to_newcomer, hijacked.by_email) == (None, True, True)
    assert hijacked.email == "boss@ministerio.gob.es" and hijacked.token != old_token
    sound.refresh_from_db()
    assert sound.user == genuine and not sound.to_newcomer
    assert not Space.objects.visible_to(squatter).filter(pk=group.pk).exists()
