"""Lists and pages cost the same whatever their length (1 and 3 items, one literal count).

Counts for a signed-in member: 2 of them are the session and the user. `member_in_group` is in conftest.py.
"""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content.models import Flag
from xarxa.debates.tests.factories import DebateFactory
from xarxa.debates.tests.test_queries import debate_with_replies
from xarxa.spaces import services as space_services
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("items", [1, 3])
def test_group_page(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    for _number in range(items):
        debate_with_replies(group, owner, member, 1)
    with django_assert_num_queries(11):  # … and whether the reader muted the group (the mute button)
        response = client.get(group.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_group_directory(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    for _number in range(items):
        SpaceFactory(owner=owner)
    with django_assert_num_queries(10):
        response = client.get(reverse("spaces:directory"))
    assert response.status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_group_members(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    for _number in range(items):
        add_member(group, UserFactory())
    with django_assert_num_queries(9):
        response = client.get(reverse("spaces:members", args=[group.slug]))
    assert response.status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_group_management(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    Space.objects.filter(pk=group.pk).update(join_policy=Space.JoinPolicy.REQUEST)
    group.refresh_from_db()
    for _number in range(items):
        add_member(group, UserFactory())
        space_services.request_to_join(UserFactory(), group, "Hola")
        space_services.invite_to_space(owner, group, email=f"x{_number}@example.org")
    client.force_login(owner)
    with django_assert_num_queries(12):
        assert client.get(reverse("spaces:manage", args=[group.slug])).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_moderation_queues(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    for _number in range(items):
        debate = DebateFactory(content__space=group)
        Flag.objects.create(reporter=UserFactory(), content=debate.content, space=group, reason="spam")
        network = DebateFactory()
        Flag.objects.create(reporter=UserFactory(), content=network.content, reason="spam")
    client.force_login(owner)
    with django_assert_num_queries(10):
        assert client.get(reverse("content:space_queue", args=[group.slug])).status_code == 200
    client.force_login(UserFactory(is_staff=True))
    with django_assert_num_queries(5):
        assert client.get(reverse("content:network_queue")).status_code == 200
