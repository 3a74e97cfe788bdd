"""What a member reads when a service refuses: one wording rule for every page."""

from django.contrib import messages
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


def attempt(run, *, form=None, field=None, request=None, on_refusal=None):
    """Run a service call; a refusal (PermissionDenied, ValidationError) becomes the form's error (on `field`
    when given, else the whole form's), or an error message when there is no form (none when there is no
    request either: an htmx fragment shows the refusal itself, through `on_refusal`). The service's
    transaction has rolled back, so nothing changed.
    Returns (result, None) or (None, the HTTP status to answer with: 403 refused, 400 invalid, or what
    `on_refusal(error)` returns for a refusal the caller treats itself, such as a wiki's edit conflict)."""
    try:
        return run(), None
    except (PermissionDenied, ValidationError) as error:
        refusal, status = error, 403 if isinstance(error, PermissionDenied) else 400
    if form is not None:
        form.add_error(field, error_text(refusal))
    elif request is not None:
        messages.error(request, error_text(refusal))
    if on_refusal is not None:
        status = on_refusal(refusal) or status
    return None, status
