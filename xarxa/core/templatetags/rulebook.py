"""{% load rulebook %}{% has_perm "content.edit" content as can_edit %}: the rule book for the reader."""

from django import template

from xarxa.core import rulebook

register = template.Library()


@register.simple_tag(takes_context=True)
def has_perm(context, name, obj=None):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    return user is not None and rulebook.allowed(user, name, obj)
