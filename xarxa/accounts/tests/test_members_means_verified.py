"""Members-only means verified members: an account whose e-mail address is not confirmed (in open sign-up,
anyone who registers any address) reads no members-only group content and sees no members-only profile or
detail, on any surface; confirming the address opens them."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from xarxa.accounts.details import audiences_of
from xarxa.accounts.models import Profile
from xarxa.accounts.rules import is_verified_member, profile_details_are_visible
from xarxa.accounts.tests.factories import UserFactory
from xarxa.content.models import Content
from xarxa.debates.tests.factories import DebateFactory
from xarxa.search import services as search
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    space = SpaceFactory(name="Grupo de miembros", visibility=Space.Visibility.MEMBERS)
    debate = DebateFactory(content__space=space, content__title="Solo para miembros verificados")
    colleague = UserFactory(username="colega", profile__full_name="Colega Reservada",
                            profile__headline="Cargo para miembros", profile__visibility=Profile.Visibility.MEMBERS)
    newcomer = UserFactory(username="recien", email="jefe@ministerio.example")
    EmailAddress.objects.filter(user=newcomer).update(verified=False)
    return {"space": space, "debate": debate, "colleague": colleague, "newcomer": newcomer}


def confirm(user):
    EmailAddress.objects.filter(user=user).update(verified=True)
    return type(user).objects.get(pk=user.pk)  # a fresh object: nothing cached from before


def test_an_unverified_account_reads_nothing_members_only_until_it_confirms(client, world):
    newcomer, debate, space = world["newcomer"], world["debate"], world["space"]
    assert not is_verified_member(newcomer)
    assert not Content.objects.visible_to(newcomer).filter(pk=debate.content.pk).exists()
    assert space not in Space.objects.readable_by(newcomer)
    assert space in Space.objects.visible_to(newcomer)  # it may know the group exists
    client.force_login(newcomer)
    assert client.get(debate.content.get_absolute_url()).status_code == 404
    assert "Solo para miembros" not in client.get(reverse("debates:list")).content.decode()
    assert not [row for row in search.search(newcomer, "miembros verificados").rows if row.kind == "debate"]

    newcomer = confirm(newcomer)
    assert is_verified_member(newcomer)
    assert Content.objects.visible_to(newcomer).filter(pk=debate.content.pk).exists()
    assert client.get(debate.content.get_absolute_url()).status_code == 200
    assert "Solo para miembros" in client.get(reverse("debates:list")).content.decode()


def test_an_unverified_account_sees_no_members_only_profile(client, world):
    newcomer, colleague = world["newcomer"], world["colleague"]
    assert not profile_details_are_visible(newcomer, colleague.profile)
    assert not Profile.objects.visible_to(newcomer).filter(pk=colleague.profile.pk).exists()
    assert audiences_of(newcomer) == [Profile.Visibility.EVERYONE]
    client.force_login(newcomer)
    assert "Cargo para miembros" not in client.get(reverse("accounts:profile", args=["colega"])).content.decode()
    assert "Cargo para miembros" not in client.get(reverse("accounts:directory")).content.decode()
    assert not [row for row in search.search(newcomer, "Colega Reservada").rows if row.kind == "member"]

    newcomer = confirm(newcomer)
    assert profile_details_are_visible(newcomer, colleague.profile)
    assert Profile.objects.visible_to(newcomer).filter(pk=colleague.profile.pk).exists()
    assert "Cargo para miembros" in client.get(reverse("accounts:profile", args=["colega"])).content.decode()
    assert [row for row in search.search(newcomer, "Colega Reservada").rows if row.kind == "member"]


def test_approval_counts_where_the_network_approves_members(world):
    waiting = UserFactory(is_approved=False)
    assert not is_verified_member(waiting)
    assert world["space"] not in Space.objects.readable_by(waiting)


def test_the_visibility_choice_says_who_members_are(client):
    from django.utils import translation

    with translation.override("en"):
        assert "confirmed e-mail address" in str(Space.Visibility.MEMBERS.label)
        assert "confirmed e-mail address" in str(Profile.Visibility.MEMBERS.label)
    with translation.override("es"):  # the default language says it too
        assert "correo confirmada" in str(Space.Visibility.MEMBERS.label)


def test_an_unverified_account_cannot_join_an_open_members_only_group_to_read_it(world):
    from django.core.exceptions import PermissionDenied

    from xarxa.spaces.models import Membership
    from xarxa.spaces.services import join_space

    space, newcomer = world["space"], world["newcomer"]
    Space.objects.filter(pk=space.pk).update(join_policy=Space.JoinPolicy.OPEN)
    space.refresh_from_db()
    with pytest.raises(PermissionDenied):
        join_space(newcomer, space)
    assert not Membership.objects.filter(space=space, user=newcomer).exists()
    assert join_space(confirm(newcomer), space).space == space
