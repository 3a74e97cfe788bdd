import zoneinfo

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone


class PendingApprovalMiddleware:
    """Members awaiting a moderator's approval see only the waiting page and account basics."""

    ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/pending/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_approved and not request.path.startswith(self.ALLOWED_PREFIXES):
            return redirect(reverse("accounts:pending"))
        return self.get_response(request)


class MemberTimeZoneMiddleware:
    """Show times in the signed-in member's own time zone (the site's zone for everyone else)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = getattr(request.user, "time_zone", "") if request.user.is_authenticated else ""
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone)) if zone else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)
