"""Co-speakers: the author invites them by username or e-mail address, they confirm or decline, the author
removes them. Confirmed co-speakers are speakers of the proposal: shown on it, they edit it while the call
is open and answer for the slot once it is accepted.

An e-mail invitation binds to an account only through an address the account has verified (now, or later
when it confirms the address), as invitations to groups do: anyone can type someone else's address at
sign-up. The author hears the same answer for an address with or without an account.

An invitation's declared lifecycle (core.lifecycle), one service a transition:

    pending ──confirm──▶ confirmed        confirm_co_speaker
    pending ──decline──▶ declined         decline_co_speaker
    pending, confirmed ──remove──▶ removed  remove_co_speaker (the author)

A refused transition raises a translated ValidationError and changes nothing.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xarxa.accounts.models import User
from xarxa.accounts.rules import can_post, profile_details_are_visible
from xarxa.accounts.services import member_with_verified_email
from xarxa.congress.models import CoSpeaker, Proposal
from xarxa.core.events import announce
from xarxa.core.lifecycle import Lifecycle, Transition
from xarxa.core.rulebook import check

Status = CoSpeaker.Status
OPEN_STATUSES = (Status.PENDING, Status.CONFIRMED)
MAX_CO_SPEAKERS = 5
ANSWERED = gettext_lazy("This invitation is not for you, or it has already been answered.")

CO_SPEAKER = Lifecycle("status", {
    "confirm": Transition({Status.PENDING}, Status.CONFIRMED, ANSWERED),
    "decline": Transition({Status.PENDING}, Status.DECLINED, ANSWERED),
    "remove": Transition(OPEN_STATUSES, Status.REMOVED, gettext_lazy("This co-speaker has already left the proposal.")),
})


def speakers_of(proposal) -> list:
    """The author and the confirmed co-speakers, in the order they joined (accounts, never addresses)."""
    users = [proposal.content.author] if proposal.content.author_id else []
    users += [row.user for row in proposal.co_speakers.confirmed().select_related("user__profile")]
    return users


def speaker_ids(proposal_ids) -> dict:
    """{proposal id: {user ids of its speakers}} for many proposals in one query."""
    out = {pk: set() for pk in proposal_ids}
    rows = Proposal.objects.filter(pk__in=proposal_ids).values_list("pk", "content__author_id")
    for pk, author_id in rows:
        if author_id:
            out[pk].add(author_id)
    for pk, user_id in CoSpeaker.objects.confirmed().filter(proposal_id__in=proposal_ids).values_list(
            "proposal_id", "user_id"):
        out[pk].add(user_id)
    return out


def invite_co_speaker(actor, proposal, *, username="", email="") -> CoSpeaker:
    check(actor, "congress.invite_co_speaker", proposal)
    username, email = username.strip().lstrip("@"), email.strip().lower()
    if bool(username) == bool(email):
        raise ValidationError(_("Give either a username or an e-mail address."), code="invitee")
    current = proposal.co_speakers.filter(status__in=OPEN_STATUSES)
    if current.count() >= MAX_CO_SPEAKERS:
        raise ValidationError(_("A proposal can have at most %(count)d co-speakers.") % {"count": MAX_CO_SPEAKERS},
                              code="too_many")
    if username:
        invitee = _member_by_username(actor, username)
        if invitee.pk == proposal.content.author_id:
            raise ValidationError(_("You are already the proposal's speaker."), code="self")
        if current.filter(user=invitee).exists():
            raise ValidationError(_("%(name)s is already invited to this proposal.") % {
                "name": invitee.display_name}, code="already_invited")
    else:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("Enter a valid e-mail address."), code="email") from None
        invitee = member_with_verified_email(email)
        # Only invitations addressed by e-mail count: one by username would tell whose address this is.
        if current.filter(Q(by_email=True) | Q(user__isnull=True), email=email).exists():
            raise ValidationError(_("This address is already invited to this proposal."), code="already_invited")
        if invitee is not None and (invitee.pk == proposal.content.author_id or current.filter(user=invitee).exists()):
            invitee = None  # bound to nobody new; the author hears the same answer as for any address
    with transaction.atomic():
        try:
            with transaction.atomic():
                invitation = CoSpeaker.objects.create(
                    proposal=proposal, user=invitee, email=email or invitee.email.lower(), by_email=bool(email),
                    invited_by=actor)
        except IntegrityError:
            raise ValidationError(_("This person is already invited to this proposal."),
                                  code="already_invited") from None
        announce("congress.co_speaker_invited", invitation=invitation)
        transaction.on_commit(lambda: _send_invitation_mail(invitation.pk))
    return invitation


def _member_by_username(actor, username):
    """The member `actor` may see under this username; one answer for missing and hidden from the actor."""
    invitee = User.objects.select_related("profile").filter(username__iexact=username, is_active=True).first()
    profile = getattr(invitee, "profile", None) if invitee else None
    if profile is None or not profile_details_are_visible(actor, profile):
        raise ValidationError(_("There is no member with the username “%(username)s”.") % {"username": username},
                              code="unknown_member")
    return invitee


def _send_invitation_mail(pk):
    invitation = (CoSpeaker.objects.select_related("proposal__content", "proposal__edition__space", "user",
                                                   "invited_by").filter(pk=pk).first())
    if invitation is None or not invitation.email:
        return
    language = invitation.user.language if invitation.user_id else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"invitation": invitation, "proposal": invitation.proposal,
                   "edition": invitation.proposal.edition, "inviter": invitation.invited_by,
                   "site_name": settings.SITE_NAME,
                   "link": settings.SITE_URL.rstrip("/") + reverse("congress:speaking")}
        subject = _("%(name)s invites you to co-present “%(title)s”") % {
            "name": invitation.invited_by.display_name if invitation.invited_by else settings.SITE_NAME,
            "title": invitation.proposal.content.title}
        body = render_to_string("congress/review/email/co_speaker_invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitations_for(user):
    """The co-speaking invitations waiting for `user`'s answer, for their page."""
    return (CoSpeaker.objects.pending().addressed_to(user)
            .filter(proposal__state__in=(Proposal.State.DRAFT, Proposal.State.SUBMITTED))
            .select_related("proposal__content__author__profile", "proposal__edition__space", "invited_by__profile")
            .order_by("-created_at"))


