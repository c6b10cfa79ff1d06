from django.apps import AppConfig


class ExtractionConfig(AppConfig):
    name = "policylib.extraction"
    verbose_name = "Text extraction"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from policylib.extraction import receivers  # noqa: F401
