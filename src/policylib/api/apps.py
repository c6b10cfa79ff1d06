from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "policylib.api"
    label = "api"
    verbose_name = "REST API"
