from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import get_language

from xarxa.accounts import services

INVITATION_SESSION_KEY = "xarxa_invitation"


class AccountAdapter(DefaultAccountAdapter):
    """Ties allauth's sign-up to Xarxa: invitations, approval and the member's profile."""

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
