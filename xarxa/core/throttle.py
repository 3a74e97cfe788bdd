"""Throttles for the expensive pages anonymous visitors (and scrapers) can ask for as fast as they like:
search, suggestions, the open-data exports, filtered directories. A fixed window per client address
(core.clientip) counted in the cache, shared by every web process when Redis is configured. Over the
limit: 429 with Retry-After. Signed-in members are not throttled here (they are accountable, and the
login limits already guard accounts).
"""

import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

from xarxa.core.clientip import client_ip

PERIODS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/m" → (30, 60)."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[:1]]


def seconds_to_wait(scope: str, request, bucket: str = "") -> int:
    """0 if the request may go on (and is counted), else the seconds until the client's window ends.
    Each `bucket` (a page) counts on its own at its scope's rate."""
    rate = settings.XARXA_ANONYMOUS_RATES.get(scope)
    if not rate:
        return 0
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    key = f"throttle:{scope}:{bucket}:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def too_many_requests(wait: int) -> HttpResponse:
    response = HttpResponse(_("Too many requests. Please wait a moment and try again."),
                            status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(wait)
    return response


def throttle_anonymous(scope: str, *, only_filtered: bool = False):
    """Count anonymous GETs of the view under `scope` (XARXA_ANONYMOUS_RATES); with `only_filtered`,
    only those with a query string (a filter, a search, a page): the bare page is cheap."""
    def decorator(view):
        bucket = f"{view.__module__}.{view.__name__}"

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated and not (only_filtered and not request.GET):
                wait = seconds_to_wait(scope, request, bucket)
                if wait:
                    return too_many_requests(wait)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator
