"""Pages for co-speakers, the committee's review and the organisers' decisions. Thin: each parses, calls
a service through content.kind_views.attempt() (the service's refusal becomes the message) and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.congress import rules as congress_rules
from xarxa.congress import speakers
from xarxa.congress.models import PROPOSAL_KIND, CoSpeaker
from xarxa.congress.review_forms import CoSpeakerForm
from xarxa.content import kinds
from xarxa.content.kind_views import access_item, attempt


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
    return speakers_context(request, proposal)
