"""What the vote and the jury produce: validated counts, the finalists, the winners, the good practices they
become in the library, the exports. Results count validated votes only."""

import csv
import io
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.awards.jury import tied_at_top, weighted_scores
from xarxa.awards.jury_models import TieBreak
from xarxa.awards.lifecycles import NOMINATION
from xarxa.awards.models import Nomination, Stage
from xarxa.awards.vote_models import InvalidReason, Review, Vote
from xarxa.core.rulebook import check


def validated_counts(category) -> dict:
    """{nomination id: validated votes}: the only votes results count."""
    return dict(Vote.objects.filter(category=category, review=Review.VALID).values("nomination_id")
                .annotate(n=Count("pk")).values_list("nomination_id", "n"))


def vote_totals(category) -> dict:
    totals = Vote.objects.filter(category=category).aggregate(
        cast=Count("pk"), valid=Count("pk", filter=Q(review=Review.VALID)),
        invalid=Count("pk", filter=Q(review=Review.INVALID)), pending=Count("pk", filter=Q(review=Review.PENDING)))
    labels = dict(InvalidReason.choices)
    reasons = (Vote.objects.filter(category=category, review=Review.INVALID).values("invalid_reason")
               .annotate(n=Count("pk")).order_by("-n", "invalid_reason"))
    totals["reasons"] = [(labels.get(row["invalid_reason"], row["invalid_reason"]), row["n"]) for row in reasons]
    return totals


def select_finalists(actor, category) -> list:
    """Once the vote has closed: the eligible nominations with the most validated votes become finalists
    (the category's number; nominations tied with the last place come in too)."""
    check(actor, "awards.organise", category)
    if not category.is_at_least(Stage.JURY):
        raise ValidationError(_("Finalists are chosen once the public vote has closed."), code="vote_open")
    counts = validated_counts(category)
    eligible = list(Nomination.objects.filter(category=category, status=Nomination.Status.ELIGIBLE))
    eligible.sort(key=lambda n: (-counts.get(n.pk, 0), n.pk))
    if not eligible:
        return []
    cut = counts.get(eligible[min(category.finalists, len(eligible)) - 1].pk, 0)
    chosen = eligible[:category.finalists] + [n for n in eligible[category.finalists:] if counts.get(n.pk, 0) == cut]
    with transaction.atomic():
        for nomination in chosen:
            NOMINATION.transition(nomination, "shortlist")
            nomination.save(update_fields=["status"])
    return chosen


def ranking(category):
    """The finalists by the jury's weighted score, best first, a recorded tie-break deciding the top."""
    scores = weighted_scores(category)
    finalists = list(Nomination.objects.filter(category=category, status=Nomination.Status.FINALIST)
                     .select_related("content", "organisation"))
    tie = TieBreak.objects.filter(category=category).first()
    finalists.sort(key=lambda n: (-scores.get(n.pk, -1), 0 if tie and n.pk == tie.chosen_id else 1, n.pk))
    return [(n, scores.get(n.pk)) for n in finalists]


def decide_awards(actor, category, *, mentions=()) -> Nomination:
    """The winner is the finalist the jury scored best; a tie at the top needs the chair's recorded decision.
    `mentions` (other finalists) get a special mention. Announced on the category's date."""
    check(actor, "awards.organise", category)
    if category.stage not in (Stage.JURY, Stage.ANNOUNCED):
        raise ValidationError(_("Winners are decided once the jury deliberates."), code="not_jury")
    tied = tied_at_top(category)
    ranked = ranking(category)
    if not ranked or ranked[0][1] is None:
        raise ValidationError(_("The jury has not scored the finalists yet."), code="no_scores")
    tie = TieBreak.objects.filter(category=category).first()
    if tied and (tie is None or sorted(tie.tied) != tied):
        raise ValidationError(_("The finalists are tied at the top: the jury's chair must decide between them, "
                                "with a reason."), code="tie")
    winner = ranked[0][0]
    mention_ids = {m.pk for m in mentions} - {winner.pk}
    if any(n.status != Nomination.Status.FINALIST or n.category_id != category.pk for n in mentions):
        raise ValidationError(_("Special mentions go to finalists of this category."), code="mention")
    with transaction.atomic():
        Nomination.objects.filter(category=category).update(award="")
        Nomination.objects.filter(pk=winner.pk).update(award=Nomination.Award.WINNER)
        Nomination.objects.filter(pk__in=mention_ids).update(award=Nomination.Award.MENTION)
        record(actor, Action.AWARD_DECIDE, winner.content, space=category.edition.space,
               category=category.name, mentions=sorted(mention_ids))
    winner.award = Nomination.Award.WINNER
    return winner


