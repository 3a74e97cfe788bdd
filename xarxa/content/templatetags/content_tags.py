from django import template
from django.utils.translation import get_language_info

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.content import kinds

register = template.Library()
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


@register.filter
def kind_label(content):
    kind = kinds.get(getattr(content, "kind", content))
    return kind.label if kind else ""


@register.filter
def language_name(code):
    """The language's own name ("português", "English"): readers look for the one they read."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return LANGUAGE_NAMES.get(code, code)
