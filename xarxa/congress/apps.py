from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "xarxa.congress"
    label = "congress"
    verbose_name = _("Congress")

    def ready(self):
        from xarxa.congress import rules  # noqa: F401  (registers the predicates)
        from xarxa.core import sections

        sections.register("congress", _("Congress"), "congress:list", app_names=["congress"])
