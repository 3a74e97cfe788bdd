from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "xarxa.spaces"
    label = "spaces"
    verbose_name = _("Spaces")

    def ready(self):
        # Sign-up and e-mail confirmation live in allauth; listening to them keeps
        # accounts unaware of spaces while invited newcomers still land in their group.
        from xarxa.spaces import signals  # noqa: F401
