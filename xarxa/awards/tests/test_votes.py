from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.awards import results, voting
from xarxa.awards.models import Stage, Voters
from xarxa.awards.tests.factories import FEATURES, category_in, eligible_nomination, move_to, organiser_of, voter
from xarxa.awards.vote_models import Review, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote_category():
    category = category_in(Stage.VOTE)
    first, second = eligible_nomination(category), eligible_nomination(category)
    return category, first, second


def test_a_second_vote_replaces_the_first(client, vote_category):
    category, first, second = vote_category
    member = voter()
    client.force_login(member)
    url = reverse("awards:vote", args=[category.edition.space.slug, category.slug])
    client.post(url, {"nomination": first.pk})
    client.post(url, {"nomination": second.pk})
    vote = Vote.objects.get()
    assert vote.nomination == second and Vote.objects.filter(category=category).count() == 1
    assert voting.current_choice(member, category) == second.pk
    assert client.get(category.get_absolute_url()).context["my_choice"] == second.pk


def test_votes_after_the_close_are_refused_and_change_nothing(vote_category):
    category, first, second = vote_category
    member = voter()
    voting.cast_vote(member, category, first, features=FEATURES)
    move_to(category, Stage.JURY)
    with pytest.raises(ValidationError) as refused:
        voting.cast_vote(member, category, second, features=FEATURES)
    assert refused.value.code == "vote_closed"
    assert Vote.objects.get().nomination == first


def test_only_verified_public_employees_vote_when_the_organisers_say_so(vote_category):
    category, first, _second = vote_category
    category.voters = Voters.VERIFIED
    category.save()
    with pytest.raises(PermissionDenied):
        voting.cast_vote(voter(), category, first, features=FEATURES)
    voting.cast_vote(voter(profile__verification="domain"), category, first, features=FEATURES)
    assert Vote.objects.count() == 1


def test_a_member_without_a_confirmed_address_cannot_vote(vote_category):
    category, first, _second = vote_category
    with pytest.raises(PermissionDenied):
        voting.cast_vote(UserFactory(verified_email=False), category, first, features=FEATURES)
    assert not Vote.objects.exists()


def test_a_vote_is_confirmed_by_a_click_in_the_mailed_link(client, vote_category, mailbox,
                                                          django_capture_on_commit_callbacks):
    category, first, _second = vote_category
    member = voter()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("awards:vote", args=[category.edition.space.slug, category.slug]), {"nomination": first.pk})
    vote = Vote.objects.get()
    assert vote.confirmed_at is None
    mail = mailbox()
    assert len(mail) == 1 and mail[0]["To"] == member.email
    text = mail[0].get_body().get_content()
    assert first.content.title not in text and category.name in mail[0]["Subject"]
    import re

    token = re.search(r"/awards/confirm/([^/\s]+)/", text).group(1)
    client.logout()
    assert client.get(reverse("awards:confirm_vote", args=[token])).status_code == 200
    assert Vote.objects.get().confirmed_at is None  # opening the link does not confirm: mail scanners open links
    client.post(reverse("awards:confirm_vote", args=[token]))
    assert Vote.objects.get().confirmed_at is not None


def test_a_voter_signed_in_with_two_factors_is_confirmed_at_once(vote_category):
    from allauth.mfa.models import Authenticator

    category, first, _second = vote_category
    member = voter()
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": "x"})
    vote = voting.cast_vote(member, category, first, features=FEATURES)
    assert vote.confirmed_at is not None and vote.confirmed_by_2fa


def test_results_count_validated_votes_only(vote_category):
    category, first, second = vote_category
    for _n in range(3):
        voting.cast_vote(voter(), category, first, features=FEATURES)
    for _n in range(2):
        voting.cast_vote(voter(), category, second, features=FEATURES)
    organiser = organiser_of(category)
    two_of_first = list(Vote.objects.filter(nomination=first).values_list("pk", flat=True)[:2])
    moved = voting.review_votes(organiser, category, action="invalidate",
                                votes=Vote.objects.filter(pk__in=two_of_first), reason="Ráfaga desde la misma red",
                                invalid_reason="burst")
    assert moved == 2
    assert results.validated_counts(category) == {}
    voting.review_votes(organiser, category, action="validate", votes=Vote.objects.filter(review=Review.PENDING),
                        reason="Sin señales")
    assert results.validated_counts(category) == {first.pk: 1, second.pk: 2}
    move_to(category, Stage.JURY)
    category.finalists = 1
    category.save()
    assert results.select_finalists(organiser, category) == [second]
    totals = results.vote_totals(category)
    assert (totals["cast"], totals["valid"], totals["invalid"]) == (5, 3, 2)
    from xarxa.audit.models import AuditEntry
    assert AuditEntry.objects.filter(action="award.votes_invalidate", reason="Ráfaga desde la misma red").exists()


def test_bulk_review_needs_a_reason_and_an_organiser(vote_category):
    category, first, _second = vote_category
    voting.cast_vote(voter(), category, first, features=FEATURES)
    with pytest.raises(ValidationError):
        voting.review_votes(organiser_of(category), category, action="validate", votes=Vote.objects.all(), reason="")
    with pytest.raises(PermissionDenied):
        voting.review_votes(voter(), category, action="validate", votes=Vote.objects.all(), reason="ok")
    assert Vote.objects.get().review == Review.PENDING


def test_a_forged_or_expired_confirmation_link_confirms_nothing(vote_category):
    from unittest import mock

    category, first, _second = vote_category
    member = voter()
    voting.cast_vote(member, category, first, features=FEATURES)
    token = voting.confirmation_token(member.pk, category.pk)
    with pytest.raises(ValidationError):
        voting.confirm_vote("forged")
    later = timezone.now() + timedelta(days=voting.CONFIRM_DAYS + 1)
    with mock.patch("time.time", return_value=later.timestamp()), pytest.raises(ValidationError):
        voting.confirm_vote(token)
    assert Vote.objects.get().confirmed_at is None
