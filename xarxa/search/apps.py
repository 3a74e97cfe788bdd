from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "xarxa.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from xarxa.search import signals

        signals.connect()
