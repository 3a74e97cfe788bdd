from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xarxa.accounts"
    label = "accounts"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from xarxa.accounts.services import grant_badge_for_verified_email

        def on_email_confirmed(request, email_address, **kwargs):
            grant_badge_for_verified_email(email_address.user, email_address.email)

        email_confirmed.connect(on_email_confirmed, weak=False, dispatch_uid="xarxa-badge-on-confirm")

        from xarxa.accounts.adapter import INVITATION_SESSION_KEY
        from xarxa.accounts.services import register_session_invitation, usable_invitation

        register_session_invitation(INVITATION_SESSION_KEY, lambda token: usable_invitation(token) is not None)
