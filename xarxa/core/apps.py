from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xarxa.core"
    label = "core"
