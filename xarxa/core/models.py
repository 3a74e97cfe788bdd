from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskFailure(models.Model):
    """A background task that gave up after its retries: kept so staff can see what was lost and act."""

    task_path = models.CharField(_("task"), max_length=255)
    arguments = models.JSONField(_("arguments"), default=dict)
    attempts = models.PositiveSmallIntegerField(_("attempts"))
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"), blank=True)
    failed_at = models.DateTimeField(_("failed at"), auto_now_add=True)
    resolved = models.BooleanField(_("dealt with"), default=False)

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = _("failed background task")
        verbose_name_plural = _("failed background tasks")
        indexes = [models.Index(fields=["resolved", "-failed_at"])]

    def __str__(self):
        return f"{self.task_path} ({self.failed_at:%Y-%m-%d %H:%M})"
