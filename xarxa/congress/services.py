"""Writes for the congress: creating an edition (a space of its own kind plus its Edition row),
the programme committee, and recording phase changes as their dates pass."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.activity.services import record_activity
from xarxa.congress import rules as congress_rules
from xarxa.congress.lifecycles import PROPOSAL
from xarxa.congress.models import PROPOSAL_KIND, CommitteeMember, Edition, Phase, PhaseChange, Proposal, Vote
from xarxa.content import services as content_services
from xarxa.content.models import Content
from xarxa.core.events import announce
from xarxa.core.rulebook import check
from xarxa.spaces.models import Membership, Space
from xarxa.spaces.services import unique_slug

KIND = Space.Kind.CONGRESS_EDITION


def access_edition(user, slug) -> Edition:
    """The edition `user` may know exists, or Http404: the same answer for missing and secret-to-you."""
    from django.http import Http404

    edition = Edition.objects.for_lists().filter(space__kind=KIND, space__slug=slug).first()
    if edition is None or not congress_rules.can_view_edition(user, edition):
        raise Http404(_("No such congress edition."))
    return edition


def create_edition(organiser, *, name, starts_on, ends_on, visibility=Space.Visibility.PUBLIC,
                   description="", **fields) -> Edition:
    """A new edition: its space (the organiser as owner) and its Edition row, phases scheduled."""
    if not name.strip():
        raise ValidationError(_("Give the edition a name."))
    with transaction.atomic():
        space = Space.objects.create(kind=KIND, name=name.strip(), slug=unique_slug(KIND, name),
                                     description=description, visibility=visibility,
                                     join_policy=Space.JoinPolicy.OPEN, created_by=organiser, member_count=1)
        Membership.objects.create(space=space, user=organiser, role=Membership.Role.OWNER)
        edition = Edition(space=space, starts_on=starts_on, ends_on=ends_on, **fields)
        edition.full_clean(exclude=["space"])
        edition.recorded_phase = edition.phase
        edition.save()
        schedule_phase_changes(edition)
    return edition


def update_edition(actor, edition, **fields) -> Edition:
    check(actor, "congress.organise", edition)
    with transaction.atomic():
        for field, value in fields.items():
            setattr(edition, field, value)
        edition.full_clean(exclude=["space"])
        edition.save()
        schedule_phase_changes(edition)
    return edition


def add_committee_member(actor, edition, user) -> CommitteeMember:
    """Put `user` on the programme committee; they join the edition's space so they can read inside it."""
    check(actor, "congress.organise", edition)
    with transaction.atomic():
        member, _created = CommitteeMember.objects.get_or_create(edition=edition, user=user)
        ensure_space_member(edition, user)
    return member


def ensure_space_member(edition, user):
    _membership, created = Membership.objects.get_or_create(space=edition.space, user=user)
    if created:
        count = Membership.objects.filter(space=edition.space).count()
        Space.objects.filter(pk=edition.space_id).update(member_count=count)


# Phases ------------------------------------------------------------------------------------------

def schedule_phase_changes(edition):
    """Enqueue the recording task at every phase start still to come (after the dates are committed)."""
    from xarxa.congress.tasks import record_phase_changes as task

    now = timezone.now()
    starts = sorted({start for _phase, start in edition.dated_phases() if start > now})
    for start in starts:
        transaction.on_commit(lambda when=start: task.using(run_after=when).enqueue())


def record_phase_changes(now=None) -> int:
    """Record every edition whose phase has moved since the last run; announce each change once."""
    now = now or timezone.now()
    changed = 0
    candidates = Edition.objects.exclude(recorded_phase=Phase.AFTERWARDS).values_list("pk", flat=True)
    for pk in candidates:
        changed += record_phase_change(pk, now)
    return changed


def record_phase_change(pk, now) -> int:
    with transaction.atomic():
        # Locked so two workers running at once record a change once.
        edition = Edition.objects.select_for_update().filter(pk=pk).first()
        if edition is None:
            return 0
        phase = edition.phase_at(now)
        if phase == edition.recorded_phase:
            return 0
        previous = edition.recorded_phase
        Edition.objects.filter(pk=pk).update(recorded_phase=phase)
        PhaseChange.objects.create(edition=edition, phase=phase, previous=previous)
        announce("congress.phase_changed", edition=edition, phase=phase, previous=previous)
    return 1


# Proposals ---------------------------------------------------------------------------------------

def check_can_propose(user, edition):
    if not congress_rules.can_read_edition(user, edition):
        raise PermissionDenied(_("Only the members of this edition can propose sessions."))
    if not congress_rules.can_post(user):
        raise PermissionDenied(_("Confirm your e-mail address before proposing a session."))
    if not congress_rules.call_is_open(user, edition):
        raise ValidationError(_("The call for proposals is not open: proposals are taken only while it is."),
                              code="call_closed")


def check_choices_belong(edition, session_format, track):
    """A format and a track of another edition (a forged form) are refused."""
    if session_format.edition_id != edition.pk or (track is not None and track.edition_id != edition.pk):
        raise ValidationError(_("Choose a format and a track of this edition."), code="foreign_choice")


