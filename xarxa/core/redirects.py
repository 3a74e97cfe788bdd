"""Where to go after a form: the page that posted it (`next`), if it is one of ours, or a default."""

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, field="next") -> str | None:
    """The `next` path from the request if it is a path on this site, else None.

    url_has_allowed_host_and_scheme accepts a bare word such as "0" (a relative URL), and redirect()
    would take that word for a view name and fail; so only paths starting with "/" count.
    """
    data = request.POST if request.method == "POST" else request.GET
    candidate = data.get(field, "").strip()
    if not candidate.startswith("/") or candidate.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return None
    return candidate


def redirect_to_next(request, default, *args, **kwargs):
    """Redirect to the safe `next` path, or to `default` (a URL, a view name with args, or an object)."""
    target = safe_next(request)
    if target is not None:
        return HttpResponseRedirect(target)
    return redirect(default, *args, **kwargs)
