import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xarxa.accounts.tests.factories import TopicFactory, UserFactory
from xarxa.spaces import services
from xarxa.spaces.models import JoinRequest, Membership, Space, SpaceInvitation
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db
Role = Membership.Role


def snapshot():
    """Everything the membership services may touch, to prove a refused act changed nothing."""
    return (
        sorted(Membership.objects.values_list("space_id", "user_id", "role")),
        sorted(JoinRequest.objects.values_list("space_id", "user_id", "status")),
        sorted(SpaceInvitation.objects.values_list("space_id", "email", "status")),
        sorted(Space.objects.values_list("pk", "member_count", "name")),
    )


def test_creating_a_group_makes_the_creator_its_owner():
    ana = UserFactory()
    topic = TopicFactory(name="Open data", slug="open-data")
    group = services.create_space(ana, name="Datos abiertos", description="Compartimos *portales*.",
                                  visibility=Space.Visibility.PRIVATE, topics=[topic])
    assert group.slug == "datos-abiertos"
    assert group.kind == Space.Kind.GROUP
    assert "<em>portales</em>" in group.description_html
    assert list(group.topics.all()) == [topic]
    assert Membership.objects.get(space=group).role == Role.OWNER
    assert group.member_count == 1
    other = services.create_space(ana, name="Datos abiertos")
    assert re.fullmatch(r"datos-abiertos-[0-9a-f]{6}", other.slug)


def test_slugs_of_new_groups_never_count_or_reveal_secret_namesakes():
    ana, bea = UserFactory(), UserFactory()
    secret = services.create_space(ana, name="Merger Ministry", visibility=Space.Visibility.SECRET)
    assert re.fullmatch(r"merger-ministry-[0-9a-f]{6}", secret.slug)
    public = services.create_space(bea, name="Merger Ministry")
    assert public.slug == "merger-ministry"  # the secret group did not take the plain name


def test_an_unverified_member_cannot_create_a_group():
    newcomer = UserFactory(verified_email=False)
    with pytest.raises(PermissionDenied, match="Confirm your e-mail"):
        services.create_space(newcomer, name="Nope")
    assert not Space.objects.exists()


def test_anyone_approved_can_join_an_open_group_and_leave_it():
    owner, luis = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner)
    services.join_space(luis, group)
    assert group.member_count == 2
    services.join_space(luis, group)  # twice is harmless
    assert Membership.objects.filter(space=group).count() == 2
    services.leave_space(luis, group)
    assert group.member_count == 1
    assert not Membership.objects.filter(space=group, user=luis).exists()


def test_the_last_owner_cannot_leave_without_handing_over():
    owner, luis = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner)
    membership = add_member(group, luis)
    before = snapshot()
    with pytest.raises(ValidationError, match="only owner"):
        services.leave_space(owner, group)
    assert snapshot() == before
    services.change_role(owner, membership, Role.OWNER)
    services.leave_space(owner, group)
    assert Membership.objects.get(space=group).user == luis


@pytest.mark.parametrize("policy", [Space.JoinPolicy.REQUEST, Space.JoinPolicy.INVITATION])
def test_joining_directly_is_refused_unless_the_group_is_open(policy):
    group = SpaceFactory(owner=UserFactory(), join_policy=policy)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.join_space(UserFactory(), group)
    assert snapshot() == before


def test_request_to_join_a_private_group_then_approve():
    owner, luis = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner, visibility=Space.Visibility.PRIVATE, join_policy=Space.JoinPolicy.REQUEST)
    request = services.request_to_join(luis, group, "Trabajo en compras públicas.")
    with pytest.raises(ValidationError, match="already asked"):
        services.request_to_join(luis, group)
    with pytest.raises(PermissionDenied):
        services.decide_join_request(luis, request, approve=True)
    services.decide_join_request(owner, request, approve=True, response="¡Bienvenido!")
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.APPROVED and request.decided_by == owner
    assert Membership.objects.filter(space=group, user=luis, role=Role.MEMBER).exists()
    with pytest.raises(ValidationError, match="already answered"):
        services.decide_join_request(owner, request, approve=False)


def test_a_declined_request_keeps_the_member_out_and_tells_them_why(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner, luis = UserFactory(), UserFactory(language="en")
    group = SpaceFactory(owner=owner, join_policy=Space.JoinPolicy.REQUEST)
    request = services.request_to_join(luis, group)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_join_request(owner, request, approve=False, response="Solo personal municipal.")
    assert JoinRequest.objects.get().status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=luis).exists()
    [message] = mail.outbox
    assert message.to == [luis.email] and "declined" in message.body and "Solo personal municipal." in message.body


