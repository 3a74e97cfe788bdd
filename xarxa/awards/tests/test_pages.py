"""Every awards page answers within a pinned number of queries, whatever the number of rows (1 or 3), and an
edition's secret awards are a 404 to outsiders."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.awards import jury, voting
from xarxa.awards.models import Nomination, Stage
from xarxa.awards.tests.factories import FEATURES, category_in, eligible_nomination, move_to, organiser_of, voter
from xarxa.congress.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def world(n):
    category = category_in(Stage.VOTE)
    nominations = [eligible_nomination(category) for _i in range(n)]
    for i in range(n):
        voting.cast_vote(voter(), category, nominations[i], features={**FEATURES, "device": f"d{i}"})
    organiser = organiser_of(category)
    move_to(category, Stage.JURY)
    Nomination.objects.filter(category=category).update(status=Nomination.Status.FINALIST)
    juror = UserFactory()
    jury.add_juror(organiser, category, juror, is_chair=True)
    jury.set_rubric(organiser, category, [("Impacto", 2), ("Replicabilidad", 1)])
    return category, nominations, organiser, juror


def pages(category, nominations):
    slug = category.edition.space.slug
    return {
        "home": (reverse("awards:home", args=[slug]), 8),
        "category": (category.get_absolute_url(), 10),
        "review": (reverse("awards:review_votes", args=[slug, category.slug]), 12),
        "transparency": (reverse("awards:transparency", args=[slug]), 11),
        "announcement": (reverse("awards:announcement", args=[slug]), 6),
        "manage": (reverse("awards:manage_jury", args=[slug, category.slug]), 16),
        "export": (reverse("awards:export", args=[slug, category.slug, "json"]), 11),
        "nomination": (nominations[0].get_absolute_url(), 14),
    }


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("page", ["home", "category", "review", "transparency", "announcement", "manage", "export",
                                  "nomination"])
def test_organiser_pages_are_pinned(client, django_assert_num_queries, n, page):
    category, nominations, organiser, _juror = world(n)
    client.force_login(organiser)
    url, expected = pages(category, nominations)[page]
    client.get(url)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_jury_pages_are_pinned(client, django_assert_num_queries, n):
    category, nominations, _organiser, juror = world(n)
    client.force_login(juror)
    url = reverse("awards:jury", args=[category.edition.space.slug, category.slug])
    client.get(url)
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    url = reverse("awards:jury_nominee", args=[nominations[0].pk])
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


def test_a_secret_editions_awards_are_a_404_to_outsiders(client):
    edition = EditionFactory(space__visibility="secret")
    category = category_in(Stage.NOMINATIONS, edition=edition)
    nomination = eligible_nomination(category, author=organiser_of(category))
    client.force_login(UserFactory())
    slug = edition.space.slug
    for url in (reverse("awards:home", args=[slug]), category.get_absolute_url(),
                reverse("awards:transparency", args=[slug]), reverse("awards:announcement", args=[slug]),
                reverse("awards:nominate", args=[slug, category.slug]), nomination.get_absolute_url(),
                reverse("awards:export", args=[slug, category.slug, "csv"]),
                reverse("awards:jury_nominee", args=[nomination.pk])):
        assert client.get(url).status_code == 404, url
