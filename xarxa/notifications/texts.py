"""One sentence per notification, in the active language: the same words on the site and in e-mails."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xarxa.notifications.models import Kind


def describe(notification) -> str:
    n = notification
    name = n.actor.display_name if n.actor_id else ""
    title = n.content.title if n.content_id else ""
    group = n.space.name if n.space_id else ""
    if n.kind == Kind.MENTION:
        return _("%(name)s mentioned you in “%(title)s”") % {"name": name, "title": title}
    if n.kind == Kind.REPLY:
        return _("%(name)s replied in “%(title)s”") % {"name": name, "title": title}
    if n.kind == Kind.REACTION:
        if n.others:
            return ngettext("%(name)s and %(count)d other reacted to your post in “%(title)s”",
                            "%(name)s and %(count)d others reacted to your post in “%(title)s”",
                            n.others) % {"name": name, "count": n.others, "title": title}
        return _("%(name)s reacted to your post in “%(title)s”") % {"name": name, "title": title}
    if n.kind == Kind.FOLLOWER:
        return _("%(name)s started following you") % {"name": name}
    if n.kind == Kind.JOIN_REQUEST:
        return _("%(name)s asks to join %(group)s") % {"name": name, "group": group}
    if n.kind == Kind.JOIN_DECISION:
        if n.detail == "approved":
            return _("Your request to join %(group)s was accepted") % {"group": group}
        return _("Your request to join %(group)s was declined") % {"group": group}
    if n.kind == Kind.INVITATION:
        return _("%(name)s invites you to the group %(group)s") % {"name": name, "group": group}
    if n.kind == Kind.USEFUL_ANSWER:
        return _("%(name)s marked your reply as the most useful answer in “%(title)s”") % {
            "name": name, "title": title}
    if n.kind == Kind.MODERATION:
        if n.detail.startswith("restore"):
            return _("A moderator restored your post “%(title)s”") % {"title": title}
        return _("A moderator hid your post “%(title)s”") % {"title": title}
    if n.kind == Kind.MESSAGE:
        if n.others:
            return ngettext("%(name)s sent you a message (and %(count)d more)",
                            "%(name)s sent you a message (and %(count)d more)",
                            n.others) % {"name": name, "count": n.others}
        return _("%(name)s sent you a message") % {"name": name}
    if n.kind == Kind.SPACE_CONTENT:
        return _("New in %(group)s: “%(title)s”") % {"group": group, "title": title}
    if n.kind == Kind.CONGRESS:
        return _congress_text(n, name, title)
    return _("Reminder: “%(title)s”") % {"title": title}


def _congress_text(n, name, title):
    code, _sep, rest = n.detail.partition(":")
    if code == "co_speaker_invited":
        return _("%(name)s invites you to co-present “%(title)s”") % {"name": name, "title": rest}
    if code == "co_speaker_confirmed":
        return _("%(name)s confirmed as co-speaker of “%(title)s”") % {"name": name, "title": title}
    if code == "co_speaker_declined":
        return _("%(name)s declined to co-present “%(title)s”") % {"name": name, "title": title}
    if code == "decided_accept":
        return _("Your proposal “%(title)s” is accepted: confirm your slot") % {"title": title}
    if code == "decided_waitlist":
        return _("Your proposal “%(title)s” is on the waiting list") % {"title": title}
    if code == "decided_decline":
        return _("Your proposal “%(title)s” was not selected") % {"title": title}
    if code == "slot_confirmed":
        return _("%(name)s confirmed the slot of “%(title)s”") % {"name": name, "title": title}
    if code == "nominated":
        return _("%(name)s nominated you for an award: “%(title)s”. Accept or decline it.") % {
            "name": name, "title": title}
    if code == "programme":
        return programme_change(title, rest)
    if code == "slot_declined":
        return _("%(name)s declined the slot of “%(title)s”") % {"name": name, "title": title}
    return title


def programme_change(title, detail) -> str:
    """A congress programme change (detail "kind|before|after"), worded by the congress."""
    from xarxa.congress.models import ProgrammeChange
    from xarxa.congress.programme import describe_change

    kind, _sep, rest = detail.partition("|")
    before, _sep, after = rest.partition("|")
    return describe_change(ProgrammeChange(kind=kind, title=title, before=before, after=after))


def moderation_reason(notification) -> str:
    if notification.kind != Kind.MODERATION:
        return ""
    return notification.detail.partition(":")[2]
