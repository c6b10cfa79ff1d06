from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "policylib.agreements"
    verbose_name = "MOA/MOU Library"
    default_auto_field = "django.db.models.BigAutoField"
