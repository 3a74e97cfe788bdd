from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Members in control of their personal data: export, account deletion, the privacy page."""

    name = "xarxa.privacy"
    label = "privacy"

    def ready(self):
        from allauth.account.signals import user_logged_in

        from xarxa.privacy.receivers import cancel_deletion_on_sign_in

        user_logged_in.connect(cancel_deletion_on_sign_in, dispatch_uid="privacy.cancel_deletion_on_sign_in")
