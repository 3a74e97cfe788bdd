"""What a member reads when a service refuses: one wording rule for every page."""

from django.core.exceptions import PermissionDenied, ValidationError


def error_text(error) -> str:
    """The first message of a ValidationError (services raise one reason at a time), or the text of a
    PermissionDenied (the rule's translated refusal)."""
    return error.messages[0] if isinstance(error, ValidationError) else str(error)


def refusal_of(check) -> str | None:
    """What a member would read if they tried: the text of the refusal `check()` raises, or None when it
    passes (to say on a form page, before any attempt, why it is closed to them)."""
    try:
        check()
    except (PermissionDenied, ValidationError) as error:
        return error_text(error)
    return None
