"""Propose with a co-speaker → vote → review with a conflict excluded → accept → the speaker confirms;
and the bad inputs of that road, each refused with a clear message, changing nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.congress import services
from xarxa.congress.models import (
    DecisionRecord,
    Phase,
    Proposal,
    Review,
    ReviewAssignment,
    SlotAnswer,
    Vote,
)
from xarxa.congress.tests.factories import edition_in, proposal_for
from xarxa.spaces.models import Membership

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {**settings.TASKS["default"],
                                  "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def advance(edition, phase):
    hour = timedelta(hours=1)
    edition.vote_opens_at = edition.call_opens_at + hour
    if phase == Phase.REVIEW:
        edition.review_opens_at = edition.call_opens_at + 2 * hour
    edition.save()
    assert edition.phase == phase


def organiser_of(edition):
    organiser = UserFactory()
    Membership.objects.create(space=edition.space, user=organiser, role=Membership.Role.OWNER)
    return organiser


def with_organisation(user, organisation):
    user.profile.organisation = organisation
    user.profile.save()
    return user


def test_propose_with_a_co_speaker_vote_review_with_a_conflict_excluded_accept_and_confirm(
        client, django_capture_on_commit_callbacks):
    edition = edition_in(Phase.CALL)
    organiser = organiser_of(edition)
    town = OrganisationFactory(name="Ajuntament de Girona")
    author, co_speaker = UserFactory(language="en"), with_organisation(UserFactory(language="en"), town)
    colleague_reviewer, other_reviewer = with_organisation(UserFactory(), town), UserFactory()
    for reviewer in (colleague_reviewer, other_reviewer):
        services.add_committee_member(organiser, edition, reviewer)

    # The author proposes and invites a co-speaker, who confirms.
    client.force_login(author)
    client.post(reverse("congress:propose", args=[edition.space.slug]), {
        "title": "Datos abiertos que se usan", "abstract": "Tres casos y un método.", "description": "Con ejemplos.",
        "session_format": edition.formats.first().pk, "track": "", "language": "es", "audience_level": "everyone",
        "notes_for_committee": ""})
    proposal = Proposal.objects.get()
    client.post(reverse("congress:invite_co_speaker", args=[proposal.pk]), {"invitee": co_speaker.username})
    client.force_login(co_speaker)
    [invitation] = client.get(reverse("congress:speaking")).context["invitations"]
    client.post(reverse("congress:answer_co_speaking", args=[invitation.pk]), {"answer": "confirm"})

    # The community votes.
    advance(edition, Phase.VOTE)
    voter = UserFactory()
    client.force_login(voter)
    client.post(reverse("congress:vote", args=[proposal.pk]))
    assert Proposal.objects.get().vote_count == 1

    # The review: the organisers set the rubric and assign one reviewer; the co-speaker's colleague is left out.
    advance(edition, Phase.REVIEW)
    client.force_login(organiser)
    client.post(reverse("congress:rubric", args=[edition.space.slug]), {"name": "Relevance", "weight": 2,
                                                                        "description": ""})
    client.post(reverse("congress:assign_reviewers", args=[edition.space.slug]), {"per_proposal": 1})
    assert list(ReviewAssignment.objects.values_list("reviewer", flat=True)) == [other_reviewer.pk]
    criterion = edition.criteria.get()
    client.force_login(colleague_reviewer)
    refused = client.post(reverse("congress:review", args=[proposal.pk]), {f"score_{criterion.pk}": 4}, **EN)
    assert refused.status_code == 403 and "conflict of interest" in refused.content.decode()
    client.force_login(other_reviewer)
    page = client.get(reverse("congress:committee", args=[edition.space.slug]))
    assert [p.assigned_to_me for p in page.context["page"].object_list] == [True]
    client.post(reverse("congress:review", args=[proposal.pk]), {
        f"score_{criterion.pk}": 3, "comment_for_committee": "Buena.", "comment_for_speaker": "Traed datos."})
    assert list(Review.objects.values_list("reviewer", "score")) == [(other_reviewer.pk, 3)]

    # The organisers accept; both speakers are told by e-mail.
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("congress:decide", args=[proposal.pk]), {"decision": "accept"})
    assert Proposal.objects.get().state == Proposal.State.ACCEPTED
    assert sorted(message.to[0] for message in mail.outbox if "accepted" in message.subject) == sorted(
        [author.email, co_speaker.email])
    assert "Traed datos." in mail.outbox[-1].body

    # A speaker confirms the slot.
    client.force_login(co_speaker)
    page = client.get(proposal.get_absolute_url(), **EN)
    assert page.context["can_answer_slot"] and "Traed datos." in page.content.decode()
    client.post(reverse("congress:answer_slot", args=[proposal.pk]), {"answer": "confirm"})
    assert Proposal.objects.get().slot_answer == SlotAnswer.CONFIRMED

    # The organisers schedule the session and publish the programme.
    from xarxa.congress.models import Registration, Room, Session, TicketType, Venue

    room = Room.objects.create(venue=Venue.objects.create(edition=edition, name="Palau", address="Barcelona"),
                               name="Sala A", capacity=40)
    client.force_login(organiser)
    client.post(reverse("congress:from_proposal", args=[edition.space.slug, proposal.pk]))
    session = Session.objects.get(proposal=proposal)
    start = edition.starts_at + timedelta(hours=10)
    from xarxa.congress import programme

    programme.schedule_session(organiser, session, room=room, starts_at=start, ends_at=start + timedelta(minutes=90))
    client.post(reverse("congress:publish_programme", args=[edition.space.slug]))
    assert edition.programme_versions.count() == 1

    # A member registers (the organisers set a ticket first) and is checked in at the door.
    client.post(reverse("congress:tickets_setup", args=[edition.space.slug]), {
        "add_ticket": "1", "ticket-name": "Presencial", "ticket-kind": "in_person", "ticket-capacity": "100"})
    attendee = UserFactory(language="en")
    client.force_login(attendee)
    client.post(reverse("congress:registration", args=[edition.space.slug]),
                {"ticket_type": TicketType.objects.get().pk})
    ticket = Registration.objects.get(user=attendee)
    assert ticket.status == Registration.Status.CONFIRMED
    client.force_login(organiser)
    page = client.post(reverse("congress:check_in", args=[edition.space.slug]), {"code": ticket.code}, **EN)
    assert "Valid: checked in" in page.content.decode() and attendee.display_name in page.content.decode()
    assert Registration.objects.get(user=attendee).status == Registration.Status.CHECKED_IN


def test_bad_inputs_on_the_road_each_get_a_clear_message_and_change_nothing(client):
    edition = edition_in(Phase.CALL)
    organiser = organiser_of(edition)
    town = OrganisationFactory()
    author = with_organisation(UserFactory(), town)
    proposal = proposal_for(edition, author)
    reviewer = with_organisation(UserFactory(), town)
    services.add_committee_member(organiser, edition, reviewer)
    edition.criteria.create(name="Relevance", weight=1)
    criterion = edition.criteria.get()

    # Review before the review phase.
    client.force_login(reviewer)
    response = client.post(reverse("congress:review", args=[proposal.pk]), {f"score_{criterion.pk}": 2}, **EN)
    assert "reviewed during the committee review phase only" in response.content.decode()

    # A proposal after the call closed.
    advance(edition, Phase.VOTE)
    client.force_login(UserFactory())
    response = client.post(reverse("congress:propose", args=[edition.space.slug]), {
        "title": "Tarde", "abstract": "Tarde.", "session_format": edition.formats.first().pk,
        "language": "es", "audience_level": "everyone"}, **EN)
    assert response.status_code == 400 and "call for proposals is not open" in response.content.decode()

    # A second vote.
    voter = UserFactory()
    client.force_login(voter)
    client.post(reverse("congress:vote", args=[proposal.pk]))
    response = client.post(reverse("congress:vote", args=[proposal.pk]), follow=True, **EN)
    assert "already voted for this proposal" in response.content.decode()
    assert Vote.objects.count() == 1

    # A reviewer reviewing a colleague's proposal.
    advance(edition, Phase.REVIEW)
    client.force_login(reviewer)
    response = client.post(reverse("congress:review", args=[proposal.pk]), {f"score_{criterion.pk}": 2}, **EN)
    assert response.status_code == 403 and "conflict of interest" in response.content.decode()

    # A decision by someone who is not an organiser.
    response = client.post(reverse("congress:decide", args=[proposal.pk]), {"decision": "accept"}, follow=True, **EN)
    assert "Only the edition&#x27;s organisers decide" in response.content.decode()

    assert Proposal.objects.count() == 1 and not Review.objects.exists() and not DecisionRecord.objects.exists()
    assert Proposal.objects.get().state == Proposal.State.SUBMITTED
