from django.urls import path

from policylib.subscriptions import views

app_name = "subscriptions"
urlpatterns = [
    path("subscriptions/", views.mine, name="mine"),
    path("subscriptions/follow/", views.follow, name="follow"),
    path("subscriptions/<int:pk>/stop/", views.stop, name="stop"),
    path("subscriptions/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("periodic-review/", views.dashboard, name="periodic_review"),
]
