from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils.translation import get_language

from xarxa.accounts import services
from xarxa.core.clientip import client_ip

INVITATION_SESSION_KEY = "xarxa_invitation"


class AccountAdapter(DefaultAccountAdapter):
    """Ties allauth's sign-up to Xarxa: invitations, approval and the member's profile."""

    def get_client_ip(self, request):
        """The address allauth's rate limits (failed logins, sign-ups, resets) and device list use: the one
        behind the trusted proxies, not the proxy's own."""
        return client_ip(request)

    # The links in these two e-mails are secrets: the task takes ids and writes the link itself, so that no
    # task row, queued job or failed-task row ever holds one (accounts.tasks).
    def send_password_reset_mail(self, user, email, context):
        from xarxa.accounts.tasks import send_password_reset

        address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
        send_password_reset.enqueue(user.pk, address.pk if address else None)

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        from xarxa.accounts.tasks import send_address_confirmation

        send_address_confirmation.enqueue(emailconfirmation.email_address.pk, bool(signup))

    def _invitation(self, request):
        return services.usable_invitation(request.session.get(INVITATION_SESSION_KEY))

    def is_open_for_signup(self, request):
        if settings.SIGNUP_MODE == "invitation":
            return services.is_invited(request.session)
        return True

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        invitation = self._invitation(request)
        user.is_approved = settings.SIGNUP_MODE != "approval" or services.is_invited(request.session)
        language = (get_language() or settings.LANGUAGE_CODE).lower()
        if language in dict(settings.LANGUAGES):
            user.language = language
        if commit:
            user.save()
            services.create_profile(user, form.cleaned_data.get("full_name", ""))
            if invitation:
                services.redeem_invitation(invitation)
                request.session.pop(INVITATION_SESSION_KEY, None)
        return user
