"""Lists and pages cost the same whatever their length (pretalx-style: 1 and 3 items, one literal count).

Counts for a signed-in member: 2 of them are the session and the user.
"""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content.tests.factories import CommentFactory, ReactionFactory
from xarxa.debates.tests.factories import DebateFactory
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def debate_with_replies(group, owner, member, count):
    debate = DebateFactory(content__space=group, content__author=owner)
    ReactionFactory(content=debate.content, user=member)
    for number in range(count):
        reply = CommentFactory(content=debate.content, author=member if number % 2 else owner)
        ReactionFactory(content=None, comment=reply, user=member, kind="insightful")
        if number % 3 == 0:  # some threads go a level deeper
            CommentFactory(content=debate.content, parent=reply, author=owner)
    return debate


@pytest.mark.parametrize("replies", [1, 3, 50])
def test_debate_page(client, django_assert_num_queries, member_in_group, replies):
    """14 queries with 1, 3 or 50 replies (50 replies + 17 second-level ones, each with reactions)."""
    group, owner, member = member_in_group
    debate = debate_with_replies(group, owner, member, replies)
    with django_assert_num_queries(14):
        response = client.get(debate.content.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_debate_list_across_groups(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    for _number in range(items):
        debate_with_replies(group, owner, member, 1)
        DebateFactory(content__space=SpaceFactory())  # in another group the reader may read
        DebateFactory()  # in the open network
    with django_assert_num_queries(8):
        response = client.get(reverse("debates:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("items", [1, 3])
@pytest.mark.parametrize("sort", ["newest", "active", "unanswered"])
def test_debate_list_in_a_group(client, django_assert_num_queries, member_in_group, items, sort):
    group, owner, member = member_in_group
    for _number in range(items):
        debate_with_replies(group, owner, member, 1)
        DebateFactory(content__space=group, content__is_pinned=True)
        DebateFactory(content__space=group)  # unanswered
    # Pinned debates and the page each cost a query, and one more for their versions in other languages.
    with django_assert_num_queries(12):
        response = client.get(reverse("debates:space_list", args=[group.slug]) + f"?sort={sort}")
    assert response.status_code == 200


def test_anonymous_debate_page_is_cheaper(client, django_assert_max_num_queries):
    group = SpaceFactory(owner=UserFactory())
    debate = debate_with_replies(group, group.memberships.get().user, UserFactory(), 3)
    with django_assert_max_num_queries(8):
        assert client.get(debate.content.get_absolute_url()).status_code == 200
