"""The site's URL configuration as a list: every pattern, its namespace and its parameters.

The access matrix and the canary crawl walk it, so a new page or API route is checked by both
without anyone adding it to a list.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize


@dataclass(frozen=True)
class Endpoint:
    name: str  # namespace:name (the route where a pattern has no name)
    parts: tuple  # the pattern of each level, outermost first
    params: tuple[str, ...]

    @property
    def namespace(self) -> str:
        return self.name.partition(":")[0] if ":" in self.name else ""

    @property
    def route(self) -> str:
        return "".join(_route_text(part) for part in self.parts)


def _route_text(pattern) -> str:
    text = str(pattern)
    return text.removeprefix("^").removesuffix("$") if isinstance(pattern, RegexPattern) else text


def _params(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    return list(pattern.regex.groupindex)


def endpoints(patterns=None, parts=(), namespace="") -> Iterator[Endpoint]:
    """Every URL pattern of the site, admin and API included."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        here = (*parts, entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from endpoints(entry.url_patterns, here, inner)
        elif isinstance(entry, URLPattern):
            params = tuple(name for part in here for name in _params(part))
            label = entry.name or "".join(_route_text(part) for part in here)
            yield Endpoint(f"{namespace}:{label}" if namespace else label, here, params)


def build_path(endpoint: Endpoint, values: dict[str, Any]) -> str:
    path = ""
    for part in endpoint.parts:
        if isinstance(part, RoutePattern):
            path += re.sub(
                r"<(?:\w+:)?(\w+)>", lambda match: str(values[match.group(1)]), str(part)
            )
        else:
            template, names = normalize(part.regex.pattern)[0]
            path += template % {name: values.get(name, "x") for name in names}
    return "/" + path
