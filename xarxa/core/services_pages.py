"""Staff pages of optional services (the RQ dashboard needs Redis) say so when the service is not set up."""

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render
from django.urls import re_path
from django.utils.translation import gettext_lazy as _


@staff_member_required
def not_configured(request, service, setting):
    context = {"service": service, "setting": setting, "noindex": True}
    return render(request, "core/service_not_configured.html", context, status=503)


def optional_service_urls(settings):
    """URL patterns to put before the admin's, answering for services this installation does not run."""
    patterns = []
    if not settings.REDIS_URL:
        patterns.append(re_path(r"^admin/django_rq/", not_configured,
                                {"service": _("The task queue dashboard (RQ)"), "setting": "REDIS_URL"},
                                name="rq_not_configured"))
    return patterns
