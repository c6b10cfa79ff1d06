from django.urls import path

from policylib.versions import views

app_name = "versions"
urlpatterns = [
    path("versions/<int:pk>/", views.history, name="history"),
    path("versions/<int:pk>/compare/", views.compare, name="compare"),
    path("versions/<int:pk>/<int:version_id>/", views.version, name="version"),
]
