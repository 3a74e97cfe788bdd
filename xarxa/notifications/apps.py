from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "xarxa.notifications"
    label = "notifications"

    def ready(self):
        # Content announces mentions by signal (it must not import us); we listen.
        from xarxa.content.mentions import member_mentioned
        from xarxa.notifications.receivers import on_member_mentioned

        member_mentioned.connect(on_member_mentioned, dispatch_uid="notifications.mention")
        # Acts of the lower layers, announced after they commit (see xarxa/core/events.py).
        from xarxa.notifications.receivers import subscribe_all

        subscribe_all()
