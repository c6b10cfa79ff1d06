from django.urls import path

from policylib.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.trail, name="trail"),
    path("audit-trail.csv", views.trail_csv, name="csv"),
]
