from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "xarxa.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from xarxa.audit import admin_log

        admin_log.record_admin_site_actions()
