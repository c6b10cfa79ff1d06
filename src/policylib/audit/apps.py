from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "policylib.audit"
    verbose_name = "Audit trail"
