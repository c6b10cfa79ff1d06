"""robots.txt, the OpenSearch description and its search suggestions."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from policylib import search
from policylib.pages.models import SiteText

# OpenSearch allows at most 16 characters in a short name.
SHORT_NAME_CHARS = 16


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feeds/robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("feeds:sitemap"))},
        content_type="text/plain; charset=utf-8",
    )


@require_GET
@cache_control(public=True, max_age=3600)
def opensearch(request: HttpRequest) -> HttpResponse:
    """Lets a browser add the library's search to its own search engines."""
    site_name = SiteText.load().site_name
    short_name = site_name if len(site_name) <= SHORT_NAME_CHARS else site_name[:15] + "…"
    return render(
        request,
        "feeds/opensearch.xml",
        {
            "short_name": short_name,
            "site_name": site_name,
            "self_url": request.build_absolute_uri(reverse("feeds:opensearch")),
            "results_url": request.build_absolute_uri(reverse("search:results")),
            "suggestions_url": request.build_absolute_uri(reverse("feeds:suggestions")),
            "atom_url": request.build_absolute_uri(reverse("feeds:search_atom")),
            "rss_url": request.build_absolute_uri(reverse("feeds:search_rss")),
        },
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


@require_GET
@cache_control(private=True, max_age=60)
def suggestions(request: HttpRequest) -> JsonResponse:
    """Titles for the browser's search box, in the OpenSearch suggestions format.

    The browser asks with the reader's own cookies, if any, and the answer is for that reader
    alone (private, never shared by a cache), so it follows the reader's access like the
    search box on the site.
    """
    text = request.GET.get("q", "")[:200]
    try:
        found = search.live_search(text, request.user, scope="all", limit=10)
    except search.SearchError:
        found = search.SearchResults()
    titles = [hit.title for hit in found.hits]
    return JsonResponse([text, titles], safe=False)
