from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from xarxa.audit.actions import Action
from xarxa.audit.models import AuditEntry


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return Action.choices

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by `record()` and never changed (the model refuses it anyway)."""

    list_display = ["created_at", "actor_display", "action_label", "target_display", "space", "reason"]
    list_filter = [ActionFilter, "created_at"]
    search_fields = ["actor_display", "target_display", "reason"]
    list_select_related = ["space"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, entry):
        return entry.action_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
