from django.contrib import admin

from xarxa.debates.models import Debate


@admin.register(Debate)
class DebateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "closed_at"]
    raw_id_fields = ["content", "useful_answer", "closed_by"]
    list_select_related = ["content"]
