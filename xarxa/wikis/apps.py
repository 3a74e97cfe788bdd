from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikisConfig(AppConfig):
    name = "xarxa.wikis"
    label = "wikis"
    verbose_name = _("Wikis")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.spaces import tools

        kinds.register("wiki_page", _("Wiki page"), _("Wiki pages"), "wikis:detail")
        tools.register("wiki", _("Wiki"), "wikis:space_index")
