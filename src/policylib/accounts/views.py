from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse_lazy
from mozilla_django_oidc import views as oidc_views

from policylib.accounts.forms import LoginForm
from policylib.accounts.login_reasons import landing_for, reason_for


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"breadcrumbs": [("Home", reverse_lazy("pages:home")), ("Log in", "")]}

    def get_redirect_url(self) -> str:
        return landing_for(super().get_redirect_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The reader's own destination, before a post-only action is turned into its page.
        context["reason"] = reason_for(auth_views.LoginView.get_redirect_url(self))
        context["single_sign_on"] = (
            settings.POLICYLIB_OIDC_LOGIN_LABEL if settings.POLICYLIB_OIDC_ENABLED else ""
        )
        context["failures_allowed"] = settings.AXES_FAILURE_LIMIT - 1
        return context


def _only_with_single_sign_on(view):
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.POLICYLIB_OIDC_ENABLED:
            raise Http404("Single sign-on is not configured.")
        return view(request, *args, **kwargs)

    return wrapped


# The views read their settings per request, so single sign-on follows the environment.
oidc_authenticate = _only_with_single_sign_on(oidc_views.OIDCAuthenticationRequestView.as_view())
oidc_callback = _only_with_single_sign_on(oidc_views.OIDCAuthenticationCallbackView.as_view())
