"""Notifications end with access: lists, the unread count and opening one re-check what the reader may see."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import services as content_services
from xarxa.debates.services import publish_debate
from xarxa.notifications import services
from xarxa.notifications.models import Notification
from xarxa.spaces import services as space_services
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def removed_member():
    """Ana was told of a reply in a private group, then left it (or was removed)."""
    ana, bea = UserFactory(username="ana"), UserFactory()
    group = SpaceFactory(owner=bea, visibility=Space.Visibility.PRIVATE)
    add_member(group, ana)
    debate = publish_debate(ana, space=group, title="PRIVATETITLE")
    content_services.add_comment(bea, debate.content, "Hola")
    assert Notification.objects.filter(recipient=ana).count() == 1
    space_services.leave_space(ana, group)
    return ana


def test_the_list_the_count_and_the_link_forget_what_the_member_can_no_longer_read(client, removed_member):
    client.force_login(removed_member)
    assert "PRIVATETITLE" not in client.get(reverse("notifications:list")).content.decode()
    assert services.unread_count(removed_member) == 0
    badge = client.get(reverse("notifications:badge")).content.decode()
    assert ">1<" not in badge.replace('<span class="visually-hidden">', "<")
    notification = Notification.objects.get(recipient=removed_member)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404


def test_an_invitation_withdrawn_from_a_secret_group_is_no_longer_told():
    owner, ana = UserFactory(), UserFactory(username="ana")
    group = SpaceFactory(owner=owner, name="SECRETNAME", visibility=Space.Visibility.SECRET,
                         join_policy=Space.JoinPolicy.INVITATION)
    invitation = space_services.invite_to_space(owner, group, username="ana")
    assert Notification.objects.visible_to(ana).count() == 1
    space_services.revoke_space_invitation(owner, invitation)
    assert not Notification.objects.visible_to(ana).exists()
    assert Notification.objects.filter(recipient=ana).count() == 1  # kept, in case access comes back
