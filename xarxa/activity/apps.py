from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "xarxa.activity"
    label = "activity"
