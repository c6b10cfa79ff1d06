from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "policylib.demo"
    verbose_name = "Demo library"
