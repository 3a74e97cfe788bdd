"""The jury: who sits on it, conflicts of interest, scoring against the rubric, private notes, and the
chair's tie-break. A juror never sees nor scores a nominee they have a conflict with: the nominee's page for
the jury answers 404 for them, as the site does for anything forbidden."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.awards.jury_models import MAX_SCORE, Criterion, JuryConflict, JuryMember, JuryNote, Score, TieBreak
from xarxa.awards.models import Nomination
from xarxa.core.rulebook import check


def _organisation_id(user):
    profile = getattr(user, "profile", None)
    return profile.organisation_id if profile is not None else None


def is_conflicted(user, nomination) -> bool:
    """From the nominee's organisation (the nomination's or the nominee's own), the nominee, the one who
    nominated, or a declared conflict."""
    organisation_id = _organisation_id(user)
    nominee_organisation = _organisation_id(nomination.nominee)
    if user.pk in (nomination.nominee_id, nomination.content.author_id):
        return True
    if organisation_id is not None and organisation_id in (nomination.organisation_id, nominee_organisation):
        return True
    return JuryConflict.objects.filter(juror=user, nomination=nomination).exists()


def visible_to_juror(user, category):
    """The finalists `user` may see and score: the same rule as is_conflicted, as one query."""
    organisation_id = _organisation_id(user)
    finalists = Nomination.objects.filter(category=category, status=Nomination.Status.FINALIST)
    conflicted = Q(nominee=user) | Q(content__author=user) | Exists(
        JuryConflict.objects.filter(juror=user, nomination=OuterRef("pk")))
    if organisation_id is not None:
        conflicted |= Q(organisation_id=organisation_id) | Q(nominee__profile__organisation_id=organisation_id)
    return finalists.exclude(conflicted)


def access_jury_nominee(user, pk) -> Nomination:
    """The finalist `pk` for a juror without a conflict, or Http404 (missing, not on its jury, conflicted)."""
    nomination = (Nomination.objects.select_related("content__author", "category__edition__space", "organisation",
                                                    "nominee__profile").filter(pk=pk).first())
    from xarxa.awards.rules import can_see_jury_nominee

    if nomination is None or not can_see_jury_nominee(user, nomination):
        raise Http404(_("No such nominee."))
    return nomination


def add_juror(actor, category, user, *, is_chair=False) -> JuryMember:
    check(actor, "awards.organise", category)
    member, _created = JuryMember.objects.update_or_create(category=category, user=user,
                                                           defaults={"is_chair": is_chair})
    return member


def set_rubric(actor, category, criteria) -> list:
    """[(name, weight)] replaces the category's rubric (before any score is given)."""
    check(actor, "awards.organise", category)
    if Score.objects.filter(criterion__category=category).exists():
        raise ValidationError(_("The rubric cannot change once the jury has started scoring."), code="scored")
    with transaction.atomic():
        Criterion.objects.filter(category=category).delete()
        return [Criterion.objects.create(category=category, name=name, weight=weight, position=n)
                for n, (name, weight) in enumerate(criteria)]


def declare_conflict(juror, nomination) -> JuryConflict:
    check(juror, "awards.judge", nomination.category)
    with transaction.atomic():
        conflict, _created = JuryConflict.objects.get_or_create(juror=juror, nomination=nomination)
        Score.objects.filter(juror=juror, nomination=nomination).delete()  # a conflicted score does not count
    return conflict


def score(juror, nomination, values: dict, note=None) -> list:
    """{criterion id: 0..10} for the juror's scores of `nomination` (replacing earlier ones), and their note."""
    check(juror, "awards.score", nomination)
    criteria = {c.pk: c for c in Criterion.objects.filter(category=nomination.category)}
    if set(values) != set(criteria):
        raise ValidationError(_("Score every criterion of the rubric."), code="incomplete")
    for value in values.values():
        if not 0 <= int(value) <= MAX_SCORE:
            raise ValidationError(_("Scores go from 0 to %(max)d.") % {"max": MAX_SCORE}, code="range")
    with transaction.atomic():
        for criterion_id, value in values.items():
            Score.objects.update_or_create(juror=juror, nomination=nomination, criterion_id=criterion_id,
                                           defaults={"value": int(value)})
        if note is not None:
            JuryNote.objects.update_or_create(juror=juror, nomination=nomination, defaults={"text": note.strip()})
    return list(Score.objects.filter(juror=juror, nomination=nomination))


def weighted_scores(category) -> dict:
    """{nomination id: the jury's weighted score out of 10}: each juror's weighted mean, averaged over jurors.
    Only finalists' scores by jurors without a conflict count (a declared conflict removed theirs)."""
    weights = dict(Criterion.objects.filter(category=category).values_list("pk", "weight"))
    total_weight = sum(weights.values()) or 1
    per_juror = {}
    for nomination_id, juror_id, criterion_id, value in Score.objects.filter(
            nomination__category=category, nomination__status=Nomination.Status.FINALIST).values_list(
            "nomination_id", "juror_id", "criterion_id", "value"):
        per_juror.setdefault(nomination_id, {}).setdefault(juror_id, 0)
        per_juror[nomination_id][juror_id] += value * weights.get(criterion_id, 0)
    return {nomination_id: round(sum(s / total_weight for s in jurors.values()) / len(jurors), 3)
            for nomination_id, jurors in per_juror.items()}


def tied_at_top(category):
    scores = weighted_scores(category)
    if not scores:
        return []
    best = max(scores.values())
    tied = sorted(pk for pk, value in scores.items() if value == best)
    return tied if len(tied) > 1 else []


def break_tie(chair, category, chosen, reason) -> TieBreak:
    check(chair, "awards.break_tie", category)
    reason = (reason or "").strip()
    tied = tied_at_top(category)
    if chosen.pk not in tied:
        raise ValidationError(_("Choose one of the nominees tied at the top."), code="not_tied")
    if not reason:
        raise ValidationError(_("Give the reason for the decision: it is recorded."), code="reason")
    with transaction.atomic():
        decision = TieBreak.objects.create(category=category, chosen=chosen, tied=tied, chair=chair, reason=reason)
        record(chair, Action.AWARD_TIE_BREAK, chosen.content, space=category.edition.space, reason=reason,
               tied=tied)
    return decision


def notes_of(juror, nomination) -> str:
    return JuryNote.objects.filter(juror=juror, nomination=nomination).values_list("text", flat=True).first() or ""
