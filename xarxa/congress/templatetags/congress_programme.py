from django import template

from xarxa.congress.programme import describe_change as describe

register = template.Library()


@register.filter
def describe_change(change):
    return describe(change)
