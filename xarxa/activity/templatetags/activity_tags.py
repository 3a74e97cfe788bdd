from django import template

from xarxa.activity.texts import describe_item, describe_item_html, object_url

register = template.Library()


@register.filter
def activity_url(activity):
    return object_url(activity)


@register.filter
def activity_sentence(item):
    """The feed line as plain text (e-mails)."""
    return describe_item(item)


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
