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
