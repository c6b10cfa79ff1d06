from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "policylib.reviews"
    label = "reviews"
    verbose_name = "Drafting and review (RevCom)"
    default_auto_field = "django.db.models.BigAutoField"
