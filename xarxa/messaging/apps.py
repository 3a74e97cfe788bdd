from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "xarxa.messaging"
    label = "messaging"
