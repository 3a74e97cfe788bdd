"""The awards' pages: an edition's categories, a category (nominations, then the vote and the results),
nominating, the nominee's answer and the organisers' eligibility check. The vote's pages live in
vote_views.py, the jury's in jury_views.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.awards import rules as award_rules
from xarxa.awards import services
from xarxa.awards.forms import CategoryForm, EligibilityForm, NominationEditForm, NominationForm
from xarxa.awards.models import NOMINATION_KIND, Category, Nomination, Stage
from xarxa.awards.services import access_category
from xarxa.congress import rules as congress_rules
from xarxa.congress.services import access_edition
from xarxa.content import kinds
from xarxa.content.kind_views import access_item
from xarxa.content.models import Content
from xarxa.core.refusals import attempt, refusal_of
from xarxa.core.rulebook import check


def _readable_edition(user, slug):
    edition = access_edition(user, slug)
    if not congress_rules.can_read_edition(user, edition):
        raise Http404(_("No such congress edition."))
    return edition


def home(request, slug):
    """An edition's awards: its categories and where each stands."""
    edition = _readable_edition(request.user, slug)
    categories = list(Category.objects.filter(edition=edition))
    return render(request, "awards/home.html", {
        "edition": edition, "categories": categories,
        "can_organise": congress_rules.is_organiser(request.user, edition),
    })


def listed_nominations(user, category):
    """The nominations of `category` that `user` may read, through Content.objects.visible_to. Members see
    those in the running; the organisers see every one (to check them)."""
    rows = (Content.objects.visible_to(user).of_kind(NOMINATION_KIND).filter(nomination__category=category)
            .select_related("nomination__organisation", "nomination__nominee__profile")
            .order_by("title", "pk"))
    if not award_rules.is_category_organiser(user, category):
        rows = rows.filter(nomination__status__in=(Nomination.Status.ACCEPTED, Nomination.Status.ELIGIBLE,
                                                   Nomination.Status.FINALIST))
    return rows


def category_page(request, slug, category):
    category = access_category(request.user, slug, category)
    user = request.user
    rows = list(listed_nominations(user, category))
    context = {
        "edition": category.edition, "category": category, "stage": category.stage, "rows": rows,
        "can_organise": award_rules.is_category_organiser(user, category),
        "can_nominate": award_rules.can_nominate(user, category),
        "is_juror": award_rules.is_juror(user, category),
    }
    if category.stage == Stage.VOTE:
        from xarxa.awards.voting import current_choice

        context.update(can_vote=award_rules.can_vote(user, category),
                       my_choice=current_choice(user, category) if user.is_authenticated else None,
                       vote_refusal=None if award_rules.can_vote(user, category) else refusal_of(
                           lambda: check(user, "awards.vote", category)))
    return render(request, "awards/category.html", context)


@login_required
def new_category(request, slug):
    edition = _readable_edition(request.user, slug)
    if not congress_rules.is_organiser(request.user, edition):
        raise Http404(_("No such congress edition."))
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        category, refused = attempt(lambda: services.create_category(request.user, edition,
                                                                     **form.service_arguments()), form=form)
        if not refused:
            messages.success(request, _("The category is created."))
            return redirect(category)
    return render(request, "awards/category_form.html", {"edition": edition, "form": form},
                  status=400 if form.errors else 200)


@login_required
def edit_category(request, slug, category):
    category = access_category(request.user, slug, category)
    if not award_rules.is_category_organiser(request.user, category):
        raise Http404(_("No such award category."))
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        category = Category.objects.get(pk=category.pk)  # the form changed the instance in memory
        _saved, refused = attempt(lambda: services.update_category(request.user, category, **arguments), form=form)
        if not refused:
            messages.success(request, _("The category is saved."))
            return redirect(category)
    return render(request, "awards/category_form.html", {"edition": category.edition, "form": form,
                                                         "category": category}, status=400 if form.errors else 200)


@login_required
def nominate(request, slug, category):
    category = access_category(request.user, slug, category)
    form = NominationForm(request.POST or None, initial={"language": request.LANGUAGE_CODE[:2],
                                                         "nominee": request.user.username})
    if request.method == "POST" and form.is_valid():
        nomination, refused = attempt(lambda: services.nominate(request.user, category, **form.service_arguments()),
                                      form=form)
        if not refused:
            messages.success(request, kinds.get(NOMINATION_KIND).texts["created"])
            return redirect(nomination)
    refusal = refusal_of(lambda: check(request.user, "awards.nominate", category))
    return render(request, "awards/nomination_form.html", {
        "edition": category.edition, "category": category, "form": form, "refusal": refusal,
        "allowed": refusal is None, "content_kind": kinds.get(NOMINATION_KIND),
    }, status=400 if form.errors else (200 if refusal is None else 403))


# The nomination's page and edit form are content.kind_views' generic ones (the kind's entry in apps.py).

def detail_context(request, nomination):
    user, category = request.user, nomination.category
    is_organiser = award_rules.is_category_organiser(user, category)
    return {
        "edition": category.edition, "category": category, "stage": category.stage,
        "can_answer": award_rules.can_answer_nomination(user, nomination),
        "is_organiser": is_organiser,
        "decisions": list(nomination.eligibility_decisions.select_related("decided_by__profile")) if is_organiser
        else [],
        "eligibility_form": EligibilityForm() if is_organiser else None,
        "practice_readable": nomination.practice_id is not None and Content.objects.visible_to(user).filter(
            pk=nomination.practice_id).exists(),
    }


def edit_form_kwargs(nomination):
    return {"initial": NominationEditForm.initial_for(nomination)}


def edit_arguments(form, nomination):
    return form.service_arguments()


@login_required
@require_POST
def answer(request, pk):
    nomination = access_item(request.user, pk, kinds.get(NOMINATION_KIND))
    accept = request.POST.get("answer") == "accept"
    _done, refused = attempt(lambda: services.answer_nomination(request.user, nomination, accept=accept),
                             request=request)
    if not refused:
        messages.success(request, _("You accepted the nomination.") if accept else _("You declined the nomination."))
    return redirect(nomination)


@login_required
@require_POST
def decide_eligibility(request, pk):
    nomination = access_item(request.user, pk, kinds.get(NOMINATION_KIND))
    form = EligibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect(nomination)
    _done, refused = attempt(lambda: services.decide_eligibility(
        request.user, nomination, eligible=form.cleaned_data["eligible"], reason=form.cleaned_data["reason"]),
        request=request)
    if not refused:
        messages.success(request, _("The decision and its reason are recorded."))
    return redirect(nomination)
