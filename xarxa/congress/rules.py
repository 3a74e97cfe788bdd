"""One predicate per congress decision. Who may see or read an edition is its space's rule; the
congress adds its organisers (the space's owners and administrators) and its programme committee."""

import rules
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.rules import can_post
from xarxa.congress.lifecycles import PROPOSAL
from xarxa.congress.models import PHASE_ORDER, CommitteeMember, Phase, Proposal
from xarxa.core.rulebook import rule
from xarxa.spaces import rules as space_rules


def _space(edition):
    return edition.space if edition is not None else None


@rules.predicate
def can_view_edition(user, edition):
    return bool(space_rules.can_view_space(user, _space(edition)))


@rules.predicate
def can_read_edition(user, edition):
    return bool(space_rules.can_read_space_content(user, _space(edition)))


@rules.predicate
def is_organiser(user, edition):
    return bool(space_rules.can_manage_space(user, _space(edition)))


@rules.predicate
def is_committee_member(user, edition):
    if edition is None or not user.is_authenticated:
        return False
    cache = edition.__dict__.setdefault("_committee_cache", {})
    if user.pk not in cache:
        cache[user.pk] = CommitteeMember.objects.filter(edition=edition, user=user).exists()
    return cache[user.pk]


can_organise = is_organiser
# Organisers sit on the committee without a row of their own.
can_act_as_committee = is_organiser | (is_committee_member & can_read_edition)



# Proposals ---------------------------------------------------------------------------------------

@rules.predicate
def call_is_open(_user, edition):
    return edition is not None and edition.phase == Phase.CALL


@rules.predicate
def is_proposal_author(user, proposal):
    return user.is_authenticated and proposal is not None and proposal.content.author_id == user.pk


def co_speaker_rows(proposal):
    """The proposal's invited and confirmed co-speakers, read once per request and kept on the object
    (this rule and the proposal's page both use them)."""
    if "_co_speaker_rows" not in proposal.__dict__:
        from xarxa.congress.models import CoSpeaker

        proposal.__dict__["_co_speaker_rows"] = list(
            proposal.co_speakers.filter(status__in=(CoSpeaker.Status.PENDING, CoSpeaker.Status.CONFIRMED))
            .select_related("user__profile"))
    return proposal.__dict__["_co_speaker_rows"]


@rules.predicate
def is_confirmed_co_speaker(user, proposal):
    if proposal is None or not user.is_authenticated:
        return False
    return any(row.user_id == user.pk and row.status == "confirmed" for row in co_speaker_rows(proposal))


is_proposal_speaker = is_proposal_author | is_confirmed_co_speaker


@rules.predicate
def proposal_call_is_open(_user, proposal):
    return proposal is not None and proposal.edition.phase == Phase.CALL


@rules.predicate
def proposal_is_editable(_user, proposal):
    return proposal is not None and proposal.state in (Proposal.State.DRAFT, Proposal.State.SUBMITTED)


@rules.predicate
def proposal_can_be_withdrawn(_user, proposal):
    return proposal is not None and PROPOSAL.can(proposal, "withdraw")


@rules.predicate
def is_proposal_committee(user, proposal):
    return proposal is not None and bool(can_act_as_committee(user, proposal.edition))


@rules.predicate
def can_read_proposal_edition(user, proposal):
    return proposal is not None and bool(can_read_edition(user, proposal.edition))


@rules.predicate
def vote_is_open(_user, proposal):
    return proposal is not None and proposal.edition.phase == Phase.VOTE


@rules.predicate
def proposal_is_in_the_vote(_user, proposal):
    return proposal is not None and proposal.state == Proposal.State.SUBMITTED


@rules.predicate
def meets_the_voter_condition(user, proposal):
    """When the organisers ask for it, only verified public employees vote."""
    if proposal is None or not proposal.edition.only_verified_vote:
        return True
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile is not None and profile.is_verified_employee


@rules.predicate
def programme_is_out(_user, proposal):
    return proposal is not None and PHASE_ORDER.index(proposal.edition.phase) >= PHASE_ORDER.index(Phase.PROGRAMME)


@rules.predicate
def review_is_open(_user, proposal):
    return proposal is not None and proposal.edition.phase == Phase.REVIEW


