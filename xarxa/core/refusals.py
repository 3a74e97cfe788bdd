"""What a member reads when a service refuses: one wording rule for every page."""

from django.core.exceptions import ValidationError


def error_text(error) -> str:
    """The first message of a ValidationError (services raise one reason at a time), or the text of a
    PermissionDenied (the rule's translated refusal)."""
    return error.messages[0] if isinstance(error, ValidationError) else str(error)
