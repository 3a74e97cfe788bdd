from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "xarxa.demo"
    label = "demo"