def awarded(categories):
    return (Nomination.objects.filter(category__in=categories).exclude(award="")
            .select_related("content", "organisation", "category", "practice__content").order_by("category", "award"))


# The library ---------------------------------------------------------------------------------------

def award_label(nomination) -> str:
    category, edition = nomination.category, nomination.category.edition
    if nomination.award == Nomination.Award.WINNER:
        what = _("Winner")
    elif nomination.award == Nomination.Award.MENTION:
        what = _("Special mention")
    else:
        what = _("Finalist")
    return _("%(award)s, %(category)s, %(edition)s") % {"award": what, "category": category.name,
                                                        "edition": edition.name}


def to_library(actor, category) -> list:
    """Every finalist (winners and mentions included) becomes, or updates, a good practice of the library,
    marked with its award, edition and category (a line of the practice's lessons and the link back kept on
    the nomination). A practice still a draft is published; one missing is created for the nominator."""
    from xarxa.content import services as content_services
    from xarxa.content.models import Content
    from xarxa.library.choices import ResourceKind
    from xarxa.library.models import Resource
    from xarxa.library.services import publish_resource

    check(actor, "awards.organise", category)
    if category.stage != Stage.ANNOUNCED:
        raise ValidationError(_("The library receives the finalists once the winners are announced."),
                              code="not_announced")
    done = []
    finalists = Nomination.objects.filter(category=category, status=Nomination.Status.FINALIST).select_related(
        "content__author", "organisation", "practice__content", "category__edition__space")
    with transaction.atomic():
        for nomination in finalists:
            label = award_label(nomination)
            resource = nomination.practice
            if resource is None:
                author = nomination.content.author or actor
                resource = publish_resource(
                    author, title=nomination.content.title, body=nomination.content.body,
                    language=nomination.content.language, resource_kind=ResourceKind.PRACTICE,
                    summary=(nomination.content.body or nomination.solution)[:600],
                    year=nomination.work_started_on.year, problem=nomination.problem, solution=nomination.solution,
                    results=nomination.results, lessons=label,
                    external_url=nomination.evidence_links[0] if nomination.evidence_links else "",
                    organisations=[nomination.organisation],
                    countries=[str(nomination.organisation.country)] if nomination.organisation.country else [])
            else:
                if resource.content.status in (Content.Status.DRAFT, Content.Status.SCHEDULED):
                    content_services.publish_content(None, resource.content)
                if label not in resource.lessons:
                    resource.lessons = f"{resource.lessons}\n\n{label}".strip()
                    Resource.objects.filter(pk=resource.pk).update(lessons=resource.lessons)
            Nomination.objects.filter(pk=nomination.pk).update(practice=resource, in_library_at=timezone.now())
            done.append(resource)
    return done


# Exports -------------------------------------------------------------------------------------------

EXPORT_FIELDS = ["nomination", "title", "organisation", "status", "award", "votes_validated", "votes_invalidated",
                 "votes_pending", "jury_score", "library"]


def export_rows(category):
    """One row per nomination in the running or decided: counts only, never a voter."""
    per = {row["nomination_id"]: row for row in Vote.objects.filter(category=category).values("nomination_id")
           .annotate(valid=Count("pk", filter=Q(review=Review.VALID)),
                     invalid=Count("pk", filter=Q(review=Review.INVALID)),
                     pending=Count("pk", filter=Q(review=Review.PENDING)))}
    scores = weighted_scores(category)
    rows = []
    for nomination in (Nomination.objects.filter(category=category)
                       .filter(status__in=(Nomination.Status.ELIGIBLE, Nomination.Status.FINALIST))
                       .select_related("content", "organisation").order_by("pk")):
        counts = per.get(nomination.pk, {})
        rows.append({"nomination": nomination.pk, "title": nomination.content.title,
                     "organisation": nomination.organisation.name, "status": nomination.status,
                     "award": nomination.award, "votes_validated": counts.get("valid", 0),
                     "votes_invalidated": counts.get("invalid", 0), "votes_pending": counts.get("pending", 0),
                     "jury_score": scores.get(nomination.pk), "library": nomination.practice_id})
    rows.sort(key=lambda r: (-r["votes_validated"], r["nomination"]))
    return rows


def export_csv(category) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    writer.writerows(export_rows(category))
    return out.getvalue()


def export_json(category) -> str:
    return json.dumps({"edition": category.edition.name, "category": category.name,
                       "totals": {k: v for k, v in vote_totals(category).items() if k != "reasons"},
                       "results": export_rows(category)}, ensure_ascii=False, indent=1)
