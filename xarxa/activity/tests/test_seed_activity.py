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
