"""The jury's pages and the organisers' jury set-up, finalists, winners, library; the announcement."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.awards import jury, results
from xarxa.awards import rules as award_rules
from xarxa.awards.jury_models import Criterion, Score
from xarxa.awards.models import Category, Nomination, Stage
from xarxa.awards.services import access_category
from xarxa.awards.views import _readable_edition
from xarxa.awards.vote_views import _organised_category
from xarxa.core.refusals import attempt


@login_required
def jury_home(request, slug, category):
    """A juror's list: the finalists they may see (never those they have a conflict with)."""
    category = access_category(request.user, slug, category)
    if not award_rules.is_juror(request.user, category):
        raise Http404(_("No such award category."))
    finalists = jury.visible_to_juror(request.user, category).select_related("content", "organisation")
    scored = set(Score.objects.filter(juror=request.user, nomination__category=category)
                 .values_list("nomination_id", flat=True))
    return render(request, "awards/jury_home.html", {
        "edition": category.edition, "category": category, "finalists": finalists, "scored": scored,
        "is_chair": award_rules.is_jury_chair(request.user, category),
        "tied": jury.tied_at_top(category) if award_rules.is_jury_chair(request.user, category) else [],
    })


@login_required
def jury_nominee(request, pk):
    """A finalist for the jury: the case, the rubric, the juror's scores and private note. 404 when the juror
    has a conflict with it."""
    nomination = jury.access_jury_nominee(request.user, pk)
    category = nomination.category
    criteria = list(Criterion.objects.filter(category=category))
    if request.method == "POST":
        if "conflict" in request.POST:
            jury.declare_conflict(request.user, nomination)
            messages.success(request, _("Your conflict of interest is recorded: you no longer see this nominee."))
            return redirect("awards:jury", category.edition.space.slug, category.slug)
        values = {c.pk: request.POST.get(f"criterion-{c.pk}", "") for c in criteria}
        if all(v.isdigit() for v in values.values()):
            numbers = {k: int(v) for k, v in values.items()}
            _saved, refused = attempt(lambda: jury.score(request.user, nomination, numbers,
                                                         note=request.POST.get("note", "")), request=request)
            if not refused:
                messages.success(request, _("Your scores are saved."))
                return redirect(request.path)
        else:
            messages.error(request, _("Score every criterion of the rubric."))
    mine = dict(Score.objects.filter(juror=request.user, nomination=nomination).values_list("criterion_id", "value"))
    return render(request, "awards/jury_nominee.html", {
        "edition": category.edition, "category": category, "nomination": nomination,
        "rows": [(c, mine.get(c.pk)) for c in criteria], "note": jury.notes_of(request.user, nomination),
        "can_score": award_rules.can_score(request.user, nomination), "scores": range(0, 11),
    })


@login_required
@require_POST
def break_tie(request, slug, category):
    category = access_category(request.user, slug, category)
    chosen = Nomination.objects.filter(category=category, pk=request.POST.get("chosen") or 0).first()
    if chosen is None:
        raise Http404(_("No such nominee."))
    _done, refused = attempt(lambda: jury.break_tie(request.user, category, chosen, request.POST.get("reason", "")),
                             request=request)
    if not refused:
        messages.success(request, _("Your decision and its reason are recorded."))
    return redirect("awards:jury", category.edition.space.slug, category.slug)


@login_required
def manage(request, slug, category):
    """The organisers' jury and results page: jurors, rubric, finalists, ranking, winners, library."""
    category = _organised_category(request, slug, category)
    if request.method == "POST":
        act = request.POST.get("act")
        user = request.user
        if act == "juror":
            member = get_user_model().objects.filter(username__iexact=request.POST.get("username", "").strip()).first()
            if member is None:
                messages.error(request, _("No member has this username."))
            else:
                jury.add_juror(user, category, member, is_chair=bool(request.POST.get("is_chair")))
                messages.success(request, _("%(name)s is on the jury.") % {"name": member.display_name})
        elif act == "rubric":
            criteria = []
            for line in request.POST.get("rubric", "").splitlines():
                name, _sep, weight = line.rpartition(":")
                if line.strip():
                    criteria.append(((name or weight).strip(), int(weight) if name and weight.strip().isdigit() else 1))
            _done, refused = attempt(lambda: jury.set_rubric(user, category, criteria), request=request)
        elif act == "finalists":
            chosen, refused = attempt(lambda: results.select_finalists(user, category), request=request)
            if not refused:
                messages.success(request, _("%(count)d finalists chosen by the validated votes.") % {
                    "count": len(chosen)})
        elif act == "decide":
            mentions = list(Nomination.objects.filter(category=category, pk__in=[
                int(pk) for pk in request.POST.getlist("mention") if pk.isdigit()]))
            winner, refused = attempt(lambda: results.decide_awards(user, category, mentions=mentions),
                                      request=request)
            if not refused:
                messages.success(request, _("The winner is “%(title)s”; it is announced on the category's date.")
                                 % {"title": winner.content.title})
        elif act == "library":
            done, refused = attempt(lambda: results.to_library(user, category), request=request)
            if not refused:
                messages.success(request, _("%(count)d good practices are in the library.") % {"count": len(done)})
        return redirect(request.path)
    counts = results.validated_counts(category)
    return render(request, "awards/manage.html", {
        "edition": category.edition, "category": category, "stage": category.stage,
        "jurors": category.jury.select_related("user__profile"),
        "criteria": Criterion.objects.filter(category=category),
        "ranking": results.ranking(category), "tied": jury.tied_at_top(category),
        "eligible": [(n, counts.get(n.pk, 0)) for n in Nomination.objects.filter(
            category=category, status__in=(Nomination.Status.ELIGIBLE, Nomination.Status.FINALIST))
            .select_related("content").order_by("pk")],
    })


def announcement(request, slug):
    """The winners and special mentions of each category whose announcement date has come."""
    edition = _readable_edition(request.user, slug)
    categories = [c for c in Category.objects.filter(edition=edition) if c.stage == Stage.ANNOUNCED]
    by_category = {}
    for nomination in results.awarded(categories):
        by_category.setdefault(nomination.category_id, []).append(nomination)
    return render(request, "awards/announcement.html", {
        "edition": edition, "sections": [(c, by_category.get(c.pk, [])) for c in categories],
        "coming": [c for c in Category.objects.filter(edition=edition) if c.stage != Stage.ANNOUNCED],
    })
