from django import template

from xarxa.activity.texts import describe_item, object_name, object_url

register = template.Library()


@register.filter
def activity_url(activity):
    return object_url(activity)


@register.filter
def activity_object(activity):
    return object_name(activity)


@register.filter
def activity_sentence(item):
    return describe_item(item)
