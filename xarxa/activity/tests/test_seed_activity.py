import random

import pytest

from xarxa.accounts.tests.factories import UserFactory
from xarxa.activity.models import Activity
from xarxa.content.tests.factories import CommentFactory
from xarxa.debates.tests.factories import DebateFactory
from xarxa.demo.seed_activity import seed_activity

pytestmark = pytest.mark.django_db


def test_seed_activity_replays_the_seeded_acts():
    users = [UserFactory() for _ in range(4)]
    debate = DebateFactory(content__author=users[0])
    CommentFactory(content=debate.content, author=users[1])
    report = seed_activity(random.Random(1), users)
    assert report["activities"] == 2 and report["notifications"] == 1 and report["conversations"] == 2
    assert set(Activity.objects.values_list("verb", flat=True)) == {"published", "commented"}


def test_the_demo_groups_have_members_who_follow_them_closely():
    from xarxa.demo.seed_spaces import seed_spaces
    from xarxa.spaces.models import Membership, Space

    users = [UserFactory() for _ in range(40)]
    seed_spaces(random.Random(3), users, [], [])
    closely = Membership.objects.filter(follows_closely=True)
    assert closely.filter(role=Membership.Role.OWNER).count() == Space.objects.count() > 0
    members = Membership.objects.filter(role=Membership.Role.MEMBER)
    assert 0 < closely.filter(role=Membership.Role.MEMBER).count() < members.count() / 3
