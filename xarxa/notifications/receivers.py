from xarxa.notifications.models import Kind


def on_member_mentioned(sender, mention, **kwargs):
    """Sent after the mention's transaction committed; this is a write of its own."""
    from xarxa.notifications.services import notify

    notify(mention.user, Kind.MENTION, actor=mention.by, content=mention.content, comment=mention.comment)
