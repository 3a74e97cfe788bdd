from django import template

from xarxa.congress.programme import describe_change as describe

register = template.Library()


@register.filter
def describe_change(change):
    return describe(change)


@register.simple_tag(takes_context=True)
def programme_entries(context, entries, edition, can_star=False, show_day=False, level=3):
    """The rows of a programme list (see congress.programme_html)."""
    from django.middleware.csrf import get_token

    from xarxa.congress.programme_html import entries_html

    request = context.get("request")
    token = get_token(request) if can_star and request is not None else ""
    return entries_html(entries, edition=edition, csrf_token=token, can_star=can_star, show_day=show_day,
                        level=level, next_url=request.get_full_path() if request is not None else "")
