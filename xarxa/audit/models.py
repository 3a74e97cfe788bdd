"""The audit trail: one append-only row for every act that changes who may do or see what, or destroys
something. Write rows only through `xarxa.audit.record()`.

Append-only in fact: the model and its querysets refuse to update or delete, and the database refuses
too (triggers installed by migration 0002 on PostgreSQL and SQLite). That is also why no foreign key
here cascades or is set to null: deleting a member, a space or a content type must leave the trail as
it was. The actor, target and space are therefore kept twice: by id (links while the row still exists)
and as a text snapshot taken at the time of the act.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xarxa.audit.actions import Action


class AppendOnlyError(Exception):
    """The audit trail was asked to change or forget a row; it never does."""


def _refuse(*args, **kwargs):
    raise AppendOnlyError("The audit trail is append-only: its rows are never changed or deleted.")


class AuditEntryQuerySet(models.QuerySet):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse
    _raw_delete = _refuse

    def for_list(self):
        return self.select_related("space", "content_type")


def _kept(**kwargs):
    """A link that never cascades, is never set to null and has no database constraint (see module doc)."""
    return {"null": True, "blank": True, "on_delete": models.DO_NOTHING, "db_constraint": False,
            "related_name": "+", **kwargs}


class AuditEntry(models.Model):
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, **_kept(verbose_name=_("actor")))
    actor_display = models.CharField(_("actor (as it was)"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    content_type = models.ForeignKey("contenttypes.ContentType", **_kept(verbose_name=_("kind of target")))
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_display = models.CharField(_("target (as it was)"), max_length=255, blank=True)
    snapshot = models.TextField(_("snapshot"), blank=True)
    space = models.ForeignKey("spaces.Space", **_kept(verbose_name=_("space")))
    reason = models.TextField(_("reason"), blank=True)
    extra = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        db_table = "audit_entry"
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="audit_newest_first"),
            models.Index(fields=["actor", "-created_at"], name="audit_by_actor"),
            models.Index(fields=["space", "-created_at"], name="audit_by_space"),
            models.Index(fields=["content_type", "target_id"], name="audit_by_target"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_display or '-'} {self.action} {self.target_display}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    delete = _refuse

    @property
    def action_label(self):
        try:
            return Action(self.action).label
        except ValueError:
            return self.action
