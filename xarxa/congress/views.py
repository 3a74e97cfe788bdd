from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.congress import review_views, services
from xarxa.congress import rules as congress_rules
from xarxa.congress.forms import ProposalForm
from xarxa.congress.models import PHASE_ORDER, PROPOSAL_KIND, Edition, Phase, Proposal, Room, Vote
from xarxa.congress.services import access_edition
from xarxa.content import kinds
from xarxa.content.kind_views import access_item, attempt
from xarxa.content.models import Content
from xarxa.core.pagination import paginate, query_without_page
from xarxa.core.refusals import refusal_of
from xarxa.spaces import rules as space_rules
from xarxa.spaces.services import join_space

PER_PAGE = 30


def edition_list(request):
    """Every edition the reader may know of: the coming and current ones first, then the archive."""
    editions = list(Edition.objects.visible_to(request.user).for_lists().order_by("-starts_on", "pk"))
    today = timezone.localdate()
    return render(request, "congress/list.html", {
        "coming": [edition for edition in reversed(editions) if edition.ends_on >= today],
        "past": [edition for edition in editions if edition.ends_on < today],
    })


def _can_take_part(user, edition):
    return (user.is_authenticated and not space_rules.is_space_member(user, edition.space)
            and bool(space_rules.can_join_space(user, edition.space)))


def edition_home(request, slug):
    edition = access_edition(request.user, slug)
    can_read = congress_rules.can_read_edition(request.user, edition)
    context = {
        "edition": edition,
        "space": edition.space,
        "phase": edition.phase,
        "phase_ends_at": edition.phase_ends_at(),
        "can_read": can_read,
        "can_organise": congress_rules.can_organise(request.user, edition),
        "can_propose": congress_rules.can_propose(request.user, edition),
        "can_take_part": _can_take_part(request.user, edition),
    }
    if can_read:
        context.update(
            venues=edition.venues.prefetch_related(Prefetch("rooms", queryset=Room.objects.order_by("position", "id"))),
            tracks=edition.tracks.all(),
            formats=edition.formats.all(),
        )
    return render(request, "congress/edition.html", context)


# Proposals ---------------------------------------------------------------------------------------

def _readable_edition(user, slug):
    """The edition whose inside `user` may read, or 404 (as for a group's inner pages)."""
    edition = access_edition(user, slug)
    if not congress_rules.can_read_edition(user, edition):
        raise Http404(_("No such congress edition."))
    return edition


def _vote_counts_shown(user, edition):
    """The list's rule for every row at once (congress.see_vote_count, asked of the edition)."""
    out = PHASE_ORDER.index(edition.phase) >= PHASE_ORDER.index(Phase.PROGRAMME)
    return out or bool(congress_rules.can_act_as_committee(user, edition))


def proposal_list(request, slug):
    """The proposals of the call that the reader may read, newest first; the reader's own drafts apart."""
    edition = _readable_edition(request.user, slug)
    visible = Content.objects.visible_to(request.user).of_kind(PROPOSAL_KIND).filter(space=edition.space)
    listed = (visible.filter(proposal__state__in=Proposal.PUBLIC_STATES)
              .select_related("author__profile", "proposal__session_format", "proposal__track")
              .order_by("-published_at", "-pk"))
    if request.user.is_authenticated:  # "you voted for it", in the same query as the rows
        listed = listed.annotate(viewer_voted=Exists(Vote.objects.filter(proposal=OuterRef("pk"),
                                                                          user=request.user)))
    page = paginate(request, listed, per_page=PER_PAGE)
    mine = []
    if request.user.is_authenticated:
        mine = list(visible.filter(author=request.user).exclude(proposal__state__in=Proposal.PUBLIC_STATES)
                    .select_related("proposal").order_by("-created_at"))
    return render(request, "congress/proposal_list.html", {
        "edition": edition, "phase": edition.phase, "phase_ends_at": edition.phase_ends_at(), "page": page,
        "mine": mine, "can_propose": congress_rules.can_propose(request.user, edition),
        "show_vote_counts": _vote_counts_shown(request.user, edition),
        "is_committee": congress_rules.can_act_as_committee(request.user, edition),  # the committee tab
        "hide_speaker_names": review_views.hides_speakers(request.user, edition),
        "query_string": query_without_page(request),
    })


