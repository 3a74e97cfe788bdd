"""Pages for co-speakers, the committee's review and the organisers' decisions. Thin: each parses, calls
a service through content.kind_views.attempt() (the service's refusal becomes the message) and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.congress import review, speakers
from xarxa.congress import rules as congress_rules
from xarxa.congress.lifecycles import SLOT
from xarxa.congress.models import PROPOSAL_KIND, CoSpeaker, Criterion, Decision, Review
from xarxa.congress.review_forms import AssignForm, CoSpeakerForm, CriterionForm, DecisionTemplateForm, ReviewForm
from xarxa.congress.services import access_edition
from xarxa.content import kinds
from xarxa.content.kind_views import access_item, attempt
from xarxa.core.pagination import paginate, query_without_page
from xarxa.core.refusals import refusal_of


def _proposal(user, pk):
    return access_item(user, pk, kinds.get(PROPOSAL_KIND), related=("proposal__edition__space",))


# Co-speakers -------------------------------------------------------------------------------------

def speakers_context(request, proposal):
    """What the proposal's page shows of its speakers (merged into views.detail_context)."""
    user = request.user
    is_author = congress_rules.is_proposal_author(user, proposal)
    rows = congress_rules.co_speaker_rows(proposal)
    return {
        "co_speakers": [row for row in rows if row.status == CoSpeaker.Status.CONFIRMED],
        # Who is invited and not yet answered is the author's business alone.
        "pending_co_speakers": [row for row in rows if row.status == CoSpeaker.Status.PENDING] if is_author else [],
        "can_invite_co_speaker": congress_rules.can_invite_co_speaker(user, proposal),
        "can_remove_co_speaker": is_author,
        "co_speaker_form": CoSpeakerForm() if congress_rules.can_invite_co_speaker(user, proposal) else None,
    }


@login_required
@require_POST
def invite_co_speaker(request, pk):
    proposal = _proposal(request.user, pk)
    form = CoSpeakerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["invitee"][0])
        return redirect(proposal)
    invitation, status = attempt(lambda: speakers.invite_co_speaker(request.user, proposal,
                                                                    **form.service_arguments()), request=request)
    if status is None:
        messages.success(request, _("%(who)s is invited. They appear on the proposal once they confirm.") % {
            "who": invitation.addressee})
    return redirect(proposal)


@login_required
@require_POST
def remove_co_speaker(request, pk, invitation_pk):
    proposal = _proposal(request.user, pk)
    invitation = proposal.co_speakers.filter(pk=invitation_pk).first()
    if invitation is None:
        messages.error(request, _("This co-speaker has already left the proposal."))
        return redirect(proposal)
    _removed, status = attempt(lambda: speakers.remove_co_speaker(request.user, invitation), request=request)
    if status is None:
        messages.success(request, _("The co-speaker is removed from the proposal."))
    return redirect(proposal)


@login_required
def speaking(request):
    """The member's invitations to co-present, and their accepted proposals waiting for an answer."""
    return render(request, "congress/review/speaking.html", {
        "invitations": list(speakers.invitations_for(request.user)),
        "slots": review.slots_to_answer(request.user),
    })


@login_required
@require_POST
def answer_invitation(request, invitation_pk):
    confirm = request.POST.get("answer") == "confirm"

    def run():
        invitation = speakers.access_invitation(request.user, invitation_pk)
        return speakers.answer_invitation(request.user, invitation, confirm=confirm)

    invitation, status = attempt(run, request=request)
    if status is None:
        if confirm:
            messages.success(request, _("You are now a speaker of “%(title)s”.") % {
                "title": invitation.proposal.content.title})
            return redirect(invitation.proposal)
        messages.success(request, _("You declined the invitation."))
    return redirect("congress:speaking")


def proposal_context(request, proposal):
    """Everything this module adds to the proposal's page (views.detail_context merges it)."""
    user = request.user
    context = speakers_context(request, proposal)
    is_committee = bool(congress_rules.is_proposal_committee(user, proposal))
    is_speaker = bool(congress_rules.is_proposal_speaker(user, proposal))
    context.update(
        hide_speaker_names=review.hides_speakers(user, proposal.edition) and not is_speaker,
        is_committee=is_committee, is_speaker=is_speaker,
        review_url=reverse("congress:review", args=[proposal.pk]) if is_committee else "",
        can_answer_slot=is_speaker and proposal.state == "accepted" and SLOT.can(proposal, "confirm"),
        # The reviewers' words for the speakers, once the decision has been sent.
        speaker_comments=review.comments_for_speakers(proposal) if is_speaker and proposal.decisions.exists() else [],
    )
    return context


