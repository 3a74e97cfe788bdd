"""A member's avatar: their photo, or their initials on a colour of their own. Written in Python because
a page draws dozens (a feed, a thread of replies) and each was an include of its own."""

from django import template
from django.utils.html import format_html

register = template.Library()


def avatar_html(profile, size="md") -> str:
    size = size or "md"
    if profile is not None and profile.photo:
        return format_html('<img class="avatar avatar-{}" src="{}" alt="" width="96" height="96">',
                           size, profile.photo.url)
    hue, initials = (profile.avatar_hue, profile.initials) if profile is not None else ("", "")
    return format_html('<span class="avatar avatar-{} hue-{}" aria-hidden="true">{}</span>', size, hue, initials)


@register.simple_tag
def avatar(profile, size="md"):
    return avatar_html(profile or None, size)
