from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "xarxa.spaces"
    label = "spaces"
    verbose_name = _("Spaces")

    def ready(self):
        # Sign-up and e-mail confirmation live in allauth; listening to them keeps
        # accounts unaware of spaces while invited newcomers still land in their group.
        # A group invitation also opens an invitation-only network and skips account approval.
        from xarxa.accounts.services import register_session_invitation
        from xarxa.spaces import signals  # noqa: F401
        from xarxa.spaces.models import SpaceInvitation

        register_session_invitation(
            signals.INVITATION_SESSION_KEY,
            lambda token: SpaceInvitation.objects.pending().filter(token=token).exists(),
        )
