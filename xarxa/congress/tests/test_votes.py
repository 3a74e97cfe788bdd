import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress import services
from xarxa.congress.models import Phase, Proposal, Vote
from xarxa.congress.tests.factories import edition_in, proposal_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def proposal_in_the_vote(**edition_fields):
    """A proposal submitted during the call, the edition then moved on to the vote."""
    from datetime import timedelta

    edition = edition_in(Phase.CALL, **edition_fields)
    proposal = proposal_for(edition, UserFactory())
    edition.vote_opens_at = edition.call_opens_at + timedelta(hours=1)
    edition.save()
    assert edition.phase == Phase.VOTE
    return Proposal.objects.select_related("edition__space", "content").get(pk=proposal.pk)


def test_a_member_votes_and_changes_their_mind_while_the_vote_is_open(client):
    proposal = proposal_in_the_vote()
    voter = UserFactory()
    client.force_login(voter)
    client.post(reverse("congress:vote", args=[proposal.pk]))
    assert Vote.objects.filter(proposal=proposal, user=voter).exists()
    assert Proposal.objects.get(pk=proposal.pk).vote_count == 1
    assert client.get(proposal.get_absolute_url()).context["has_voted"] is True
    client.post(reverse("congress:vote", args=[proposal.pk]), {"take_back": "1"})
    assert not Vote.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).vote_count == 0


def test_a_second_vote_is_refused_and_changes_nothing(client):
    proposal = proposal_in_the_vote()
    voter = UserFactory()
    services.cast_vote(voter, proposal)
    with pytest.raises(ValidationError) as refused:
        services.cast_vote(voter, proposal)
    assert refused.value.code == "already_voted"
    client.force_login(voter)
    client.post(reverse("congress:vote", args=[proposal.pk]))
    assert Vote.objects.count() == 1 and Proposal.objects.get(pk=proposal.pk).vote_count == 1


def test_the_database_holds_one_vote_per_member_per_proposal():
    proposal = proposal_in_the_vote()
    voter = UserFactory()
    Vote.objects.create(proposal=proposal, user=voter)
    with pytest.raises(IntegrityError):
        Vote.objects.create(proposal=proposal, user=voter)


@pytest.mark.parametrize("phase", [Phase.CALL, Phase.REVIEW])
def test_no_votes_outside_the_vote(phase):
    edition = edition_in(Phase.CALL)
    proposal = proposal_for(edition, UserFactory())
    if phase == Phase.REVIEW:
        edition.vote_opens_at = edition.call_opens_at + (edition.vote_opens_at - edition.call_opens_at) / 60
        edition.review_opens_at = edition.vote_opens_at + (edition.vote_opens_at - edition.call_opens_at)
        edition.save()
        assert edition.phase == Phase.REVIEW
    proposal = Proposal.objects.get(pk=proposal.pk)
    with pytest.raises(ValidationError) as refused:
        services.cast_vote(UserFactory(), proposal)
    assert refused.value.code == "vote_closed"
    assert not Vote.objects.exists()


def test_no_vote_for_ones_own_proposal():
    proposal = proposal_in_the_vote()
    with pytest.raises(PermissionDenied):
        services.cast_vote(proposal.content.author, proposal)
    assert not Vote.objects.exists()


def test_only_verified_public_employees_vote_when_the_organisers_choose():
    proposal = proposal_in_the_vote(only_verified_vote=True)
    with pytest.raises(PermissionDenied):
        services.cast_vote(UserFactory(), proposal)
    verified = UserFactory()
    verified.profile.verification = "domain"
    verified.profile.save()
    services.cast_vote(verified, proposal)
    assert list(Vote.objects.values_list("user", flat=True)) == [verified.pk]


def test_the_count_is_for_the_committee_and_never_who_voted(client):
    organiser = UserFactory()
    proposal = proposal_in_the_vote(space__owner=organiser)
    voter = UserFactory()
    services.cast_vote(voter, proposal)
    client.force_login(UserFactory())
    page = client.get(proposal.get_absolute_url())
    assert page.context["can_see_vote_count"] is False
    assert "1 vote" not in page.content.decode()
    listing = client.get(reverse("congress:proposals", args=[proposal.edition.space.slug]))
    assert listing.context["show_vote_counts"] is False
    client.force_login(organiser)
    page = client.get(proposal.get_absolute_url())
    assert page.context["can_see_vote_count"] is True
    html = page.content.decode()
    assert "1 vote" in html
    assert voter.username not in html and voter.profile.full_name not in html


@pytest.mark.parametrize("items", [1, 3])
def test_proposal_list_with_votes_queries(client, django_assert_num_queries, items):
    from datetime import timedelta

    edition = edition_in(Phase.CALL)
    for _n in range(items):
        proposal_for(edition, UserFactory())
    edition.vote_opens_at = edition.call_opens_at + timedelta(hours=1)
    edition.save()
    member = UserFactory()
    for proposal in Proposal.objects.all():
        services.cast_vote(member, Proposal.objects.select_related("edition", "content").get(pk=proposal.pk))
    client.force_login(member)
    # The call's nine plus the committee check for the counts (membership, committee row); the "you
    # voted" mark is in the rows' query: none per proposal.
    with django_assert_num_queries(11):
        page = client.get(reverse("congress:proposals", args=[edition.space.slug]))
    assert all(row.viewer_voted for row in page.context["page"].object_list)
