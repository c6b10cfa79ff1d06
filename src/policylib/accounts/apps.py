from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "policylib.accounts"
    verbose_name = "Accounts and access"

    def ready(self) -> None:
        from policylib.accounts import signals

        # Once per migrate (this app has no models, so it gets no post_migrate of its own).
        post_migrate.connect(signals.sync_roles_after_migrate, sender=apps.get_app_config("auth"))
        signals.connect_office_roles()
