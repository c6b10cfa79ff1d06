"""Site-wide answers to two questions: did this request arrive over HTTPS, and who may cache it."""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

Handler = Callable[[HttpRequest], HttpResponse]


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection comes from a reverse proxy the configuration names.

    The same rule as for the client's address (audit.services.client_address): the proxies in
    POLICYLIB_TRUSTED_PROXIES, or, with no list, any peer when POLICYLIB_TRUSTED_PROXY_COUNT
    says that every request comes through a proxy. With neither, no peer is a proxy.
    """
    trusted = settings.POLICYLIB_TRUSTED_PROXIES
    if not trusted:
        return settings.POLICYLIB_TRUSTED_PROXY_COUNT > 0
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "").strip())
    except ValueError:
        return False
    return any(peer in ipaddress.ip_network(entry, strict=False) for entry in trusted)


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
    proxies = max(settings.POLICYLIB_TRUSTED_PROXY_COUNT, 1)
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
