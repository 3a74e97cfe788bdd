from django.apps import AppConfig


class FollowsConfig(AppConfig):
    name = "xarxa.follows"
    label = "follows"
