from django.urls import path

from policylib.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.index, name="index"),
    path("expiring/", views.expiring, name="expiring"),
    path("parties/", views.parties, name="parties"),
    path("parties/<slug:slug>/", views.party, name="party"),
    path("<int:pk>/", views.agreement, name="agreement"),
    path("<int:pk>/files/<int:file_id>/<str:name>", views.agreement_file, name="file"),
]
