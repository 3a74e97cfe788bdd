from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def notification_poll_trigger():
    """htmx trigger for the unread count: on load, then every XARXA_NOTIFICATION_POLL_SECONDS."""
    seconds = getattr(settings, "XARXA_NOTIFICATION_POLL_SECONDS", 30)
    return f"load delay:1s, every {seconds}s"
