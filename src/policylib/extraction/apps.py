from django.apps import AppConfig


class ExtractionConfig(AppConfig):
    name = "policylib.extraction"
    verbose_name = "Text extraction"
