"""The committee's review and the organisers' decisions (services).

Conflicts of interest: a committee member may not review a proposal they speak in, one whose speakers
work at their organisation (read from the profiles each time, so a move between organisations counts at
once), or one they declared a conflict with. The same rule answers the review form (`check_can_review`),
the committee's list (`conflicts_for`) and the balanced assignment (`assign_reviewers`).
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.accounts.models import Profile
from xarxa.congress import rules as congress_rules
from xarxa.congress.lifecycles import PROPOSAL, SLOT
from xarxa.congress.models import (
    PROPOSAL_KIND,
    CommitteeMember,
    CoSpeaker,
    Criterion,
    Decision,
    DecisionRecord,
    DecisionTemplate,
    DeclaredConflict,
    Phase,
    Proposal,
    Review,
    ReviewAssignment,
    ReviewScore,
    SlotAnswer,
)
from xarxa.congress.review_models import MAX_SCORE, MIN_SCORE
from xarxa.content.models import Content
from xarxa.core.events import announce
from xarxa.core.rulebook import check

# Conflicts -----------------------------------------------------------------------------------------

def _speakers_by_proposal(proposal_ids):
    """{proposal id: {speaker user ids}}: authors and confirmed co-speakers, two queries however many."""
    out = defaultdict(set)
    for pk, author_id in Proposal.objects.filter(pk__in=proposal_ids).values_list("pk", "content__author_id"):
        if author_id:
            out[pk].add(author_id)
    for pk, user_id in CoSpeaker.objects.confirmed().filter(proposal_id__in=proposal_ids).values_list(
            "proposal_id", "user_id"):
        out[pk].add(user_id)
    return out


def _organisations(user_ids):
    return dict(Profile.objects.filter(user_id__in=user_ids, organisation__isnull=False)
                .values_list("user_id", "organisation_id"))


def conflicts_for(reviewer_ids, proposal_ids) -> set:
    """{(reviewer id, proposal id)} for every pair in conflict; four queries for the whole table."""
    reviewer_ids, proposal_ids = set(reviewer_ids), list(proposal_ids)
    speakers = _speakers_by_proposal(proposal_ids)
    organisations = _organisations(reviewer_ids | {uid for ids in speakers.values() for uid in ids})
    pairs = set(DeclaredConflict.objects.filter(reviewer_id__in=reviewer_ids, proposal_id__in=proposal_ids)
                .values_list("reviewer_id", "proposal_id"))
    for pk in proposal_ids:
        speaker_ids = speakers.get(pk, set())
        speaker_organisations = {organisations[uid] for uid in speaker_ids if uid in organisations}
        for reviewer_id in reviewer_ids:
            if reviewer_id in speaker_ids or organisations.get(reviewer_id) in speaker_organisations:
                pairs.add((reviewer_id, pk))
    return pairs


def is_conflicted(reviewer, proposal) -> bool:
    return (reviewer.pk, proposal.pk) in conflicts_for([reviewer.pk], [proposal.pk])


def declare_conflict(reviewer, proposal) -> DeclaredConflict:
    """A committee member steps aside from a proposal; their assignment and any review of it go."""
    check(reviewer, "congress.declare_conflict", proposal)
    with transaction.atomic():
        conflict, _created = DeclaredConflict.objects.get_or_create(proposal=proposal, reviewer=reviewer)
        ReviewAssignment.objects.filter(proposal=proposal, reviewer=reviewer).delete()
        Review.objects.filter(proposal=proposal, reviewer=reviewer).delete()
    return conflict


# Reviews -----------------------------------------------------------------------------------------

def check_can_review(reviewer, proposal):
    """The reasons a review is refused, most telling first; each changes nothing."""
    if not congress_rules.is_proposal_committee(reviewer, proposal):
        raise PermissionDenied(_("Only the programme committee reviews proposals."))
    if proposal.edition.phase != Phase.REVIEW:
        raise ValidationError(_("Proposals are reviewed during the committee review phase only."),
                              code="review_closed")
    if proposal.state != Proposal.State.SUBMITTED:
        raise ValidationError(_("Only submitted proposals waiting for a decision are reviewed."),
                              code="not_in_review")
    if is_conflicted(reviewer, proposal):
        raise PermissionDenied(_("You have a conflict of interest with this proposal (you speak in it, a speaker "
                                 "works at your organisation, or you declared one), so you cannot review it."))
    check(reviewer, "congress.review", proposal)


def weighted_score(criteria, scores) -> Decimal:
    total_weight = sum(criterion.weight for criterion in criteria)
    total = sum(criterion.weight * scores[criterion.pk] for criterion in criteria)
    return (Decimal(total) / Decimal(total_weight)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def save_review(reviewer, proposal, *, scores, comment_for_committee="", comment_for_speaker="") -> Review:
    """Write (or rewrite) `reviewer`'s review: a score for every criterion of the edition's rubric."""
    check_can_review(reviewer, proposal)
    criteria = list(proposal.edition.criteria.all())
    if not criteria:
        raise ValidationError(_("The organisers have not set the rubric yet."), code="no_rubric")
    if set(scores) != {criterion.pk for criterion in criteria}:
        raise ValidationError(_("Give every criterion of the rubric a score."), code="scores")
    if any(not isinstance(value, int) or not MIN_SCORE <= value <= MAX_SCORE for value in scores.values()):
        raise ValidationError(_("Scores go from %(low)d to %(high)d.") % {"low": MIN_SCORE, "high": MAX_SCORE},
                              code="scores")
    with transaction.atomic():
        review, _created = Review.objects.update_or_create(
            proposal=proposal, reviewer=reviewer,
            defaults={"comment_for_committee": comment_for_committee.strip(),
                      "comment_for_speaker": comment_for_speaker.strip(),
                      "score": weighted_score(criteria, scores)})
        ReviewScore.objects.filter(review=review).delete()
        ReviewScore.objects.bulk_create([ReviewScore(review=review, criterion=criterion, score=scores[criterion.pk])
                                         for criterion in criteria])
    return review


# The rubric --------------------------------------------------------------------------------------

def add_criterion(actor, edition, *, name, description="", weight=1) -> Criterion:
    check(actor, "congress.organise", edition)
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Name the criterion."), code="name")
    if weight < 1:
        raise ValidationError(_("A weight is a whole number from 1."), code="weight")
    if Review.objects.filter(proposal__edition=edition).exists():
        # Every review scores every criterion; one added now would leave the written reviews incomparable.
        raise ValidationError(_("Reviews have been written: the rubric can no longer change."), code="started")
    position = edition.criteria.count()
    try:
        with transaction.atomic():
            return Criterion.objects.create(edition=edition, name=name, description=description.strip(),
                                            weight=weight, position=position)
    except IntegrityError:
        raise ValidationError(_("The rubric already has a criterion with this name."), code="duplicate") from None


def remove_criterion(actor, criterion) -> None:
    check(actor, "congress.organise", criterion.edition)
    if ReviewScore.objects.filter(criterion=criterion).exists():
        raise ValidationError(_("Reviews have scored this criterion: it can no longer be removed."),
                              code="scored")
    criterion.delete()


def set_anonymous_review(actor, edition, anonymous: bool):
    check(actor, "congress.organise", edition)
    edition.anonymous_review = anonymous
    edition.save(update_fields=["anonymous_review"])


def hides_speakers(user, edition) -> bool:
    """Anonymous review: committee members who are not organisers do not see who proposed."""
    return (edition.anonymous_review and bool(congress_rules.is_committee_member(user, edition))
            and not congress_rules.is_organiser(user, edition))


# Assignment --------------------------------------------------------------------------------------

def assign_reviewers(actor, edition, per_proposal: int) -> int:
    """Give every submitted proposal up to `per_proposal` reviewers from the committee, the least loaded
    first, never one in conflict. Existing assignments stay; returns how many were added."""
    check(actor, "congress.organise", edition)
    if per_proposal < 1:
        raise ValidationError(_("Assign at least one reviewer per proposal."), code="per_proposal")
    reviewer_ids = list(CommitteeMember.objects.filter(edition=edition).values_list("user_id", flat=True))
    if not reviewer_ids:
        raise ValidationError(_("Add committee members before assigning proposals."), code="no_committee")
    proposal_ids = list(Proposal.objects.filter(edition=edition, state=Proposal.State.SUBMITTED)
                        .order_by("submitted_at", "pk").values_list("pk", flat=True))
    conflicts = conflicts_for(reviewer_ids, proposal_ids)
    assigned = defaultdict(set)
    load = dict.fromkeys(reviewer_ids, 0)
    for proposal_id, reviewer_id in ReviewAssignment.objects.filter(
            proposal__edition=edition, reviewer_id__in=reviewer_ids).values_list("proposal_id", "reviewer_id"):
        assigned[proposal_id].add(reviewer_id)
        load[reviewer_id] += 1
    new = []
    # The proposals with fewest reviewers first, so a short committee spreads over all of them.
    for proposal_id in sorted(proposal_ids, key=lambda pk: len(assigned[pk])):
        free = [rid for rid in reviewer_ids if rid not in assigned[proposal_id] and (rid, proposal_id) not in conflicts]
        free.sort(key=lambda rid: (load[rid], rid))
        for reviewer_id in free[:max(0, per_proposal - len(assigned[proposal_id]))]:
            new.append(ReviewAssignment(proposal_id=proposal_id, reviewer_id=reviewer_id))
            assigned[proposal_id].add(reviewer_id)
            load[reviewer_id] += 1
    ReviewAssignment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# The committee's list ----------------------------------------------------------------------------

SORTS = {"score": ("-average_score", "-vote_count"), "votes": ("-vote_count", "-average_score"),
         "reviews": ("review_count", "-vote_count"), "newest": ("-submitted_at",)}


def committee_rows(user, edition, sort="score"):
    """The proposals the committee weighs, each with its weighted score (the mean of its reviews'), its
    number of reviews, its community votes and the reader's own review and assignment; read through
    Content.objects.visible_to, in one query."""
    readable = Content.objects.visible_to(user).of_kind(PROPOSAL_KIND).filter(space=edition.space).values("pk")
    rows = (Proposal.objects.filter(edition=edition, content__in=readable, state__in=Proposal.PUBLIC_STATES)
            .select_related("content__author__profile", "session_format", "track")
            .annotate(average_score=Avg("reviews__score"), review_count=Count("reviews", distinct=True),
                      reviewed_by_me=Exists(Review.objects.filter(proposal=OuterRef("pk"), reviewer=user)),
                      assigned_to_me=Exists(ReviewAssignment.objects.filter(proposal=OuterRef("pk"), reviewer=user)))
            .order_by(*SORTS.get(sort, SORTS["score"]), "pk"))
    return rows


def comments_for_speakers(proposal):
    return list(Review.objects.filter(proposal=proposal).exclude(comment_for_speaker="")
                .order_by("created_at").values_list("comment_for_speaker", flat=True))


def reviews_of(proposal):
    return (Review.objects.filter(proposal=proposal).select_related("reviewer__profile")
            .prefetch_related("scores__criterion").order_by("created_at"))


# Slots -------------------------------------------------------------------------------------------

def slots_to_answer(user):
    """Accepted proposals of which `user` is a speaker and whose slot is not answered yet."""
    if not user.is_authenticated:
        return []
    co_speaking = CoSpeaker.objects.confirmed().filter(user=user).values("proposal_id")
    readable = Content.objects.visible_to(user).of_kind(PROPOSAL_KIND).values("pk")
    return list(Proposal.objects.filter(state=Proposal.State.ACCEPTED, slot_answer=SlotAnswer.PENDING,
                                        content__in=readable)
                .filter(Q(content__author=user) | Q(pk__in=co_speaking))
                .select_related("content", "edition__space").order_by("-submitted_at"))


# Decisions ---------------------------------------------------------------------------------------

def default_template(decision):
    """The wording used until the organisers write their own (translated into each speaker's language)."""
    if decision == Decision.ACCEPT:
        return (_("Your proposal “{title}” is accepted at {edition}"),
                _("Dear {speakers},\n\nWe are glad to tell you that “{title}” is part of the programme of "
                  "{edition}. Please confirm your slot (or decline it) here:\n\n{link}\n\n{comments}\n\nThank you!"))
    if decision == Decision.WAITLIST:
        return (_("Your proposal “{title}” is on the waiting list of {edition}"),
                _("Dear {speakers},\n\n“{title}” is on the waiting list of {edition}: if a place opens in the "
                  "programme, we will tell you.\n\n{link}\n\n{comments}"))
    return (_("Your proposal “{title}” to {edition}"),
            _("Dear {speakers},\n\nThank you for proposing “{title}”. The committee could not include it in the "
              "programme of {edition} this year.\n\n{link}\n\n{comments}"))


class _Placeholders(dict):
    def __missing__(self, key):
        return "{" + key + "}"  # an unknown placeholder stays as the organisers typed it


def fill(text, values) -> str:
    try:
        return text.format_map(_Placeholders(values))
    except (ValueError, IndexError):  # a lone brace: send the text as written
        return text


def save_decision_template(actor, edition, decision, *, subject, body) -> DecisionTemplate:
    check(actor, "congress.organise", edition)
    if decision not in Decision.values:
        raise ValidationError(_("Choose a decision from the list."), code="decision")
    subject, body = " ".join(subject.split()), body.strip()
    if not subject or not body:
        raise ValidationError(_("Write both the subject and the message."), code="empty")
    template, _created = DecisionTemplate.objects.update_or_create(
        edition=edition, decision=decision, defaults={"subject": subject, "body": body})
    return template


def decide(actor, proposal, decision) -> DecisionRecord:
    """Accept, put on the waiting list or decline; the speakers are told by a background task."""
    from xarxa.congress.tasks import send_decision

    check(actor, "congress.decide", proposal)
    if decision not in Decision.values:
        raise ValidationError(_("Choose a decision from the list."), code="decision")
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        PROPOSAL.transition(locked, decision)
        locked.save(update_fields=["state"])
        proposal.state = locked.state
        record = DecisionRecord.objects.create(proposal=proposal, decision=decision, decided_by=actor)
        transaction.on_commit(lambda: send_decision.enqueue(record.pk))
    return record


def send_decision(record_id) -> int:
    """Mail the decision to every speaker in their language, once (a retried task sends nothing twice),
    and announce it for the note on the site. Returns how many were mailed."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils import translation

    from xarxa.congress.speakers import speakers_of

    with transaction.atomic():
        record = (DecisionRecord.objects.select_for_update(of=("self",))
                  .select_related("proposal__content__author", "proposal__edition__space")
                  .filter(pk=record_id, mailed_at__isnull=True).first())
        if record is None:
            return 0
        proposal = record.proposal
        speakers = speakers_of(proposal)
        custom = DecisionTemplate.objects.filter(edition=proposal.edition, decision=record.decision).first()
        comments = comments_for_speakers(proposal)
        link = settings.SITE_URL.rstrip("/") + reverse("congress:detail", args=[proposal.pk])
        for speaker in speakers:
            with translation.override(speaker.language or settings.LANGUAGE_CODE):
                subject, body = (custom.subject, custom.body) if custom else default_template(record.decision)
                values = {"title": proposal.content.title, "edition": proposal.edition.name, "link": link,
                          "speakers": ", ".join(s.display_name for s in speakers),
                          "comments": (_("The committee's comments:") + "\n\n" + "\n\n".join(comments))
                          if comments else ""}
                send_mail(fill(subject, values)[:200], fill(body, values), None, [speaker.email])
        DecisionRecord.objects.filter(pk=record.pk).update(mailed_at=timezone.now())
        announce("congress.decided", proposal=proposal, decision=record.decision, speakers=speakers)
    return len(speakers)


def answer_slot(actor, proposal, *, confirm: bool) -> Proposal:
    """An accepted proposal's speaker confirms the slot, or declines it (the proposal is then withdrawn)."""
    check(actor, "congress.answer_slot", proposal)
    if proposal.state != Proposal.State.ACCEPTED:
        raise ValidationError(_("Only an accepted proposal has a slot to confirm."), code="not_accepted")
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        SLOT.transition(locked, "confirm" if confirm else "decline")
        if not confirm:
            PROPOSAL.transition(locked, "withdraw")
        locked.save(update_fields=["slot_answer", "state"])
        proposal.slot_answer, proposal.state = locked.slot_answer, locked.state
        announce("congress.slot_answered", proposal=proposal, actor=actor, answer=locked.slot_answer)
    return proposal
