from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.privacy import services
from xarxa.privacy.erasure import end_sessions
from xarxa.privacy.forms import AccountDeletionForm
from xarxa.privacy.models import AccountDeletion, DataExport


def privacy_policy(request):
    return render(request, "privacy/policy.html", {
        "controller": settings.XARXA_PRIVACY_CONTROLLER,
        "contact": settings.XARXA_PRIVACY_CONTACT,
        "export_days": settings.XARXA_DATA_EXPORT_DAYS,
        "grace_days": settings.XARXA_ACCOUNT_DELETION_GRACE_DAYS,
        "task_days": settings.XARXA_TASK_RETENTION_DAYS,
        "session_days": settings.XARXA_SESSION_RETENTION_DAYS,
        "deletion_modes": services.allowed_deletion_modes(),
    })


@login_required
def my_data(request):
    exports = DataExport.objects.filter(user=request.user)[:5]
    return render(request, "privacy/my_data.html", {
        "exports": exports,
        "export_days": settings.XARXA_DATA_EXPORT_DAYS,
        "deletion": AccountDeletion.objects.filter(user=request.user).first(),
    })


@require_POST
@login_required
def request_export(request):
    services.request_export(request.user)
    messages.success(request, _("We are preparing your data. You will get an e-mail with a download link."))
    return redirect("privacy:my_data")


@login_required
def download_export(request, token):
    data_export = services.access_export(request.user, token)
    if data_export is None:
        raise Http404(_("This link has expired or is not yours. Ask for a new export."))
    handle = services.export_storage().open(data_export.file_name, "rb")
    filename = f"{settings.SITE_NAME.lower()}-data-{data_export.created_at:%Y-%m-%d}.zip"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/zip")


@login_required
@reauthentication_required
def delete_account(request):
    modes = services.allowed_deletion_modes()
    form = AccountDeletionForm(request.POST or None, modes=modes)
    if request.method == "POST" and form.is_valid():
        deletion = services.request_account_deletion(request.user, form.cleaned_data["mode"])
        # Signed out everywhere: signing in again before the due date is how the member cancels.
        end_sessions(request.user)
        logout(request)
        return render(request, "privacy/deletion_scheduled.html", {"deletion": deletion})
    return render(request, "privacy/delete_account.html", {
        "form": form, "grace_days": settings.XARXA_ACCOUNT_DELETION_GRACE_DAYS, "modes": modes})
