from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "xarxa.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.spaces import tools

        kinds.register("resource", _("Resource"), _("Resources"), "library:detail")
        tools.register("library", _("Library"), "library:space_list")
        self._register_search()

    @staticmethod
    def _register_search():
        try:
            from xarxa.search.documents import register_searchable
        except ImportError:  # search is a separate, optional leaf app
            return
        from xarxa.library.services import search_fields

        register_searchable("resource", search_fields)
