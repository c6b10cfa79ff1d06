from django.contrib.auth import views as auth_views
from django.urls import path

from policylib.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    # POST only (Django's LogoutView): the session is deleted from the store, not just forgotten.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("sso/", views.oidc_authenticate, name="oidc_login"),
    path("sso/callback/", views.oidc_callback, name="oidc_callback"),
]
