"""Recording acts. Every service that does something meaningful calls `record_activity`
inside its own transaction, so the log and the act succeed or fail together; the act is then announced
("activity.recorded") to whoever subscribes, after the commit."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xarxa.activity.models import Activity, Mute, Verb
from xarxa.core.events import announce


def record_activity(actor, verb: str, *, content=None, comment=None, space=None, target_user=None,
                    organisation=None, topic=None) -> Activity:
    if verb not in Verb.values:
        raise ValueError(f"unknown verb {verb!r}")
    if space is None and content is not None:
        space = content.space
    activity = Activity.objects.create(
        actor=actor, verb=verb, content=content, comment=comment, space=space, target_user=target_user,
        organisation=organisation, topic=topic,
    )
    # Those the act concerns directly (the author replied to, the member followed...) hear of it once the
    # act has committed: a rolled-back act notifies no one (notifications subscribe; see core/events.py).
    announce("activity.recorded", activity=activity)
    return activity


def on_act(actor, verb, **targets):
    """Subscriber of the "act" event, announced by the layers below activity (see core/events.py)."""
    record_activity(actor, verb, **targets)


def retract_activity(actor, verb: str, *, content) -> int:
    """Take back `actor`'s `verb` on `content` when the act itself is undone (an answer "going" changed):
    the log says what is so, not what someone once said. Returns how many rows went."""
    deleted, _by_model = Activity.objects.filter(actor=actor, verb=verb, content=content).delete()
    return deleted


def mute(user, *, member=None, space=None) -> Mute:
    if (member is None) == (space is None):
        raise ValueError("mute a member or a space")
    if member is not None and member.pk == user.pk:
        raise ValidationError(_("You cannot mute yourself."))
    target = {"muted_user": member} if member is not None else {"muted_space": space}
    try:
        with transaction.atomic():
            return Mute.objects.get_or_create(user=user, **target)[0]
    except IntegrityError:  # a double click raced us
        return Mute.objects.get(user=user, **target)


def unmute(user, *, member=None, space=None) -> None:
    target = {"muted_user": member} if member is not None else {"muted_space": space}
    Mute.objects.filter(user=user, **target).delete()
