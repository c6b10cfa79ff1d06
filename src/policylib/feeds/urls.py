from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.cache import cache_control

from policylib.feeds import feeds, views
from policylib.feeds.sitemaps import SITEMAPS

app_name = "feeds"

# Feeds show the same (public) documents to everyone, so a shared cache may keep them briefly.
public = cache_control(public=True, max_age=300)

urlpatterns = [
    path("feeds/recent.atom", public(feeds.atom(feeds.RecentFeed)()), name="recent_atom"),
    path("feeds/recent.rss", public(feeds.RecentFeed()), name="recent_rss"),
    path(
        "feeds/categories/<slug:slug>.atom",
        public(feeds.atom(feeds.CategoryFeed)()),
        name="category_atom",
    ),
    path("feeds/categories/<slug:slug>.rss", public(feeds.CategoryFeed()), name="category_rss"),
    path("feeds/search.atom", feeds.atom(feeds.SearchFeed)(), name="search_atom"),
    path("feeds/search.rss", feeds.SearchFeed(), name="search_rss"),
    path(
        "sitemap.xml",
        public(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "feeds:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
    path("opensearch/suggestions", views.suggestions, name="suggestions"),
]