hides_speakers = review.hides_speakers


# The committee -----------------------------------------------------------------------------------

def _committee_edition(user, slug):
    """The edition whose committee `user` sits on; 404 for anyone else (as for a page that is not there)."""
    edition = access_edition(user, slug)
    if not congress_rules.can_act_as_committee(user, edition):
        raise Http404(_("No such congress edition."))
    return edition


COMMITTEE_PER_PAGE = 50


@login_required
def committee(request, slug):
    """The proposals side by side: weighted score, number of reviews and community votes."""
    edition = _committee_edition(request.user, slug)
    sort = request.GET.get("sort") if request.GET.get("sort") in review.SORTS else "score"
    page = paginate(request, review.committee_rows(request.user, edition, sort), per_page=COMMITTEE_PER_PAGE)
    ids = [proposal.pk for proposal in page.object_list]
    conflicts = {pk for _rid, pk in review.conflicts_for([request.user.pk], ids)}
    for proposal in page.object_list:
        proposal.conflicted = proposal.pk in conflicts
    is_organiser = bool(congress_rules.can_organise(request.user, edition))
    return render(request, "congress/review/committee.html", {
        "edition": edition, "phase": edition.phase, "phase_ends_at": edition.phase_ends_at(), "page": page,
        "sort": sort, "query_string": query_without_page(request), "is_organiser": is_organiser, "is_committee": True,
        "hide_speaker_names": review.hides_speakers(request.user, edition),
        "assign_form": AssignForm() if is_organiser else None,
        "criteria_count": edition.criteria.count(),
    })


@login_required
@require_POST
def assign(request, slug):
    edition = _committee_edition(request.user, slug)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["per_proposal"][0])
        return redirect("congress:committee", slug)
    added, status = attempt(lambda: review.assign_reviewers(request.user, edition, form.cleaned_data["per_proposal"]),
                            request=request)
    if status is None:
        messages.success(request, _("%(count)d assignments added.") % {"count": added})
    return redirect("congress:committee", slug)


@login_required
def rubric(request, slug):
    edition = _committee_edition(request.user, slug)
    is_organiser = bool(congress_rules.can_organise(request.user, edition))
    form = CriterionForm(request.POST or None) if is_organiser else None
    status = None
    if request.method == "POST" and form is not None and form.is_valid():
        _criterion, status = attempt(lambda: review.add_criterion(request.user, edition, **form.cleaned_data),
                                     form=form)
        if status is None:
            messages.success(request, _("The criterion is added to the rubric."))
            return redirect("congress:rubric", slug)
    elif request.method == "POST":
        status = 403 if form is None else 400
    return render(request, "congress/review/rubric.html", {
        "edition": edition, "criteria": edition.criteria.all(), "form": form, "is_organiser": is_organiser,
    }, status=status or 200)


@login_required
@require_POST
def remove_criterion(request, slug, criterion_pk):
    edition = _committee_edition(request.user, slug)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, edition=edition)
    _removed, status = attempt(lambda: review.remove_criterion(request.user, criterion), request=request)
    if status is None:
        messages.success(request, _("The criterion is removed."))
    return redirect("congress:rubric", slug)


@login_required
@require_POST
def anonymous_review(request, slug):
    edition = _committee_edition(request.user, slug)
    anonymous = request.POST.get("anonymous") == "1"
    _done, status = attempt(lambda: review.set_anonymous_review(request.user, edition, anonymous), request=request)
    if status is None:
        messages.success(request, _("Anonymous review is on: committee members do not see the speakers' names.")
                         if anonymous else _("Anonymous review is off."))
    return redirect("congress:rubric", slug)


