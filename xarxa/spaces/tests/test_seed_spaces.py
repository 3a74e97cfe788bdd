import random

import pytest

from xarxa.accounts.tests.factories import OrganisationFactory, TopicFactory, UserFactory
from xarxa.content.models import Comment, Content, Reaction
from xarxa.content.services import recount_comments
from xarxa.demo.seed_spaces import seed_spaces
from xarxa.spaces.models import Membership, Space

pytestmark = pytest.mark.django_db


def signature():
    return (
        sorted(Space.objects.values_list("name", "visibility", "join_policy", "member_count")),
        sorted(Membership.objects.values_list("space__name", "user__username", "role")),
        sorted(Content.objects.values_list("title", "language", "comment_count", "space__name")),
        Comment.objects.count(),
        Reaction.objects.count(),
    )


def test_seed_spaces_makes_a_living_and_repeatable_set_of_groups():
    users = UserFactory.create_batch(12)
    topics = [TopicFactory(name="Compra pública", slug="compra-publica"),
              TopicFactory(name="Gobierno local", slug="gobierno-local"), TopicFactory()]
    organisations = [OrganisationFactory()]

    report = seed_spaces(random.Random(7), users, topics, organisations)
    assert {visibility for visibility, in Space.objects.values_list("visibility")} == set(Space.Visibility.values)
    assert report.groups == Space.objects.count() and report.debates > report.groups
    assert {language for language, in Content.objects.values_list("language")} >= {"es", "pt", "ca", "en"}
    assert Content.objects.filter(original__isnull=False).exists()  # versions in other languages
    for space in Space.objects.all():
        assert space.member_count == space.memberships.count()
        assert space.memberships.filter(role="owner").count() == 1
    for content in Content.objects.filter(original__isnull=True):
        stored = content.comment_count
        recount_comments(content)
        assert content.comment_count == stored
    first = signature()

    Space.objects.all().delete()
    Content.objects.all().delete()
    seed_spaces(random.Random(7), users, topics, organisations)
    assert signature() == first
