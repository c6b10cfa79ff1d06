from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "policylib.feeds"
    label = "feeds"
    verbose_name = "Feeds and discovery"
