from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.congress import review, services, speakers
from xarxa.congress.models import (
    CommitteeMember,
    Criterion,
    DecisionRecord,
    DeclaredConflict,
    Phase,
    Proposal,
    Review,
    ReviewAssignment,
    SlotAnswer,
)
from xarxa.congress.tests.factories import edition_in, proposal_for
from xarxa.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def move_to(edition, phase):
    """Close the earlier phases an hour apart from the call's start, so today falls in `phase`."""
    hour = timedelta(hours=1)
    if phase in (Phase.VOTE, Phase.REVIEW):
        edition.vote_opens_at = edition.call_opens_at + hour
    if phase == Phase.REVIEW:
        edition.review_opens_at = edition.call_opens_at + 2 * hour
    edition.save()
    assert edition.phase == phase
    return edition


def member_of(organisation=None):
    user = UserFactory()
    if organisation is not None:
        user.profile.organisation = organisation
        user.profile.save()
    return user


@pytest.fixture
def setting():
    """An edition in review: an organiser, a rubric of two criteria, two reviewers, three proposals."""
    edition = edition_in(Phase.CALL)
    organiser = edition.space.memberships.get(role="owner").user if edition.space.memberships.exists() else None
    if organiser is None:
        organiser = UserFactory()
        services.ensure_space_member(edition, organiser)
        edition.space.memberships.filter(user=organiser).update(role="owner")
    town = OrganisationFactory()
    reviewers = [member_of(town), member_of()]
    for reviewer in reviewers:
        services.add_committee_member(organiser, edition, reviewer)
    Criterion.objects.create(edition=edition, name="Relevance", weight=2, position=0)
    Criterion.objects.create(edition=edition, name="Clarity", weight=1, position=1)
    colleague = member_of(town)  # works where the first reviewer works
    proposals = [proposal_for(edition, colleague, title="Compra pública en red"),
                 proposal_for(edition, member_of(), title="Datos abiertos útiles"),
                 proposal_for(edition, member_of(), title="Laboratorios ciudadanos")]
    move_to(edition, Phase.REVIEW)
    return {"edition": edition, "organiser": organiser, "reviewers": reviewers, "proposals": proposals,
            "colleague": colleague}


def fresh(proposal):
    return Proposal.objects.select_related("content", "edition__space").get(pk=proposal.pk)


def scores_for(edition, relevance, clarity):
    relevance_c, clarity_c = edition.criteria.order_by("position")
    return {relevance_c.pk: relevance, clarity_c.pk: clarity}


def test_a_reviewer_scores_with_the_rubric_and_the_weighted_score_is_kept(setting):
    edition, (_first, second), proposal = setting["edition"], setting["reviewers"], setting["proposals"][1]
    saved = review.save_review(second, fresh(proposal), scores=scores_for(edition, 4, 1),
                               comment_for_committee="Sólida.", comment_for_speaker="Acortad la intro.")
    assert saved.score == Decimal("3.00")  # (2×4 + 1×1) / 3
    assert saved.scores.count() == 2


