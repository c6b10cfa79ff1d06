from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "policylib.library"
    verbose_name = "Library"
