from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from xarxa.core.pagination import paginate
from xarxa.notifications import services
from xarxa.notifications.forms import PreferencesForm
from xarxa.notifications.models import Notification
from xarxa.notifications.texts import describe, moderation_reason


@login_required
def notification_list(request):
    page = paginate(request, Notification.objects.visible_to(request.user).for_lists(), per_page=30)
    rows = [(n, describe(n), moderation_reason(n)) for n in page.object_list]
    return render(request, "notifications/list.html", {"page": page, "rows": rows, "noindex": True})


@login_required
def badge(request):
    """The header's unread count; htmx polls it so it changes without a reload."""
    return render(request, "notifications/badge.html", {"unread": services.unread_count(request.user)})


@login_required
def open_notification(request, pk):
    """Following a notification marks it read and leads to what it is about."""
    notification = services.mark_read(request.user, pk)
    if notification is None:
        raise Http404(_("No such notification."))
    return redirect(notification.get_absolute_url())


@require_POST
@login_required
def read(request, pk):
    if services.mark_read(request.user, pk) is None:
        raise Http404(_("No such notification."))
    return redirect("notifications:list")


@require_POST
@login_required
def read_all(request):
    services.mark_all_read(request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    user = request.user
    initial = {f"kind_{kind}": channel for kind, channel in services.preferences_of(user).items()}
    initial["frequency"] = services.digest_frequency(user)
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(user, form.channels(), form.cleaned_data["frequency"])
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "noindex": True})


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a session; the signed token is the proof
def unsubscribe(request, token):
    user = services.user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True, "noindex": True}, status=400)
    if request.method == "POST":
        services.unsubscribe(user)
        return render(request, "notifications/unsubscribe.html", {"done": True, "noindex": True})
    # A GET only asks: link scanners in mail systems follow links and must not unsubscribe anyone.
    # It names no one: whoever holds a forwarded mail learns nothing about whose it was.
    return render(request, "notifications/unsubscribe.html", {"noindex": True})
