from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "policylib.accounts"
    verbose_name = "Accounts and access"
