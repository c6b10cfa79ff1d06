from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "policylib.pages"
    verbose_name = "Site pages"
