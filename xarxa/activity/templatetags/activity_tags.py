from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from xarxa.activity.texts import describe_item, describe_item_html, object_url
from xarxa.core.templatetags.avatars import avatar_html

register = template.Library()


@register.filter
def activity_url(activity):
    return object_url(activity)


@register.filter
def activity_sentence(item):
    """The feed line as plain text (e-mails)."""
    return describe_item(item)


@register.simple_tag
def feed_items(items, space=None):
    """The lines of a feed page: the actor's avatar, the sentence with
    its links, and when. One tag for the page rather than an include, an avatar include and a sentence tag
    per line (bench/pages.py, issue 13)."""
    lines = []
    for item in items:
        activity = item.activity
        at = localtime(activity.created_at)
        lines.append(format_html(
            '<li class="feed-item" id="activity-{}">\n  {}\n  <p>\n    {}\n    '
            '<time datetime="{}" class="small">{}</time>\n  </p>\n</li>\n',
            activity.pk, avatar_html(getattr(activity.actor, "profile", None), "sm"),
            describe_item_html(item, on_group_page=bool(space)), at.isoformat(), naturaltime(activity.created_at)))
    return mark_safe("".join(lines))  # noqa: S308 - each line built by format_html


@register.simple_tag
def activity_sentence_html(item, space=None):
    """The feed line with links (pages); on a group's own feed (`space` given) the group goes unnamed."""
    return describe_item_html(item, on_group_page=bool(space))


def mute_button_context(user, *, member=None, space=None) -> dict:
    """Whether to offer the button (signed in, not oneself) and whether it is muted already (one query)."""
    from xarxa.activity.models import Mute

    show = bool(user.is_authenticated and (space is not None or (member is not None and member.pk != user.pk)))
    target = {"muted_user": member} if member is not None else {"muted_space": space}
    is_muted = show and Mute.objects.filter(user=user, **target).exists()
    return {"show": show, "is_muted": is_muted, "member": member, "space": space}


@register.inclusion_tag("activity/partials/mute_button.html", takes_context=True)
def mute_button(context, member=None, space=None):
    """A mute / unmute form for a member's profile or a group's page (plain post, htmx swaps it)."""
    return {**mute_button_context(context["user"], member=member, space=space),
            "csrf_token": context.get("csrf_token")}
