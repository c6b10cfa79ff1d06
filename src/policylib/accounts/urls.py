from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from policylib.accounts.forms import LoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
            extra_context={"breadcrumbs": [("Home", reverse_lazy("pages:home")), ("Log in", "")]},
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
