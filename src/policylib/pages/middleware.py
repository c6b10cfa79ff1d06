"""Site-wide answers to two questions: did this request arrive over HTTPS, and who may cache it."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from policylib.audit.services import from_trusted_proxy, trusted_proxy_count

Handler = Callable[[HttpRequest], HttpResponse]


class ForwardedProtoFromTrustedProxy:
    """Takes a request as HTTPS on the word of X-Forwarded-Proto only from a trusted proxy.

    Django's SECURE_PROXY_SSL_HEADER believes the header from anyone, so a client talking plain
    HTTP straight to the server could claim HTTPS and skip the redirect. Placed before
    SecurityMiddleware, which then redirects whatever is still plain HTTP.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.HTTPS and from_trusted_proxy(request) and forwarded_proto(request) == "https":
            request.META["wsgi.url_scheme"] = "https"
        return self.get_response(request)


def forwarded_proto(request: HttpRequest) -> str:
    """The scheme the outermost trusted proxy was reached by, as X-Forwarded-Proto tells it.

    Proxies that append to the header list one scheme per hop; like X-Forwarded-For it is read
    from the right, past as many proxies as there are, so what a client wrote further left is
    never taken. A proxy that replaces the header leaves one value: its own.
    """
    hops = [
        value.strip().lower() for value in request.META.get("HTTP_X_FORWARDED_PROTO", "").split(",")
    ]
    proxies = trusted_proxy_count()
    return hops[max(len(hops) - proxies, 0)]


class PrivateByDefault:
    """A page without its own Cache-Control is for the person who asked, never a shared cache.

    Pages, API answers and errors depend on who is signed in (by session cookie or API token),
    so a proxy must not hand one person's copy to the next. Views that are the same for everyone
    (feeds, robots.txt) say so with their own Cache-Control; static files are answered by
    WhiteNoise before this middleware and keep its caching.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie", "Authorization"))
        return response
