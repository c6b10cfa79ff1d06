from django.urls import path

from policylib.delegations import views

app_name = "delegations"
urlpatterns = [
    path("", views.index, name="index"),
    path("report/", views.report, name="report"),
    path("authorities/<slug:slug>/", views.authority, name="authority"),
    path("positions/<slug:slug>/", views.position, name="position"),
    path("<int:pk>/", views.delegation, name="delegation"),
]
