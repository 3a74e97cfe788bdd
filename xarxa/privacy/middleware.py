"""Staff accounts must use two-factor authentication when XARXA_STAFF_MFA=required."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# What a staff member without two-factor authentication may still reach: the account pages (where it is
# set up, and sign-out), the language switch and files.
OPEN_PREFIXES = ("/accounts/", "/i18n/", settings.STATIC_URL, settings.MEDIA_URL)


def staff_lacks_mfa(user) -> bool:
    return (settings.XARXA_STAFF_MFA == "required" and user.is_authenticated and user.is_staff
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


class StaffMfaMiddleware:
    """Send a staff member without two-factor authentication to set it up before any other page: staff
    powers (the admin, moderation, approvals) must not hang on one password alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(OPEN_PREFIXES) and staff_lacks_mfa(request.user):
            messages.warning(request, _("Staff accounts must use two-factor authentication. Set it up to go on."))
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
