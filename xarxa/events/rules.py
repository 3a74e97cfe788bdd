"""Who may do what with events. Reading is the base's rule (can_read_content)."""

import rules
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.rules import is_approved_member
from xarxa.content.rules import can_moderate_content, can_read_content, is_content_author, may_post_where
from xarxa.core.rulebook import rule


@rules.predicate
def can_read_event(user, event):
    return event is not None and bool(can_read_content(user, event.content))


@rules.predicate
def is_organiser(user, event):
    return event is not None and bool(is_content_author(user, event.content))


@rules.predicate
def moderates_event(user, event):
    return event is not None and bool(can_moderate_content(user, event.content))


@rules.predicate
def may_still_post_there(user, event):
    return event is not None and bool(may_post_where(user, event.content))


can_edit_event = can_read_event & is_organiser & may_still_post_there
# The attendee list (and its CSV) is for whoever runs the event: its organiser or a moderator.
can_manage_attendees = can_read_event & (is_organiser | moderates_event)
can_rsvp = can_read_event & is_approved_member

rule("events.edit_event", can_edit_event, _("Only the organiser can edit this event."))
rule("events.manage_attendees", can_manage_attendees, _("Only the organiser can see the attendee list."))
rule("events.rsvp", can_rsvp, _("You cannot answer for this event."))
