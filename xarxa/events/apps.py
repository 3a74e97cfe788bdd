from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "xarxa.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.spaces import tools

        kinds.register("event", _("Event"), _("Events"), "events:detail")
        tools.register("events", _("Events"), "events:space_list")
