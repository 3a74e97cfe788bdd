from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "xarxa.organisations"
    label = "organisations"
