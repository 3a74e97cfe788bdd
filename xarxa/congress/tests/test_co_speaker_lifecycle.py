"""Co-speaker invitations follow a declared lifecycle (congress/speakers.py CO_SPEAKER): one service per
transition; a refused transition says why, in the member's language, and changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress import speakers
from xarxa.congress.models import CoSpeaker, Phase
from xarxa.congress.tests.factories import edition_in, proposal_for

pytestmark = pytest.mark.django_db
Status = CoSpeaker.Status


@pytest.fixture
def invited():
    proposal = proposal_for(edition_in(Phase.CALL), UserFactory())
    colleague = UserFactory()
    return speakers.invite_co_speaker(proposal.content.author, proposal, username=colleague.username), colleague


def test_the_table():
    assert speakers.CO_SPEAKER.table() == [
        ("confirm", ["pending"], "confirmed"),
        ("decline", ["pending"], "declined"),
        ("remove", ["confirmed", "pending"], "removed"),
    ]


def test_a_declined_invitation_cannot_be_confirmed_nor_removed(invited):
    invitation, colleague = invited
    assert speakers.decline_co_speaker(colleague, invitation).status == Status.DECLINED
    answered_at = CoSpeaker.objects.get(pk=invitation.pk).answered_at
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        speakers.confirm_co_speaker(colleague, invitation)
    assert refused.value.messages == ["This invitation is not for you, or it has already been answered."]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        speakers.remove_co_speaker(invitation.proposal.content.author, invitation)
    assert refused.value.messages == ["This co-speaker has already left the proposal."]
    row = CoSpeaker.objects.get(pk=invitation.pk)
    assert (row.status, row.answered_at) == (Status.DECLINED, answered_at)


def test_a_confirmed_co_speaker_is_removed_once(invited):
    invitation, colleague = invited
    assert speakers.confirm_co_speaker(colleague, invitation).status == Status.CONFIRMED
    with pytest.raises(ValidationError):
        speakers.decline_co_speaker(colleague, invitation)
    author = invitation.proposal.content.author
    assert speakers.remove_co_speaker(author, invitation).status == Status.REMOVED
    removed_at = CoSpeaker.objects.get(pk=invitation.pk).answered_at
    with pytest.raises(ValidationError):
        speakers.remove_co_speaker(author, invitation)
    row = CoSpeaker.objects.get(pk=invitation.pk)
    assert (row.status, row.answered_at) == (Status.REMOVED, removed_at)
    assert colleague not in speakers.speakers_of(invitation.proposal)
