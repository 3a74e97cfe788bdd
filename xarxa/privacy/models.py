"""A member's data export and their request to delete their account."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataExport(models.Model):
    """One "download my data" request: built by a background task, kept XARXA_DATA_EXPORT_DAYS days."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # A name inside XARXA_EXPORT_ROOT (never under MEDIA_ROOT, which the web server may serve).
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return f"export {self.pk} of member {self.user_id}"


class AccountDeletion(models.Model):
    """A member asked to leave: their account goes once `due_at` has passed, unless they sign in before."""

    class Mode(models.TextChoices):
        ERASE = "erase", _("Erase everything I wrote")
        ANONYMISE = "anonymise", _("Keep what I wrote, signed “Former member”")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="deletion_request")
    mode = models.CharField(_("what happens to my content"), max_length=10, choices=Mode.choices)
    requested_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("account deletion request")
        verbose_name_plural = _("account deletion requests")

    def __str__(self):
        return f"deletion of member {self.user_id} on {self.due_at:%Y-%m-%d}"
