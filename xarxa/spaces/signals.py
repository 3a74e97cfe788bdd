"""Invited newcomers: bound to their invitation at sign-up, joined once their address is confirmed."""

from allauth.account.signals import email_confirmed, user_signed_up
from django.dispatch import receiver

INVITATION_SESSION_KEY = "xarxa_space_invitation"


@receiver(user_signed_up, dispatch_uid="xarxa-spaces-claim-invitation")
def claim_invitation_on_sign_up(request, user, **kwargs):
    from xarxa.spaces.services import claim_invitation

    token = request.session.pop(INVITATION_SESSION_KEY, None) if request is not None else None
    if token:
        claim_invitation(user, token)


@receiver(email_confirmed, dispatch_uid="xarxa-spaces-join-on-confirm")
def join_invited_spaces_on_confirm(request, email_address, **kwargs):
    from xarxa.spaces.services import accept_invitations_for_verified_email

    accept_invitations_for_verified_email(email_address.user, email_address.email)
