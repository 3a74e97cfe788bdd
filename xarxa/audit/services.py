"""Writing to the audit trail. There is one way in: `record()`."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from xarxa.audit.actions import Action
from xarxa.audit.models import AuditEntry

SHORT = 255


def record(actor, action, target=None, space=None, reason="", snapshot=None, **extra) -> AuditEntry:
    """Write one audit row; documented (and best imported) as `xarxa.audit.record`."""
    action = Action(action)
    content_type, target_id, target_display = _describe(target)
    return AuditEntry.objects.create(
        actor=actor if _is_member(actor) else None,
        actor_display=member_display(actor),
        action=action.value,
        content_type=content_type,
        target_id=target_id,
        target_display=target_display,
        snapshot=snapshot or "",
        space_id=space.pk if space is not None else _space_id_of(target),
        reason=(reason or "").strip(),
        extra=extra,
    )


def _is_member(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def member_display(member) -> str:
    """How the trail names a member for good: "Name (@username)"; empty for the system or nobody."""
    if not _is_member(member):
        return ""
    return f"{member.display_name} (@{member.get_username()})"[:SHORT]


def _describe(target):
    if target is None:
        return None, "", ""
    if not isinstance(target, models.Model):
        raise TypeError(f"record() takes a model instance as target, not {type(target).__name__}")
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return content_type, "" if target.pk is None else str(target.pk), str(target)[:SHORT]


def _space_id_of(target):
    if target is not None and target._meta.label == "spaces.Space":  # by label: the trail sits below spaces
        return target.pk
    return getattr(target, "space_id", None)
