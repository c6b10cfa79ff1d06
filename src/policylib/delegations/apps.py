from django.apps import AppConfig


class DelegationsConfig(AppConfig):
    name = "policylib.delegations"
    verbose_name = "Delegations Library"
    default_auto_field = "django.db.models.BigAutoField"
