from django.apps import AppConfig


class VersionsConfig(AppConfig):
    name = "policylib.versions"
    label = "versions"
    verbose_name = "Versions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from policylib.versions import receivers  # noqa: F401