@login_required
def propose(request, slug):
    edition = _readable_edition(request.user, slug)
    form = ProposalForm(request.POST or None, edition=edition, initial={"language": request.LANGUAGE_CODE[:2]})
    if request.method == "POST" and form.is_valid():
        proposal, refused = attempt(lambda: services.propose(
            request.user, edition, **form.service_arguments(), language=form.cleaned_data["language"],
            submit="save_draft" not in request.POST), form=form)
        if not refused:
            if proposal.is_draft:
                messages.success(request, _("Your draft is saved. Submit it before the call closes."))
            else:
                messages.success(request, _("Your proposal is submitted. Members can now read and discuss it."))
            return redirect(proposal)
    refusal = None
    if not congress_rules.can_propose(request.user, edition):
        refusal = refusal_of(lambda: services.check_can_propose(request.user, edition))
    return render(request, "congress/proposal_form.html",
                  {"edition": edition, "form": form, "refusal": refusal, "allowed": refusal is None,
                   "content_kind": kinds.get(PROPOSAL_KIND)},
                  status=400 if request.method == "POST" else 200)


# The proposal's page, edit form and "submit" (the kind's publish) are content.kind_views' generic ones;
# the kind's registry entry (apps.py) points them here for what only a proposal adds.

def detail_context(request, proposal):
    user, edition = request.user, proposal.edition
    extras = review_views.proposal_context(request, proposal)
    can_vote = congress_rules.can_vote(user, proposal)
    return {"edition": edition, "phase": edition.phase, "can_vote": can_vote,
            "has_voted": can_vote and Vote.objects.filter(proposal=proposal, user=user).exists(),
            "can_see_vote_count": congress_rules.can_see_vote_count(user, proposal),
            "can_withdraw": congress_rules.can_withdraw_proposal(user, proposal),
            "can_read_notes": congress_rules.can_read_committee_notes(user, proposal),
            "can_take_part": _can_take_part(user, edition), **extras}


def edit_form_kwargs(proposal):
    return {"edition": proposal.edition, "initial": ProposalForm.initial_for(proposal)}


def edit_arguments(form, proposal):
    return form.service_arguments()


@login_required
@require_POST
def withdraw_proposal(request, pk):
    proposal = access_item(request.user, pk, kinds.get(PROPOSAL_KIND))
    _withdrawn, refused = attempt(lambda: services.withdraw_proposal(request.user, proposal), request=request)
    if not refused:
        messages.success(request, _("Your proposal is withdrawn."))
    return redirect(proposal)


@login_required
@require_POST
def join(request, slug):
    """Take part in an edition: join its space, to discuss and (later) vote on the proposals."""
    edition = _readable_edition(request.user, slug)
    _joined, refused = attempt(lambda: join_space(request.user, edition.space), request=request)
    if not refused:
        messages.success(request, _("You take part in this edition: you can discuss the proposals."))
    return redirect(request.POST.get("next") if url_has_allowed_host_and_scheme(
        request.POST.get("next"), allowed_hosts={request.get_host()}) else edition.get_absolute_url())


@login_required
@require_POST
def vote(request, pk):
    """Give a vote, or take it back (take_back=1), while the community vote is open."""
    proposal = access_item(request.user, pk, kinds.get(PROPOSAL_KIND))
    take_back = bool(request.POST.get("take_back"))
    act = services.take_back_vote if take_back else services.cast_vote
    _voted, refused = attempt(lambda: act(request.user, proposal), request=request)
    if not refused:
        messages.success(request, _("Your vote is taken back.") if take_back else _("Your vote is counted."))
    return redirect(proposal)
