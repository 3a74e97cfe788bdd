from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "xarxa.activity"
    label = "activity"

    def ready(self):
        # The layers below (content, spaces, follows) announce their acts; we record them.
        from xarxa.activity.services import on_act
        from xarxa.core.events import subscribe

        subscribe("act", on_act)
