"""Acts on a member's personal data: exporting it, and deleting the account after a grace period."""

import tempfile
import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xarxa.accounts.models import User
from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.privacy import erasure, export
from xarxa.privacy.models import AccountDeletion, DataExport

EXPORT_LINK_SALT = "xarxa.privacy.export"


def _record_audit(action, member_id: int) -> None:
    """Each data-protection act (export asked, deletion asked, cancelled, carried out) goes into the shared
    audit trail by member id only: a name or address kept there would outlive an erased account."""
    record(None, action, member_id=member_id)


def export_storage() -> FileSystemStorage:
    """Where ZIPs are kept: outside MEDIA_ROOT, so no web server can hand one out by its name."""
    return FileSystemStorage(location=settings.XARXA_EXPORT_ROOT)


def _mail_member(user: User, subject, template: str, context: dict) -> None:
    """`subject` is a lazy message with %(site)s: it is translated here, in the member's language, not in
    the language of whoever or whatever triggered the e-mail."""
    with translation.override(user.language):
        context = {"member": user, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
        send_mail(str(subject) % {"site": settings.SITE_NAME}, render_to_string(template, context), None,
                  [user.email])


# Download my data -------------------------------------------------------------------------------

def request_export(user: User) -> DataExport:
    """Queue a new export; one at a time (a second request while one is being prepared returns that one)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to download your data."))
    pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
    if pending is not None:
        return pending
    from xarxa.privacy.tasks import build_data_export

    with transaction.atomic():
        data_export = DataExport.objects.create(
            user=user, expires_at=timezone.now() + timedelta(days=settings.XARXA_DATA_EXPORT_DAYS))
        _record_audit(Action.ACCOUNT_DATA_EXPORT, user.pk)
        transaction.on_commit(lambda: build_data_export.enqueue(data_export.pk))
    return data_export


def build_export(export_id: int) -> DataExport | None:
    """Write the ZIP and mail the member their download link (the task's body)."""
    data_export = DataExport.objects.select_related("user__profile").filter(pk=export_id).first()
    if data_export is None or data_export.status != DataExport.Status.PENDING:
        return None  # the member left, or a retry after success
    storage = export_storage()
    with tempfile.TemporaryFile() as target:
        export.write_zip(data_export.user, target)
        name = storage.save(f"{uuid.uuid4().hex}.zip", File(target))
    data_export.file_name, data_export.size = name, storage.size(name)
    data_export.status, data_export.finished_at = DataExport.Status.READY, timezone.now()
    data_export.save(update_fields=["file_name", "size", "status", "finished_at"])
    link = settings.SITE_URL + reverse("privacy:download_export", args=[export_link_token(data_export)])
    _mail_member(data_export.user, gettext_lazy("Your data from %(site)s is ready"),
                 "privacy/email/export_ready.txt", {"link": link, "expires_at": data_export.expires_at})
    return data_export


def export_link_token(data_export: DataExport) -> str:
    """A signed, dated token naming the export and its member: worthless to anyone else (the download also
    needs that member signed in), and refused once the export's retention period is over."""
    return signing.dumps({"export": data_export.pk, "member": data_export.user_id}, salt=EXPORT_LINK_SALT)


def access_export(user: User, token: str) -> DataExport | None:
    """The ready export this token names, if it is `user`'s and still current; None otherwise (one answer
    for forged, expired, someone else's and deleted, so a link tells nobody anything)."""
    max_age = timedelta(days=settings.XARXA_DATA_EXPORT_DAYS)
    try:
        data = signing.loads(token, salt=EXPORT_LINK_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not user.is_authenticated or data.get("member") != user.pk:
        return None
    return DataExport.objects.filter(pk=data.get("export"), user=user, status=DataExport.Status.READY,
                                     expires_at__gt=timezone.now()).first()


def delete_expired_exports() -> int:
    expired = list(DataExport.objects.filter(expires_at__lte=timezone.now()))
    remove_export_files(expired)
    DataExport.objects.filter(pk__in=[row.pk for row in expired]).delete()
    return len(expired)


def remove_export_files(exports) -> None:
    storage = export_storage()
    for row in exports:
        if row.file_name:
            storage.delete(row.file_name)


# Delete my account ------------------------------------------------------------------------------

def allowed_deletion_modes() -> list[str]:
    """What the network lets a leaving member choose (XARXA_ACCOUNT_DELETION_CONTENT)."""
    policy = settings.XARXA_ACCOUNT_DELETION_CONTENT
    return list(AccountDeletion.Mode.values) if policy == "choice" else [policy]


def request_account_deletion(user: User, mode: str) -> AccountDeletion:
    """Schedule the account's deletion after the grace period; the member is told how to cancel."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to delete your account."))
    if mode not in allowed_deletion_modes():
        raise ValidationError(_("This network does not offer that choice."))
    from xarxa.privacy.tasks import delete_due_accounts

    due_at = timezone.now() + timedelta(days=settings.XARXA_ACCOUNT_DELETION_GRACE_DAYS)
    with transaction.atomic():
        deletion, _created = AccountDeletion.objects.update_or_create(
            user=user, defaults={"mode": mode, "due_at": due_at})
        _record_audit(Action.ACCOUNT_DELETION_REQUEST, user.pk)
        transaction.on_commit(lambda: delete_due_accounts.using(run_after=due_at).enqueue())
    _mail_member(user, gettext_lazy("Your %(site)s account will be deleted"),
                 "privacy/email/deletion_scheduled.txt", {"deletion": deletion})
    return deletion


def cancel_account_deletion(user: User) -> bool:
    """Called when the member signs in during the grace period. Returns whether a deletion was cancelled."""
    cancelled, _per_model = AccountDeletion.objects.filter(user=user).delete()
    if cancelled:
        _record_audit(Action.ACCOUNT_DELETION_CANCEL, user.pk)
    return bool(cancelled)


def delete_due_accounts() -> int:
    """Carry out every deletion whose grace period is over."""
    due = AccountDeletion.objects.filter(due_at__lte=timezone.now()).select_related("user")
    done = 0
    for deletion in due:
        member_id = deletion.user_id
        with transaction.atomic():
            erasure.delete_account(deletion.user, erase_content=deletion.mode == AccountDeletion.Mode.ERASE)
            _record_audit(Action.ACCOUNT_ERASE if deletion.mode == AccountDeletion.Mode.ERASE
                          else Action.ACCOUNT_ANONYMISE, member_id)
        done += 1
    return done
