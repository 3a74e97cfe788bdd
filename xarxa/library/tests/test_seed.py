import random

import pytest

from xarxa.accounts.tests.factories import OrganisationFactory, TopicFactory, UserFactory
from xarxa.demo.seed_library import seed_library
from xarxa.library.models import Collection, Replication, Resource, Review

pytestmark = pytest.mark.django_db


def test_demo_library_is_deterministic_and_consistent():
    users = [UserFactory(profile__verification="domain" if n % 2 else "") for n in range(6)]
    topics = [TopicFactory(slug="datos-abiertos", name="Datos abiertos"), TopicFactory(slug="salud", name="Salud")]
    report = seed_library(random.Random(7), users, topics, [OrganisationFactory()], count=60)
    assert report.resources == Resource.objects.count() == 60
    assert Replication.objects.count() == report.replications > 0
    assert all(r.author.profile.is_verified_employee for r in Review.objects.select_related("author__profile"))
    for resource in Resource.objects.all()[:20]:
        assert resource.replication_count == resource.replications.count()
    assert Collection.objects.filter(is_curated=True).count() == 1
    titles = list(Resource.objects.order_by("pk").values_list("content__title", flat=True))
    Resource.objects.all().delete()
    seed_library(random.Random(7), users, topics, [OrganisationFactory()], count=60)
    assert list(Resource.objects.order_by("pk").values_list("content__title", flat=True)) == titles
