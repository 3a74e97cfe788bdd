"""Writing to the audit trail. There is one way in: `record()`."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from xarxa.audit.actions import Action
from xarxa.audit.models import AuditEntry

SHORT = 255


def record(actor, action, target=None, space=None, reason="", snapshot=None, **extra) -> AuditEntry:
    """Add one row to the audit trail, for an act that changes who may do or see what, or destroys something.

    Call it inside the same transaction as the act, on the line next to it, so both happen or neither:

        with transaction.atomic():
            content.status = Content.Status.HIDDEN
            content.save(update_fields=["status"])
            record(actor, Action.CONTENT_HIDE, content, reason=reason)

    - actor: the member who acted (a user), or None for the system (a task, a command).
      Their id and a "Name (@username)" snapshot are kept, so the row still says who it was
      after the account is anonymised or erased.
    - action: an `xarxa.audit.actions.Action` (or its code, e.g. "account.erase"). Unknown codes are
      refused with ValueError: add new ones to `Action` (no migration needed).
    - target: the model instance acted on (a Content, Comment, Membership, User ...), or None.
      Its content type, primary key and str() are kept. When the act destroys the target,
      call record() BEFORE deleting it (afterwards its primary key is gone).
    - space: the space it happened in. When omitted, a target that is a Space or has a `space_id`
      gives it.
    - reason: the moderator's reason, as typed.
    - snapshot: the text of what the target was, kept when it is destroyed or changed beyond recall
      (e.g. the title and body of a deleted item). Keep it to what the act needs to be understood.
    - extra: anything else, as JSON-serialisable keyword arguments (dates and decimals are fine),
      e.g. `old_role="member", new_role="admin"`.

    Returns the new AuditEntry. Rows can never be changed or deleted afterwards.
    """
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
    from xarxa.spaces.models import Space

    if isinstance(target, Space):
        return target.pk
    return getattr(target, "space_id", None)
