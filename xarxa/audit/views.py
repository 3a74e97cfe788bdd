"""The staff page that browses the audit trail, newest first, filtered by action, actor, space and dates."""

from datetime import datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.audit.forms import AuditFilterForm
from xarxa.audit.models import AuditEntry
from xarxa.core.filters import chosen_filter_count
from xarxa.core.keyset import keyset_page

PER_PAGE = 50


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_entries(entries, data):
    """Narrow the trail by the form's cleaned data; dates are whole days in the site's time zone."""
    if data["action"]:
        entries = entries.filter(action=data["action"])
    if data["actor"]:
        entries = entries.filter(actor_display__icontains=data["actor"].strip())
    if data["space"]:
        entries = entries.filter(space__slug=data["space"])
    if data["since"]:
        entries = entries.filter(created_at__gte=_start_of(data["since"]))
    if data["until"]:
        entries = entries.filter(created_at__lt=_start_of(data["until"] + timedelta(days=1)))
    return entries


@login_required
def trail(request):
    if not request.user.is_staff:
        raise Http404(_("This page does not exist or you cannot see it."))
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.for_list()
    if form.is_valid():
        entries = filter_entries(entries, form.cleaned_data)
    elif form.is_bound:
        entries = entries.none()
    rows, next_cursor = keyset_page(entries, order_field="created_at", cursor=request.GET.get("after"),
                                    per_page=PER_PAGE)
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "audit/trail.html", {
        "form": form, "rows": rows, "next_cursor": next_cursor, "query_string": query.urlencode(),
        "chosen_filters": chosen_filter_count(form)})
