from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "xarxa.organisations"
    label = "organisations"

    def ready(self):
        from xarxa.organisations import rules  # noqa: F401  (the rule book)
