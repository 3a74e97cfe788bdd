"""The demo's past congress: a published programme people can browse, with a change listed."""

import random

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress.models import Edition, Phase, ProgrammeChange, Session, Star
from xarxa.demo.community import start_of_today
from xarxa.demo.seed_congress import seed_congress

pytestmark = pytest.mark.django_db


def test_the_past_edition_has_a_published_programme_with_materials_and_a_change(client):
    users = [UserFactory(username="admin"), UserFactory(username="ana"), *UserFactory.create_batch(30)]
    report = seed_congress(random.Random("7-congress"), users, start_of_today())
    edition = Edition.objects.get()
    assert edition.phase == Phase.AFTERWARDS
    assert report.congress_sessions == Session.objects.count() == 21
    assert edition.programme_versions.count() == 2
    assert ProgrammeChange.objects.filter(kind=ProgrammeChange.Kind.ROOM).exists()
    assert Star.objects.filter(user__username="ana").count() == 4
    page = client.get(reverse("congress:programme", args=[edition.space.slug]))
    assert page.status_code == 200 and page.context["count"] == 21
    assert all(session.links for session in Session.objects.exclude(is_plenary=True))
    assert seed_congress(random.Random("7-congress"), users, start_of_today()).congress_sessions == 0  # once
