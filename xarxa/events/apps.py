from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "xarxa.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.events import rules, services, views  # noqa: F401  (rules: the rule book)
        from xarxa.events.forms import EventForm
        from xarxa.spaces import tools

        kinds.register(
            "event", _("Event"), _("Events"), "events:detail",
            app="events", attribute="event", form=EventForm, create=services.create_event, edit=services.edit_event,
            delete=services.delete_event, after_delete=views.after_delete,
            edit_rule="events.edit_event", create_initial=views.create_initial,
            edit_form_kwargs=views.edit_form_kwargs, after_edit=views.after_edit,
            list_context=views.event_rows, detail_context=views.detail_context, translatable=False,
            space_tab="events",
            texts={
                "list_title": _("Events"), "space_list_title": _("Events"),
                "new_heading": _("Organise an event"), "edit_heading": _("Edit the event"),
                "created": _("The event is published."), "saved": _("The event has been saved."),
                "deleted": _("The event has been deleted."),
                "delete_warning": _("Members who said they would come to a date not yet over are told by e-mail."),
            },
        )
        tools.register("events", _("Events"), "events:space_list")