def test_admins_manage_members_but_only_owners_touch_owners():
    owner, admin, member = UserFactory(), UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner)
    admin_membership = add_member(group, admin, Role.ADMIN)
    member_membership = add_member(group, member)
    services.change_role(admin, member_membership, Role.MODERATOR)
    assert Membership.objects.get(user=member).role == Role.MODERATOR
    with pytest.raises(PermissionDenied, match="owner"):
        services.change_role(admin, member_membership, Role.OWNER)
    owner_membership = Membership.objects.get(user=owner)
    with pytest.raises(PermissionDenied):
        services.remove_member(admin, owner_membership)
    with pytest.raises(PermissionDenied):
        services.change_role(member, admin_membership, Role.MEMBER)
    with pytest.raises(ValidationError, match="at least one owner"):
        services.change_role(owner, owner_membership, Role.MEMBER)
    services.remove_member(admin, member_membership)
    assert group.member_count == 2


def test_invite_by_username_then_accept():
    owner, marta = UserFactory(), UserFactory(username="marta")
    group = SpaceFactory(owner=owner, visibility=Space.Visibility.SECRET, join_policy=Space.JoinPolicy.INVITATION)
    with pytest.raises(Http404):
        services.access_space(marta, group.slug)
    invitation = services.invite_to_space(owner, group, username="@marta")
    assert invitation.user == marta and not invitation.to_newcomer
    # The invited member may now know the secret group exists, and join it.
    assert services.access_space(marta, group.slug) == group
    assert Space.objects.visible_to(marta).filter(pk=group.pk).exists()
    with pytest.raises(ValidationError, match="already been invited"):
        services.invite_to_space(owner, group, username="marta")
    services.accept_space_invitation(marta, invitation)
    assert Membership.objects.filter(space=group, user=marta).exists()
    invitation.refresh_from_db()
    assert invitation.status == SpaceInvitation.Status.ACCEPTED


def test_invitation_errors_are_clear_and_change_nothing():
    owner, member = UserFactory(), UserFactory(username="pau")
    group = SpaceFactory(owner=owner)
    add_member(group, member)
    before = snapshot()
    with pytest.raises(ValidationError, match="no member with the username"):
        services.invite_to_space(owner, group, username="nobody")
    with pytest.raises(ValidationError, match="already a member"):
        services.invite_to_space(owner, group, username="pau")
    with pytest.raises(ValidationError, match="either"):
        services.invite_to_space(owner, group)
    with pytest.raises(PermissionDenied):
        services.invite_to_space(member, group, email="x@example.org")
    assert snapshot() == before


def test_an_invitation_for_someone_else_cannot_be_accepted():
    owner, marta, intruder = UserFactory(), UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner, join_policy=Space.JoinPolicy.INVITATION)
    invitation = services.invite_to_space(owner, group, username=marta.username)
    with pytest.raises(PermissionDenied, match="another member"):
        services.accept_space_invitation(intruder, invitation)
    assert not Membership.objects.filter(user=intruder).exists()


def test_invitation_to_an_address_without_an_account_is_sent_by_mail(settings, django_capture_on_commit_callbacks):
    # Read from Django's in-memory outbox: delivery through the task queue is core's to test.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner = UserFactory()
    group = SpaceFactory(owner=owner, name="Compras públicas")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_to_space(owner, group, email="New.Person@Example.org")
    assert invitation.to_newcomer and invitation.user is None and invitation.email == "new.person@example.org"
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert "Compras públicas" in message.subject
    assert invitation.token in message.body


def test_confirming_the_invited_address_joins_the_group():
    owner = UserFactory()
    group = SpaceFactory(owner=owner, visibility=Space.Visibility.PRIVATE, join_policy=Space.JoinPolicy.INVITATION)
    services.invite_to_space(owner, group, email="newcomer@example.org")
    newcomer = UserFactory(email="newcomer@example.org")
    services.accept_invitations_for_verified_email(newcomer, "newcomer@example.org")
    assert Membership.objects.filter(space=group, user=newcomer).exists()


def test_staff_see_and_manage_every_space():
    staff = UserFactory(is_staff=True)
    group = SpaceFactory(owner=UserFactory(), visibility=Space.Visibility.SECRET)
    assert services.access_space(staff, group.slug) == group
    services.update_space(staff, group, name="Renamed")
    assert Space.objects.get(pk=group.pk).name == "Renamed"


def test_only_managers_edit_a_group():
    owner, member = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner)
    add_member(group, member)
    with pytest.raises(PermissionDenied):
        services.update_space(member, group, name="Hijacked")
    assert Space.objects.get(pk=group.pk).name == group.name


@pytest.fixture(autouse=True)
def english():
    """The messages matched above are the English source strings."""
    from django.utils import translation

    with translation.override("en"):
        yield