@rules.predicate
def has_conflict_of_interest(user, proposal):
    """A speaker of it, a speaker's colleague (same organisation), or a declared conflict (congress.review)."""
    from xarxa.congress.review import is_conflicted

    return proposal is not None and user.is_authenticated and is_conflicted(user, proposal)


@rules.predicate
def decisions_are_open(_user, proposal):
    """Decisions are taken once the call and the vote are over."""
    return proposal is not None and PHASE_ORDER.index(proposal.edition.phase) >= PHASE_ORDER.index(Phase.REVIEW)


@rules.predicate
def is_proposal_organiser(user, proposal):
    return proposal is not None and bool(is_organiser(user, proposal.edition))


# Any member of the network who can read the edition may propose while the call is open.
can_propose = can_post & can_read_edition & call_is_open
can_edit_proposal = is_proposal_speaker & proposal_is_editable & proposal_call_is_open & can_read_proposal_edition
can_submit_proposal = is_proposal_author & proposal_call_is_open & can_read_proposal_edition
can_withdraw_proposal = is_proposal_author & proposal_can_be_withdrawn
can_read_committee_notes = is_proposal_speaker | is_proposal_committee
# Co-speakers are invited by the author while the proposal can still change; the author removes them.
can_invite_co_speaker = is_proposal_author & proposal_is_editable & proposal_call_is_open
can_remove_co_speaker = is_proposal_author
can_vote = (can_post & can_read_proposal_edition & vote_is_open & proposal_is_in_the_vote & ~is_proposal_author
            & meets_the_voter_condition)
# The committee sees the count beside its reviews; everyone once the programme is out. Never who voted.
can_see_vote_count = can_read_proposal_edition & (is_proposal_committee | programme_is_out)

can_review = is_proposal_committee & review_is_open & proposal_is_in_the_vote & ~has_conflict_of_interest
can_declare_conflict = is_proposal_committee
can_decide = is_proposal_organiser & decisions_are_open
# The speakers answer for their slot once accepted (the SLOT lifecycle says whether they still may).
can_answer_slot = is_proposal_speaker

rule("congress.view_edition", can_view_edition, refusal=_("No such congress edition."))
rule("congress.read_edition", can_read_edition, refusal=_("Only the members of this edition can read its pages."))
rule("congress.organise", can_organise, refusal=_("Only the edition's organisers can do this."))
rule("congress.committee", can_act_as_committee, refusal=_("Only the programme committee can do this."))
rule("congress.propose", can_propose,
     refusal=_("Proposals are taken from members who can read the edition, while the call is open."))
rule("congress.edit_proposal", can_edit_proposal,
     refusal=_("A proposal can be changed by its speakers while the call is open, until it is withdrawn."))
rule("congress.invite_co_speaker", can_invite_co_speaker,
     refusal=_("The author invites co-speakers while the call is open, until the proposal is withdrawn."))
rule("congress.remove_co_speaker", can_remove_co_speaker, refusal=_("Only the author can remove a co-speaker."))
rule("congress.submit_proposal", can_submit_proposal,
     refusal=_("Proposals can be submitted by their author while the call is open."))
rule("congress.withdraw_proposal", can_withdraw_proposal, refusal=_("Only the author can withdraw this proposal."))
rule("congress.read_committee_notes", can_read_committee_notes,
     refusal=_("Only the author and the programme committee read these notes."))
rule("congress.vote", can_vote,
     refusal=_("Votes are given during the community vote, by members who may vote, to others' proposals."))
rule("congress.see_vote_count", can_see_vote_count,
     refusal=_("The votes are counted for the committee until the programme is published."))
rule("congress.review", can_review,
     refusal=_("Committee members review submitted proposals during the review phase, except those they have "
               "a conflict of interest with."))
rule("congress.declare_conflict", can_declare_conflict, refusal=_("Only the programme committee declares conflicts."))
rule("congress.decide", can_decide,
     refusal=_("Only the edition's organisers decide on proposals, once the community vote is over."))
rule("congress.answer_slot", can_answer_slot, refusal=_("Only the proposal's speakers answer for its slot."))
