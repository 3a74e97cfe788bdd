from django import template

from xarxa.discovery import services

register = template.Library()


@register.inclusion_tag("discovery/_related.html", takes_context=True)
def related_content(context, content, limit=5):
    """Related items for a content page: {% related_content content %}."""
    return {"related": services.related_content(content, context["request"].user, limit=limit)}
