from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def privacy_url():
    """The privacy page's full address, for e-mails (which are read away from the site)."""
    return settings.SITE_URL + reverse("privacy:policy")
