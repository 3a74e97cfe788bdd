"""The audit trail: one append-only record of every act that changes who may do or see what, or destroys something."""


def record(actor, action, target=None, space=None, reason="", snapshot=None, **extra):
    """Add one row to the audit trail, for an act that changes who may do or see what, or destroys something.

    Call it inside the same transaction as the act, on the line next to it, so both happen or neither:

        with transaction.atomic():
            content.status = Content.Status.HIDDEN
            content.save(update_fields=["status"])
            record(actor, Action.CONTENT_HIDE, content, reason=reason)

        with transaction.atomic():  # destroying: record first, while the target still has its id
            record(actor, Action.CONTENT_DELETE, content, snapshot=f"{content.title}\n\n{content.body}")
            content.delete()

        record(member, Action.ACCOUNT_DATA_EXPORT, member)  # no space, nothing destroyed

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

    Returns the new `xarxa.audit.models.AuditEntry`. Rows can never be changed or deleted afterwards.
    """
    # Imported here, not at the top: this package is imported before the apps are ready.
    from xarxa.audit.services import record as write_entry

    return write_entry(actor, action, target, space, reason, snapshot, **extra)
