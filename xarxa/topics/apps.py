from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "xarxa.topics"
    label = "topics"
