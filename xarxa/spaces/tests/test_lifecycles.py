"""Join requests and invitations move only along their declared transitions; a refused one changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from xarxa.accounts.tests.factories import UserFactory
from xarxa.spaces import services
from xarxa.spaces.lifecycles import INVITATION, JOIN_REQUEST
from xarxa.spaces.models import JoinRequest, Space, SpaceInvitation
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def test_the_tables():
    assert JOIN_REQUEST.table() == [("approve", ["pending"], "approved"), ("decline", ["pending"], "declined")]
    assert [row[0] for row in INVITATION.table()] == ["accept", "decline", "revoke"]
    assert all(row[1] == ["pending"] for row in INVITATION.table())


def test_a_request_answered_once_cannot_be_answered_again():
    owner, member = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner, join_policy=Space.JoinPolicy.REQUEST)
    request = services.request_to_join(member, group, "Hola")
    services.decide_join_request(owner, request, approve=False)
    with pytest.raises(ValidationError):
        services.decide_join_request(owner, request, approve=True)
    assert JoinRequest.objects.get(pk=request.pk).status == JoinRequest.Status.DECLINED
    assert not group.memberships.filter(user=member).exists()


def test_only_pending_invitations_move_in_bulk():
    group = SpaceFactory()
    revoked = SpaceInvitation.objects.create(space=group, email="a@example.org",
                                             status=SpaceInvitation.Status.REVOKED)
    assert INVITATION.apply_to(SpaceInvitation.objects.filter(pk=revoked.pk), "accept") == 0
    revoked.refresh_from_db()
    assert revoked.status == SpaceInvitation.Status.REVOKED
