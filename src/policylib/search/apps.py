from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "policylib.search"
    label = "search"
    verbose_name = "Search"
