"""Every addition, change and deletion made on the admin site goes to the audit trail too.

The admin writes its own LogEntry rows through `LogEntryManager.log_actions()` (ModelAdmin.log_addition,
log_change and log_deletions all end there, inside the admin view's transaction, and deletions are
logged before the objects go). We wrap that one method, so no ModelAdmin has to remember anything.
"""

import functools

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntryManager

from xarxa.audit.actions import Action

ACTIONS = {ADDITION: Action.ADMIN_ADD, CHANGE: Action.ADMIN_CHANGE, DELETION: Action.ADMIN_DELETE}


def record_admin_site_actions():
    original = LogEntryManager.log_actions
    if getattr(original, "records_audit", False):
        return

    @functools.wraps(original)
    def log_actions(self, user_id, queryset, action_flag, change_message="", *, single_object=False):
        objects = list(queryset)
        logged = original(self, user_id, objects, action_flag, change_message, single_object=single_object)
        _record(user_id, objects, action_flag, change_message)
        return logged

    log_actions.records_audit = True
    LogEntryManager.log_actions = log_actions


def _record(user_id, objects, action_flag, change_message):
    from django.contrib.auth import get_user_model

    from xarxa.audit.services import record

    actor = get_user_model().objects.select_related("profile").filter(pk=user_id).first()
    for obj in objects:
        record(actor, ACTIONS[action_flag], obj, admin_message=change_message)
