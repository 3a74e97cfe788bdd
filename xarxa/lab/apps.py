from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabConfig(AppConfig):
    name = "xarxa.lab"
    label = "lab"
    verbose_name = _("Government Lab")

    def ready(self):
        from xarxa.core import sections

        sections.register(
            "lab", _("Lab"), "lab:home", app_names=["lab"], order=30,
            description=_("Administrations post challenges; mixed teams build and test prototypes; what works "
                          "goes to the library."))
