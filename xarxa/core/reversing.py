"""reverse() remembered: the same view name and arguments give the same address while the URLconf, the
script prefix and the language stay the same. A feed page links some fifty members and items, and
Django's reverse() matches each one against the patterns again (bench/pages.py: about a tenth of the
home feed's CPU went there)."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def reverse_cached(viewname: str, *args) -> str:
    return _reverse(viewname, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())


@lru_cache(maxsize=20_000)
def _reverse(viewname, args, urlconf, _prefix, _language):
    return reverse(viewname, urlconf=urlconf, args=args)