def propose(author, edition, *, title, abstract, description="", session_format, track=None, language="es",
            audience_level=Proposal.Level.EVERYONE, notes_for_committee="", topics=(), submit=False) -> Proposal:
    """A new proposal, kept as the author's draft or submitted at once. The author joins the edition's
    space (proposing is taking part), which is what lets the base row live there."""
    check_can_propose(author, edition)
    check_choices_belong(edition, session_format, track)
    with transaction.atomic():
        ensure_space_member(edition, author)
        content = content_services.create_content(
            author, kind=PROPOSAL_KIND, space=edition.space, title=title, body=description, language=language,
            topics=topics, status=Content.Status.DRAFT)
        proposal = Proposal(content=content, edition=edition, abstract=abstract.strip(),
                            session_format=session_format, track=track, audience_level=audience_level,
                            notes_for_committee=notes_for_committee.strip())
        proposal.full_clean(exclude=["content", "edition"])
        proposal.save()
        if submit:
            _submit(author, proposal)
    return proposal


def edit_proposal(actor, proposal, *, title, abstract, description, session_format, track=None,
                  audience_level, notes_for_committee, topics=None) -> Proposal:
    check(actor, "congress.edit_proposal", proposal)
    check_choices_belong(proposal.edition, session_format, track)
    with transaction.atomic():
        proposal.abstract, proposal.session_format, proposal.track = abstract.strip(), session_format, track
        proposal.audience_level, proposal.notes_for_committee = audience_level, notes_for_committee.strip()
        proposal.full_clean(exclude=["content", "edition"])
        _update_base(actor, proposal, title=title, body=description, topics=topics)
        proposal.save()
    return proposal


def _update_base(actor, proposal, *, title, body, topics):
    """The base row's text. The author goes through content's own edit; a confirmed co-speaker, whom
    congress.edit_proposal has just allowed, gets the same checks and rendering without content's
    author-only rule."""
    content = proposal.content
    if content.author_id == actor.pk:
        content_services.update_content(actor, content, title=title, body=body, topics=topics)
        return
    from xarxa.content.mentions import record_mentions
    from xarxa.content.text import render_body

    title, body = content_services.check_title(title), content_services.check_body(body)
    rendered = render_body(body)
    content.title, content.body, content.body_html = title, body, rendered.html
    content.save()
    if topics is not None:
        content.topics.set({*topics, *rendered.topics})
    record_mentions(content, None, actor, rendered.mentioned)


def submit_proposal(actor, proposal) -> Proposal:
    check(actor, "congress.submit_proposal", proposal)
    with transaction.atomic():
        _submit(actor, proposal)
    return proposal


def _submit(actor, proposal):
    PROPOSAL.transition(proposal, "submit")
    now = timezone.now()
    proposal.submitted_at = now
    proposal.save(update_fields=["state", "submitted_at"])
    content = proposal.content
    content.status, content.published_at, content.last_activity_at = Content.Status.PUBLISHED, now, now
    content.save(update_fields=["status", "published_at", "last_activity_at"])  # save(): search reindexes it
    record_activity(actor, "published", content=content)


def withdraw_proposal(actor, proposal) -> Proposal:
    """The author takes the proposal back: it leaves the call and the vote; its page and comments stay."""
    if not congress_rules.is_proposal_author(actor, proposal):
        check(actor, "congress.withdraw_proposal", proposal)  # refuses with the rule's words
    with transaction.atomic():
        PROPOSAL.transition(proposal, "withdraw")
        proposal.save(update_fields=["state"])
    return proposal


# The community vote ------------------------------------------------------------------------------

def check_can_vote(user, proposal):
    if not congress_rules.vote_is_open(user, proposal):
        raise ValidationError(_("The community vote is not open."), code="vote_closed")
    if proposal.edition.only_verified_vote and not congress_rules.meets_the_voter_condition(user, proposal):
        raise PermissionDenied(_("In this edition only verified public employees vote."))
    if congress_rules.is_proposal_author(user, proposal):
        raise PermissionDenied(_("You cannot vote for your own proposal."))
    check(user, "congress.vote", proposal)


def cast_vote(user, proposal) -> Vote:
    """Support `proposal`; a second vote for the same proposal is refused and changes nothing."""
    check_can_vote(user, proposal)
    with transaction.atomic():
        if Vote.objects.filter(proposal=proposal, user=user).exists():
            raise ValidationError(_("You have already voted for this proposal."), code="already_voted")
        try:
            with transaction.atomic():  # two clicks at once: the constraint decides
                vote = Vote.objects.create(proposal=proposal, user=user)
        except IntegrityError:
            raise ValidationError(_("You have already voted for this proposal."), code="already_voted") from None
        _recount_votes(proposal)
    return vote


def take_back_vote(user, proposal) -> None:
    """Change one's mind while the vote is open."""
    if not congress_rules.vote_is_open(user, proposal):
        raise ValidationError(_("The community vote is closed: votes can no longer change."), code="vote_closed")
    with transaction.atomic():
        deleted, _rows = Vote.objects.filter(proposal=proposal, user=user).delete()
        if not deleted:
            raise ValidationError(_("You have not voted for this proposal."), code="not_voted")
        _recount_votes(proposal)


def _recount_votes(proposal):
    count = Vote.objects.filter(proposal=proposal).count()
    Proposal.objects.filter(pk=proposal.pk).update(vote_count=count)
    proposal.vote_count = count
