"""The demo's coming congress: proposals being voted on, a committee with a rubric and a conflict."""

import random

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.congress.models import CoSpeaker, Edition, Phase, Proposal, ReviewAssignment, Vote
from xarxa.congress.review import conflicts_for
from xarxa.demo.community import start_of_today
from xarxa.demo.seed_congress_call import seed_congress_call

pytestmark = pytest.mark.django_db


def test_the_coming_edition_is_in_its_community_vote_with_a_committee_ready(client):
    town = OrganisationFactory()
    users = [UserFactory(username="admin"), UserFactory(username="ana"), *UserFactory.create_batch(30)]
    for user in users[2:]:
        user.profile.organisation = town if user.pk % 2 else None
        user.profile.save()
    report = seed_congress_call(random.Random("7-congress-call"), users, start_of_today())
    edition = Edition.objects.get()
    assert edition.phase == Phase.VOTE
    assert report.congress_call_proposals == Proposal.objects.filter(state="submitted").count() == 8
    assert report.congress_call_votes == Vote.objects.count() > 0
    assert CoSpeaker.objects.filter(status="confirmed").count() == 2
    assert CoSpeaker.objects.filter(status="pending", user__username="ana").count() == 1
    assert edition.criteria.count() == 3 and edition.committee.count() == 3
    assignments = set(ReviewAssignment.objects.values_list("reviewer_id", "proposal_id"))
    assert assignments and not assignments & conflicts_for({r for r, _p in assignments}, Proposal.objects.values_list(
        "pk", flat=True))
    client.force_login(users[1])
    assert client.get(reverse("congress:committee", args=[edition.space.slug])).status_code == 200
    assert client.get(reverse("congress:speaking")).context["invitations"]
    assert seed_congress_call(random.Random("7-congress-call"), users, start_of_today()).congress_call_proposals == 0
