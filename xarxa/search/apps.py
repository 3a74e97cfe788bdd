from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "xarxa.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from xarxa.core.events import subscribe
        from xarxa.search import signals

        signals.connect()
        # Kinds announce changes their base row's save does not show (a summary, an event's place...).
        subscribe("content.changed", signals.content_changed)
