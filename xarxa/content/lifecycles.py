"""The declared lifecycles of content and of reports (see xarxa/core/lifecycle.py and docs/architecture.md).

Content:  draft ⇄ scheduled → published ⇄ hidden, and any of them → deleted.
Hiding remembers the state it hid (status_before_hidden); restoring gives exactly that back, so a
hidden draft comes back a draft and never reaches readers because a moderator pressed "restore".
"""

from django.utils.translation import gettext_lazy as _

from xarxa.content.models import Content, Flag
from xarxa.core.lifecycle import Lifecycle, Transition

S = Content.Status
NOT_DELETED = {S.DRAFT, S.SCHEDULED, S.PUBLISHED, S.HIDDEN}


def state_before_hiding(content):
    """the state it had when hidden"""
    return content.status_before_hidden or S.PUBLISHED


CONTENT = Lifecycle("status", {
    "schedule": Transition({S.DRAFT, S.SCHEDULED}, S.SCHEDULED, _("Only a draft can be scheduled.")),
    "unschedule": Transition({S.SCHEDULED}, S.DRAFT, _("This item is not scheduled.")),
    "publish": Transition({S.DRAFT, S.SCHEDULED}, S.PUBLISHED, _("This is already published.")),
    "publish_due": Transition({S.SCHEDULED}, S.PUBLISHED, _("This item is not scheduled.")),
    "hide": Transition({S.DRAFT, S.SCHEDULED, S.PUBLISHED}, S.HIDDEN, _("This item is already hidden.")),
    "restore": Transition({S.HIDDEN}, state_before_hiding, _("Only a hidden item can be restored.")),
    "delete": Transition(NOT_DELETED, S.DELETED, _("This item has already been deleted.")),
}, refusal=_("This cannot be done to the item in its current state."))


F = Flag.Status

FLAG = Lifecycle("status", {
    "uphold": Transition({F.OPEN}, F.UPHELD, _("This report has already been handled.")),
    "dismiss": Transition({F.OPEN}, F.DISMISSED, _("This report has already been handled.")),
})


def hide(content):
    """Hide `content` in memory, remembering what it was."""
    before = CONTENT.transition(content, "hide")
    content.status_before_hidden = before
    return before


def restore(content):
    """Give a hidden item back the state it had (in memory)."""
    before = CONTENT.transition(content, "restore")
    content.status_before_hidden = ""
    return before
