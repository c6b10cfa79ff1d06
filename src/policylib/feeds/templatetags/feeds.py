"""Links to feeds, for the pages that have one: `{% load feeds %}`."""

from django import template

from policylib.feeds.feeds import feed_urls
from policylib.search import SearchQuery

register = template.Library()


@register.simple_tag
def search_feed_urls(query: SearchQuery) -> dict[str, str]:
    """`{% search_feed_urls search_query as feed %}` then `feed.atom`, `feed.rss`."""
    return feed_urls(query)
