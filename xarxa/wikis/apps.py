from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikisConfig(AppConfig):
    name = "xarxa.wikis"
    label = "wikis"
    verbose_name = _("Wikis")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.spaces import tools
        from xarxa.wikis.models import loaded_page_url

        kinds.register("wiki_page", _("Wiki page"), _("Wiki pages"), "wikis:detail", url_builder=loaded_page_url)
        tools.register("wiki", _("Wiki"), "wikis:space_index")