def test_a_reviewer_from_a_speakers_organisation_is_refused_and_nothing_changes(client, setting):
    edition, first = setting["edition"], setting["reviewers"][0]
    colleague_proposal = fresh(setting["proposals"][0])
    with pytest.raises(PermissionDenied, match="conflict of interest"):
        review.save_review(first, colleague_proposal, scores=scores_for(edition, 4, 4))
    client.force_login(first)
    relevance, clarity = edition.criteria.order_by("position")
    response = client.post(reverse("congress:review", args=[colleague_proposal.pk]),
                           {f"score_{relevance.pk}": 4, f"score_{clarity.pk}": 4}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "conflict of interest" in response.content.decode()
    assert not Review.objects.exists()


def test_a_declared_conflict_excludes_the_reviewer(setting):
    edition, second = setting["edition"], setting["reviewers"][1]
    proposal = fresh(setting["proposals"][1])
    review.save_review(second, proposal, scores=scores_for(edition, 2, 2))
    review.declare_conflict(second, proposal)
    assert not Review.objects.exists() and DeclaredConflict.objects.count() == 1
    with pytest.raises(PermissionDenied):
        review.save_review(second, proposal, scores=scores_for(edition, 2, 2))


def test_no_review_outside_the_review_phase(setting):
    edition, second = setting["edition"], setting["reviewers"][1]
    edition.review_opens_at = edition.call_opens_at + timedelta(days=300)
    edition.programme_at = edition.review_opens_at + timedelta(days=1)
    edition.starts_on = (edition.programme_at + timedelta(days=2)).date()
    edition.ends_on = edition.starts_on + timedelta(days=2)
    edition.save()
    assert edition.phase == Phase.VOTE
    with pytest.raises(ValidationError) as refused:
        review.save_review(second, fresh(setting["proposals"][1]), scores=scores_for(edition, 2, 2))
    assert refused.value.code == "review_closed"
    assert not Review.objects.exists()


def test_scores_must_cover_the_rubric_within_range(setting):
    edition, second, proposal = setting["edition"], setting["reviewers"][1], fresh(setting["proposals"][1])
    relevance, _clarity = edition.criteria.order_by("position")
    for scores in ({relevance.pk: 3}, scores_for(edition, 9, 1)):
        with pytest.raises(ValidationError):
            review.save_review(second, proposal, scores=scores)
    assert not Review.objects.exists()


def test_an_outsider_cannot_review_or_see_the_committee(client, setting):
    outsider, proposal = UserFactory(), fresh(setting["proposals"][1])
    with pytest.raises(PermissionDenied):
        review.save_review(outsider, proposal, scores=scores_for(setting["edition"], 1, 1))
    client.force_login(outsider)
    assert client.get(reverse("congress:committee", args=[setting["edition"].space.slug])).status_code == 404
    assert client.get(reverse("congress:review", args=[proposal.pk])).status_code == 404


def test_balanced_assignment_excludes_conflicts_and_spreads_the_load(setting):
    edition, organiser = setting["edition"], setting["organiser"]
    first, second = setting["reviewers"]
    third = UserFactory()
    services.add_committee_member(organiser, edition, third)
    added = review.assign_reviewers(organiser, edition, per_proposal=2)
    assert added == 6
    pairs = set(ReviewAssignment.objects.values_list("reviewer_id", "proposal_id"))
    assert (first.pk, setting["proposals"][0].pk) not in pairs  # the colleague's proposal
    loads = sorted(ReviewAssignment.objects.filter(reviewer__in=[first, second, third])
                   .values_list("reviewer_id", flat=True))
    assert max(loads.count(r.pk) for r in (first, second, third)) - min(
        loads.count(r.pk) for r in (first, second, third)) <= 1
    assert review.assign_reviewers(organiser, edition, per_proposal=2) == 0  # nothing twice
    with pytest.raises(PermissionDenied):
        review.assign_reviewers(second, edition, per_proposal=2)


def test_anonymous_review_hides_the_speakers_from_reviewers(client, setting):
    edition, second = setting["edition"], setting["reviewers"][1]
    review.set_anonymous_review(setting["organiser"], edition, True)
    proposal = setting["proposals"][1]
    name = proposal.content.author.display_name
    client.force_login(second)
    for url in (reverse("congress:committee", args=[edition.space.slug]),
                reverse("congress:review", args=[proposal.pk]),
                proposal.get_absolute_url(), reverse("congress:proposals", args=[edition.space.slug])):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        assert name not in page.content.decode(), url
    client.force_login(setting["organiser"])
    assert name in client.get(reverse("congress:committee", args=[edition.space.slug])).content.decode()


def test_a_decision_by_a_non_organiser_is_refused_and_changes_nothing(client, setting):
    reviewer, proposal = setting["reviewers"][1], fresh(setting["proposals"][1])
    with pytest.raises(PermissionDenied, match="organisers"):
        review.decide(reviewer, proposal, "accept")
    client.force_login(reviewer)
    response = client.post(reverse("congress:decide", args=[proposal.pk]), {"decision": "accept"},
                           HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Only the edition&#x27;s organisers decide" in response.content.decode()
    assert fresh(proposal).state == Proposal.State.SUBMITTED and not DecisionRecord.objects.exists()


def test_decisions_follow_the_lifecycle(setting):
    organiser, proposal = setting["organiser"], fresh(setting["proposals"][1])
    review.decide(organiser, proposal, "waitlist")
    assert fresh(proposal).state == Proposal.State.WAITLISTED
    with pytest.raises(ValidationError) as refused:
        review.decide(organiser, fresh(proposal), "waitlist")
    assert refused.value.code == "transition"
    review.decide(organiser, fresh(proposal), "decline")
    assert fresh(proposal).state == Proposal.State.DECLINED
    assert DecisionRecord.objects.count() == 2


def test_the_decision_e_mail_uses_the_organisers_template_and_is_sent_once(setting, settings,
                                                                          django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    immediate = "django_tasks.backends.immediate.ImmediateBackend"
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": immediate}}
    edition, organiser, proposal = setting["edition"], setting["organiser"], fresh(setting["proposals"][1])
    review.save_review(setting["reviewers"][1], proposal, scores=scores_for(edition, 3, 3),
                       comment_for_speaker="Muy buena propuesta.")
    review.save_decision_template(organiser, edition, "accept", subject="Sí a {title}",
                                  body="Hola {speakers}: {link}\n{comments}\n{unknown}")
    with django_capture_on_commit_callbacks(execute=True):
        record = review.decide(organiser, proposal, "accept")
    [message] = mail.outbox
    assert message.subject == "Sí a Datos abiertos útiles" and message.to == [proposal.content.author.email]
    assert "Muy buena propuesta." in message.body and "{unknown}" in message.body
    assert Notification.objects.filter(recipient=proposal.content.author, kind=Kind.CONGRESS,
                                       detail="decided_accept").exists()
    assert review.send_decision(record.pk) == 0 and len(mail.outbox) == 1


def test_the_committee_list_shows_score_reviews_and_votes_side_by_side(client, setting):
    edition, (first, second) = setting["edition"], setting["reviewers"]
    proposals = [fresh(p) for p in setting["proposals"]]
    review.save_review(second, proposals[1], scores=scores_for(edition, 4, 4))
    review.save_review(first, proposals[1], scores=scores_for(edition, 1, 1))
    Proposal.objects.filter(pk=proposals[1].pk).update(vote_count=7)
    client.force_login(second)
    page = client.get(reverse("congress:committee", args=[edition.space.slug]), HTTP_ACCEPT_LANGUAGE="en")
    [row] = [p for p in page.context["page"].object_list if p.pk == proposals[1].pk]
    assert (row.average_score, row.review_count, row.vote_count, row.reviewed_by_me) == (Decimal("2.5"), 2, 7, True)
    conflicted = {p.pk for p in page.context["page"].object_list if p.conflicted}
    assert conflicted == set()
    client.force_login(first)
    page = client.get(reverse("congress:committee", args=[edition.space.slug]))
    assert {p.pk for p in page.context["page"].object_list if p.conflicted} == {proposals[0].pk}


@pytest.mark.parametrize("count", [1, 3])
def test_committee_list_queries(client, django_assert_num_queries, count):
    edition = edition_in(Phase.CALL)
    reviewer = UserFactory()
    CommitteeMember.objects.create(edition=edition, user=reviewer)
    services.ensure_space_member(edition, reviewer)
    for n in range(count):
        proposal = proposal_for(edition, UserFactory(), title=f"Propuesta {n}")
        colleague = UserFactory()
        speakers.answer_invitation(colleague, speakers.invite_co_speaker(proposal.content.author, proposal,
                                                                         username=colleague.username), confirm=True)
    move_to(edition, Phase.REVIEW)
    client.force_login(reviewer)
    with django_assert_num_queries(14):  # the same with 1 and 3 proposals
        assert client.get(reverse("congress:committee", args=[edition.space.slug])).status_code == 200


def test_accepted_speakers_confirm_or_decline_their_slot(client, setting):
    organiser = setting["organiser"]
    accepted, other = fresh(setting["proposals"][1]), fresh(setting["proposals"][2])
    review.decide(organiser, accepted, "accept")
    review.decide(organiser, other, "accept")
    author = accepted.content.author
    client.force_login(author)
    assert [p.pk for p in client.get(reverse("congress:speaking")).context["slots"]] == [accepted.pk]
    client.post(reverse("congress:answer_slot", args=[accepted.pk]), {"answer": "confirm"})
    assert fresh(accepted).slot_answer == SlotAnswer.CONFIRMED
    with pytest.raises(ValidationError):  # answered once
        review.answer_slot(author, fresh(accepted), confirm=False)
    with pytest.raises(PermissionDenied):  # not theirs
        review.answer_slot(author, fresh(other), confirm=True)
    review.answer_slot(other.content.author, fresh(other), confirm=False)
    other = fresh(other)
    assert other.slot_answer == SlotAnswer.DECLINED and other.state == Proposal.State.WITHDRAWN
    assert Notification.objects.filter(recipient=organiser, detail="slot_declined").exists()


def test_the_rubric_is_fixed_once_reviews_are_written(client, setting):
    edition, organiser, second = setting["edition"], setting["organiser"], setting["reviewers"][1]
    review.save_review(second, fresh(setting["proposals"][1]), scores=scores_for(edition, 2, 2))
    with pytest.raises(ValidationError) as refused:
        review.add_criterion(organiser, edition, name="Originality")
    assert refused.value.code == "started"
    with pytest.raises(ValidationError) as refused:
        review.remove_criterion(organiser, edition.criteria.first())
    assert refused.value.code == "scored"
    client.force_login(organiser)
    response = client.post(reverse("congress:rubric", args=[edition.space.slug]), {"name": "Originality", "weight": 1},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "the rubric can no longer change" in response.content.decode()
    assert edition.criteria.count() == 2


def test_only_organisers_change_the_rubric(client, setting):
    edition, second = setting["edition"], setting["reviewers"][1]
    with pytest.raises(PermissionDenied):
        review.add_criterion(second, edition, name="Originality")
    client.force_login(second)
    response = client.post(reverse("congress:rubric", args=[edition.space.slug]), {"name": "Originality", "weight": 1})
    assert response.status_code == 403 and edition.criteria.count() == 2
