from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "policylib.backups"
    verbose_name = "Backup and restore"
    default_auto_field = "django.db.models.BigAutoField"
