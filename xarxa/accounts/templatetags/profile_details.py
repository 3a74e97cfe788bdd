from django import template
from django.contrib.auth.models import AnonymousUser

from xarxa.accounts.details import shown_details as details_for

register = template.Library()


@register.simple_tag(takes_context=True)
def shown_details(context, profile):
    """{% shown_details profile as details %}: the details of `profile` the page's reader may see."""
    request = context.get("request")
    viewer = getattr(request, "user", None) or context.get("user") or AnonymousUser()
    return details_for(profile, viewer)
