"""The demo's awards: a decided past edition (fraud caught, a jury, winners in the library) and a coming one
with nominations open."""

import random
from datetime import timedelta

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.awards.models import Category, Nomination, Stage
from xarxa.awards.vote_models import Review, Vote
from xarxa.congress.services import create_edition
from xarxa.demo.community import start_of_today
from xarxa.demo.seed_awards import seed_awards

pytestmark = pytest.mark.django_db


def test_a_decided_edition_and_one_with_nominations_open(client):
    today = start_of_today()
    for n in range(6):
        OrganisationFactory(level="local" if n % 2 else "regional")
    admin = UserFactory(username="admin")
    users = [admin, *UserFactory.create_batch(40)]
    past = create_edition(admin, name="Congreso pasado", starts_on=(today - timedelta(days=150)).date(),
                          ends_on=(today - timedelta(days=149)).date())
    coming = create_edition(admin, name="Congreso próximo", starts_on=(today + timedelta(days=120)).date(),
                            ends_on=(today + timedelta(days=121)).date())
    report = seed_awards(random.Random("7-awards"), users, today)
    decided = Category.objects.filter(edition=past)
    assert decided.count() == 2 and all(c.stage == Stage.ANNOUNCED for c in decided)
    for category in decided:
        votes = Vote.objects.filter(category=category)
        assert votes.filter(review=Review.INVALID).exists() and votes.filter(review=Review.VALID).exists()
        assert not votes.filter(review=Review.PENDING).exists()
        for signal in Vote.SIGNALS:
            assert votes.filter(**{signal: True}).exists(), signal
        assert Nomination.objects.filter(category=category, award="winner").count() == 1
        assert Nomination.objects.filter(category=category, in_library_at__isnull=False).exists()
    assert report.award_votes == Vote.objects.count() and report.award_votes_invalidated > 0
    open_categories = Category.objects.filter(edition=coming)
    assert {c.stage for c in open_categories} == {Stage.NOMINATIONS}
    assert Nomination.objects.filter(category__edition=coming, status="proposed").exists()
    page = client.get(reverse("awards:announcement", args=[past.space.slug]))
    assert page.status_code == 200 and "Licencias de obra" in page.content.decode() or page.context["sections"]
    assert seed_awards(random.Random("7-awards"), users, today).award_categories == 0
