from django.contrib import admin

from xarxa.events.models import Event, Rsvp


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_at", "time_zone", "mode", "capacity", "going_count"]
    raw_id_fields = ["content"]
    list_select_related = ["content"]


@admin.register(Rsvp)
class RsvpAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "answer", "waiting_since"]
    raw_id_fields = ["event", "user"]
