from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xarxa.core"
    label = "core"

    def ready(self):
        from xarxa.core import pagecache  # noqa: F401  (watches every connection's writes)
