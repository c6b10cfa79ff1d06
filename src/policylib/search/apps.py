from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "policylib.search"
    label = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from policylib.search import receivers  # noqa: F401
