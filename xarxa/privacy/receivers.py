from django.contrib import messages
from django.utils.translation import gettext as _


def cancel_deletion_on_sign_in(sender, request, user, **kwargs):
    """Signing in during the grace period is how a member changes their mind."""
    from xarxa.privacy.services import cancel_account_deletion

    if cancel_account_deletion(user):
        messages.success(request, _("Welcome back. Your account will not be deleted."))
