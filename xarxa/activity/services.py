"""Recording acts. Every service that does something meaningful calls `record_activity`
inside its own transaction, so the log and the act succeed or fail together."""

from xarxa.activity.models import Activity, Verb


def record_activity(actor, verb: str, *, content=None, comment=None, space=None, target_user=None,
                    organisation=None, topic=None) -> Activity:
    if verb not in Verb.values:
        raise ValueError(f"unknown verb {verb!r}")
    if space is None and content is not None:
        space = content.space
    return Activity.objects.create(
        actor=actor, verb=verb, content=content, comment=comment, space=space, target_user=target_user,
        organisation=organisation, topic=topic,
    )
