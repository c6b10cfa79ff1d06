"""The site's URLs for search tests, with stand-ins for any section not wired up yet, so the
base template renders whatever state the rest of the site is in."""

from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse
from django.urls.resolvers import get_resolver

from policylib import urls as site_urls


def _stub(request, *args, **kwargs) -> HttpResponse:
    return HttpResponse("stub")


STUBS = {
    "pages": [("", "home"), ("development/", "development"), ("about/", "about"),
              ("help/", "help")],
    "library": [("documents/", "documents"), ("references/", "references"),
                ("archives/", "archives"), ("recent/", "recent"),
                ("d/<int:pk>/<slug:slug>/", "document"), ("l/<slug:slug>/", "library"),
                ("c/<slug:slug>/", "category"),
                ("f/<int:document_id>/<int:pk>/<str:name>", "file")],
    "accounts": [("login/", "login"), ("logout/", "logout")],
    "admin": [("", "index")],
}  # fmt: skip

urlpatterns = list(site_urls.urlpatterns)
_known = get_resolver(site_urls).namespace_dict
if "search" not in _known:
    urlpatterns.append(path("search/", include("policylib.search.urls")))
for _namespace, _routes in STUBS.items():
    if _namespace in _known:
        continue
    _patterns = [path(route, _stub, name=name) for route, name in _routes]
    urlpatterns.append(path(f"stub-{_namespace}/", include((_patterns, _namespace))))

__all__ = ["NoReverseMatch", "reverse", "urlpatterns"]