def access_invitation(user, pk) -> CoSpeaker:
    """The pending invitation `pk` addressed to `user`; one refusal for missing and another's."""
    invitation = invitations_for(user).filter(pk=pk).first()
    if invitation is None:
        raise PermissionDenied(_("This invitation is not for you, or it has already been answered."))
    return invitation


def answer_invitation(user, invitation, *, confirm: bool) -> CoSpeaker:
    """Confirm or decline (the answer page's one form)."""
    return (confirm_co_speaker if confirm else decline_co_speaker)(user, invitation)


def confirm_co_speaker(user, invitation) -> CoSpeaker:
    """The transition "confirm": binds the invitation to `user` and lets them into the edition's space."""
    if not can_post(user):
        raise PermissionDenied(_("Confirm your e-mail address before joining a proposal as a speaker."))
    return _answer(user, invitation, "confirm")


def decline_co_speaker(user, invitation) -> CoSpeaker:
    """The transition "decline"."""
    return _answer(user, invitation, "decline")


def _answer(user, invitation, transition) -> CoSpeaker:
    from xarxa.congress.services import ensure_space_member

    confirm = transition == "confirm"
    with transaction.atomic():
        locked = CoSpeaker.objects.select_for_update().filter(pk=invitation.pk).first()
        if locked is None or not CoSpeaker.objects.addressed_to(user).filter(pk=locked.pk).exists():
            raise ValidationError(ANSWERED, code="answered")
        CO_SPEAKER.check(locked, transition)
        if confirm and CoSpeaker.objects.confirmed().filter(proposal_id=locked.proposal_id, user=user).exists():
            raise ValidationError(_("You are already a speaker of this proposal."), code="already_speaker")
        if confirm and locked.proposal.content.author_id == user.pk:
            raise ValidationError(_("You are already a speaker of this proposal."), code="already_speaker")
        CO_SPEAKER.transition(locked, transition)
        locked.user, locked.answered_at = user, timezone.now()
        try:
            with transaction.atomic():
                locked.save(update_fields=["user", "status", "answered_at"])
        except IntegrityError:  # also invited by username, and that invitation is still open
            raise ValidationError(_("You are already invited to this proposal: answer the other invitation."),
                                  code="already_invited") from None
        if confirm:
            ensure_space_member(locked.proposal.edition, user)
        announce("congress.co_speaker_answered", invitation=locked)
    return locked


def remove_co_speaker(actor, invitation) -> CoSpeaker:
    """The author withdraws an invitation or removes a confirmed co-speaker."""
    check(actor, "congress.remove_co_speaker", invitation.proposal)
    with transaction.atomic():
        locked = CoSpeaker.objects.select_for_update().get(pk=invitation.pk)
        CO_SPEAKER.transition(locked, "remove")
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
    invitation.status, invitation.answered_at = locked.status, locked.answered_at
    return invitation
