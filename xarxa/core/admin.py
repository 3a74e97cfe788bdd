from django.contrib import admin

from xarxa.core.models import TaskFailure


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    list_display = ["task_path", "attempts", "error", "failed_at", "resolved"]
    list_filter = ["resolved", "task_path", "failed_at"]
    search_fields = ["task_path", "error"]
    readonly_fields = ["task_path", "arguments", "attempts", "error", "traceback", "failed_at"]
    list_editable = ["resolved"]

    def has_add_permission(self, request):
        return False  # rows are written by failing tasks only; every field but "resolved" is read-only
