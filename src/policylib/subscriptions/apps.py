from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "policylib.subscriptions"
    label = "subscriptions"
    verbose_name = "Subscriptions and periodic review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from policylib.subscriptions import receivers  # noqa: F401