@login_required
def review_proposal(request, pk):
    """A committee member's review of one proposal: a score per criterion and two comments."""
    proposal = _proposal(request.user, pk)
    edition, user = proposal.edition, request.user
    if not congress_rules.is_proposal_committee(user, proposal):
        raise Http404(_("No such proposal."))
    criteria = list(edition.criteria.all())
    mine = Review.objects.filter(proposal=proposal, reviewer=user).prefetch_related("scores").first()
    initial = {}
    if mine is not None:
        initial = {"comment_for_committee": mine.comment_for_committee,
                   "comment_for_speaker": mine.comment_for_speaker,
                   **{f"score_{row.criterion_id}": row.score for row in mine.scores.all()}}
    form = ReviewForm(request.POST or None, criteria=criteria, initial=initial)
    status = None
    if request.method == "POST":
        if form.is_valid():
            _saved, status = attempt(lambda: review.save_review(user, proposal, **form.service_arguments()),
                                     form=form)
            if status is None:
                messages.success(request, _("Your review is saved."))
                return redirect("congress:committee", edition.space.slug)
        else:
            status = 400
    refusal = refusal_of(lambda: review.check_can_review(user, proposal))
    is_organiser = bool(congress_rules.can_organise(user, edition))
    return render(request, "congress/review/review.html", {
        "edition": edition, "proposal": proposal, "content": proposal.content, "form": form, "refusal": refusal,
        "hide_speaker_names": review.hides_speakers(user, edition),
        "speakers": speakers.speakers_of(proposal),
        # Others' reviews once one's own is written (no anchoring), and always for the organisers.
        "reviews": list(review.reviews_of(proposal)) if (mine is not None or is_organiser) else None,
        "can_declare_conflict": not review.is_conflicted(user, proposal),
    }, status=status or (403 if refusal and request.method == "POST" else 200))


@login_required
@require_POST
def declare_conflict(request, pk):
    proposal = _proposal(request.user, pk)
    _conflict, status = attempt(lambda: review.declare_conflict(request.user, proposal), request=request)
    if status is None:
        messages.success(request, _("Conflict of interest noted: you will not review this proposal."))
    return redirect("congress:committee", proposal.edition.space.slug)



# Decisions ---------------------------------------------------------------------------------------

@login_required
@require_POST
def decide(request, pk):
    proposal = _proposal(request.user, pk)
    decision = request.POST.get("decision", "")
    _record, status = attempt(lambda: review.decide(request.user, proposal, decision), request=request)
    if status is None:
        messages.success(request, _("“%(title)s”: %(decision)s. The speakers are being told.") % {
            "title": proposal.content.title, "decision": Decision(decision).label})
    slug = proposal.edition.space.slug
    if congress_rules.can_act_as_committee(request.user, proposal.edition):
        return redirect(reverse("congress:committee", args=[slug]) + f"#proposal-{proposal.pk}")
    return redirect(proposal)


@login_required
def decision_emails(request, slug):
    """The organisers word the e-mail of each decision; the defaults show until they do."""
    edition = _committee_edition(request.user, slug)
    if not congress_rules.can_organise(request.user, edition):
        raise Http404(_("No such congress edition."))
    saved = {row.decision: row for row in edition.decision_templates.all()}
    forms, status = [], None
    for decision in Decision:
        subject, body = default_template_texts(decision, saved)
        data = request.POST if request.method == "POST" and request.POST.get("decision") == decision.value else None
        form = DecisionTemplateForm(data, prefix=decision.value, initial={"subject": subject, "body": body})
        if data is not None and form.is_valid():
            _saved, status = attempt(lambda form=form, decision=decision: review.save_decision_template(
                request.user, edition, decision.value, **form.cleaned_data), form=form)
            if status is None:
                messages.success(request, _("The e-mail is saved."))
                return redirect("congress:decision_emails", slug)
        elif data is not None:
            status = 400
        forms.append((decision, form))
    return render(request, "congress/review/decision_emails.html", {
        "edition": edition, "forms": forms, "is_organiser": True}, status=status or 200)


def default_template_texts(decision, saved):
    if decision.value in saved:
        return saved[decision.value].subject, saved[decision.value].body
    return tuple(str(text) for text in review.default_template(decision.value))


@login_required
@require_POST
def answer_slot(request, pk):
    proposal = _proposal(request.user, pk)
    confirm = request.POST.get("answer") == "confirm"
    _answered, status = attempt(lambda: review.answer_slot(request.user, proposal, confirm=confirm), request=request)
    if status is None:
        messages.success(request, _("Your slot is confirmed. See you at the congress!") if confirm
                         else _("You declined the slot: the proposal is withdrawn."))
    return redirect(proposal)
