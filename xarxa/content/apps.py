from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "xarxa.content"
    label = "content"
    verbose_name = _("Content")

    def ready(self):
        # The group's home page (spaces, below us) shows its newest items: we give it the function.
        from xarxa.content.streams import space_stream
        from xarxa.spaces import tools

        tools.register_stream(space_stream)
