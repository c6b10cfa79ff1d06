from django.urls import path

from policylib.search import views

app_name = "search"
urlpatterns = [
    path("", views.results, name="results"),
    path("advanced/", views.advanced, name="advanced"),
    path("live/", views.live, name="live"),
]
