"""What the search box needs from the search package: how long a query may be."""

from django import template

from policylib.search.query import MAX_QUERY_CHARS

register = template.Library()


@register.simple_tag
def query_max_length() -> int:
    return MAX_QUERY_CHARS
