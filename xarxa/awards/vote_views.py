"""The vote's pages: voting, the confirmation link, the organisers' review (votes by number and signals,
never by voter), the transparency page and the exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.awards import fraud, results, voting
from xarxa.awards import rules as award_rules
from xarxa.awards.forms import VoteReviewForm
from xarxa.awards.models import Category, Nomination, Stage
from xarxa.awards.services import access_category
from xarxa.awards.views import _readable_edition
from xarxa.awards.vote_models import Review, Vote
from xarxa.core.pagination import paginate, query_without_page
from xarxa.core.refusals import attempt

REVIEW_PER_PAGE = 50


@login_required
@require_POST
def vote(request, slug, category):
    category = access_category(request.user, slug, category)
    nomination = Nomination.objects.filter(category=category, pk=request.POST.get("nomination") or 0).first()
    if nomination is None:
        raise Http404(_("No such nomination."))
    before = voting.current_choice(request.user, category)
    cast, refused = attempt(lambda: voting.cast_vote(request.user, category, nomination,
                                                     features=voting.request_features(request)), request=request)
    if not refused:
        text = _("Your vote is replaced.") if before else _("Your vote is taken.")
        if cast.confirmed_at:
            messages.success(request, text + " " + _("It is confirmed: you signed in with two factors."))
        else:
            messages.success(request, text + " " + _("Confirm it with the link we have e-mailed you."))
    return redirect(category)


def confirm_vote(request, token):
    """GET asks (mail scanners open links), POST confirms."""
    if request.method == "POST":
        confirmed, refused = attempt(lambda: voting.confirm_vote(token), request=request)
        if not refused:
            messages.success(request, _("Your vote is confirmed. Thank you."))
            return redirect(confirmed.category)
    return render(request, "awards/confirm_vote.html", {"token": token})


def _organised_category(request, slug, category):
    category = access_category(request.user, slug, category)
    if not award_rules.is_category_organiser(request.user, category):
        raise Http404(_("No such award category."))
    return category


SCOPES = {
    "pending_clean": lambda votes: votes.filter(review=Review.PENDING, **dict.fromkeys(Vote.SIGNALS, False)),
    "all_pending": lambda votes: votes.filter(review=Review.PENDING),
}


def _chosen_votes(request, category, scope):
    votes = Vote.objects.filter(category=category)
    if scope == "chosen":
        ids = [int(pk) for pk in request.POST.getlist("vote") if pk.isdigit()]
        return votes.filter(pk__in=ids)
    if scope.startswith("signal:") and scope[7:] in Vote.SIGNALS:
        return votes.filter(**{scope[7:]: True})
    return SCOPES[scope](votes)


@login_required
def review_votes(request, slug, category):
    """Per nominee and per vote (a number, never a voter): the signals, and the bulk review with a reason."""
    category = _organised_category(request, slug, category)
    form = VoteReviewForm(request.POST or None)
    if request.method == "POST" and "recompute" in request.POST:
        from xarxa.awards.tasks import compute_fraud_signals

        compute_fraud_signals.enqueue(category.pk)
        messages.success(request, _("The signals are being computed again."))
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moved, refused = attempt(lambda: voting.review_votes(
            request.user, category, action=data["action"], votes=_chosen_votes(request, category, data["scope"]),
            reason=data["reason"], invalid_reason=data["invalid_reason"]), form=form)
        if not refused:
            messages.success(request, _("%(count)d votes reviewed; the reason is on the audit trail.") % {
                "count": moved})
            return redirect(request.get_full_path())
    votes = Vote.objects.filter(category=category)
    signal = request.GET.get("signal", "")
    if signal in Vote.SIGNALS:
        votes = votes.filter(**{signal: True})
    review = request.GET.get("review", "")
    if review in Review.values:
        votes = votes.filter(review=review)
    votes = votes.select_related("nomination__content").only(
        "pk", "cast_at", "review", "invalid_reason", "domain_kind", "account_age_hours", "nomination__content__title",
        *Vote.SIGNALS).order_by("-pk")
    return render(request, "awards/review_votes.html", {
        "edition": category.edition, "category": category, "form": form,
        "page": paginate(request, votes, per_page=REVIEW_PER_PAGE), "query_string": query_without_page(request),
        "counts": fraud.signal_counts(Vote.objects.filter(category=category)),
        "per_nominee": list(fraud.per_nominee(category)), "totals": results.vote_totals(category),
        "signal": signal, "review": review, "signals": Vote.SIGNALS,
        "new_account_hours": fraud.NEW_ACCOUNT_HOURS,
    }, status=400 if form.errors else 200)


def transparency(request, slug):
    """After each category's vote: votes cast, validated and invalidated (with the reasons counted), finalists."""
    edition = _readable_edition(request.user, slug)
    sections = []
    for category in Category.objects.filter(edition=edition):
        if not category.is_at_least(Stage.JURY):
            sections.append({"category": category, "open": True})
            continue
        finalists = (Nomination.objects.filter(category=category, status=Nomination.Status.FINALIST)
                     .select_related("content", "organisation").order_by("pk"))
        counts = results.validated_counts(category)
        sections.append({"category": category, "totals": results.vote_totals(category),
                         "finalists": [(n, counts.get(n.pk, 0)) for n in finalists]})
    return render(request, "awards/transparency.html", {"edition": edition, "sections": sections})


def export(request, slug, category, format):
    """Results per category (CSV or JSON): counts only. Organisers any time; everyone once announced."""
    category = access_category(request.user, slug, category)
    if format not in ("csv", "json"):
        raise Http404(_("No such export."))
    if not (award_rules.is_category_organiser(request.user, category) or category.stage == Stage.ANNOUNCED):
        raise Http404(_("No such award category."))
    if format == "csv":
        response = HttpResponse(results.export_csv(category), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(results.export_json(category), content_type="application/json")
    name = f"awards-{category.edition.space.slug}-{category.slug}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
