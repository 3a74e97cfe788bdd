"""The demo's lab: two challenges from two administrations, three teams at different stages on the first,
one project transferred to the library."""

import random

import pytest
from django.urls import reverse

from xarxa.accounts.models import Profile
from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.demo.community import start_of_today
from xarxa.demo.seed_lab import seed_lab
from xarxa.lab.models import Challenge, Project
from xarxa.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def people():
    users = [UserFactory(username="admin", is_staff=True)]
    for kind, count in (("administration", 4), ("university", 3), ("company", 3), ("nonprofit", 3)):
        for _ in range(count):
            level = Organisation.Level.LOCAL if kind == "administration" else ""
            user = UserFactory()
            Profile.objects.filter(user=user).update(organisation=OrganisationFactory(kind=kind, level=level))
            users.append(user)
    return users


def test_the_demo_lab_has_two_challenges_three_stages_and_a_transfer(client):
    report = seed_lab(random.Random("7-lab"), people(), start_of_today())
    assert report.lab_challenges == 2 and report.lab_projects == 3 and report.lab_transferred == 1
    challenges = Challenge.objects.all()
    assert len({c.organisation_id for c in challenges}) == 2
    assert all(c.review == "approved" for c in challenges)
    stages = sorted(Project.objects.values_list("stage", flat=True))
    assert stages == ["define", "prototype", "transferred"]
    transferred = Project.objects.get(stage="transferred")
    assert transferred.resource.content.status == "published" and transferred.tester_feedback.count() == 3
    page = client.get(reverse("lab:home"))
    assert page.status_code == 200
    assert client.get(transferred.get_absolute_url()).status_code == 200
