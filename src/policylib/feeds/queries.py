"""A reader's search written as the parameters of its feed, and read back.

The feed of a search accepts every parameter of Advanced Search, so one address serves both
the simple results page and Advanced Search. The scope is always written out, because the two
pages default to different scopes.
"""

import datetime
from dataclasses import replace

from django.http import QueryDict
from django.urls import reverse

from policylib.search import SearchQuery
from policylib.search.forms import AdvancedSearchForm

FEED_SIZE = 50
# Parameters only Advanced Search reads; a search using one links back to that page.
ADVANCED_ONLY = ("identifier", "title", "subject", "signatory", "library", "opi",
                 "issued_from", "issued_to")  # fmt: skip


def params_for(query: SearchQuery) -> QueryDict:
    """The parameters that ask for `query` (its page number left out)."""
    values: dict[str, object] = {
        "q": query.text,
        "scope": query.scope,
        "identifier": query.identifier,
        "title": query.title,
        "subject": query.subject,
        "signatory": query.signatory,
        "type": query.document_type,
        "library": query.library,
        "status": query.status,
        "opi": query.opi,
        "category": query.category,
        "year": query.year,
        "issued_from": query.issued_from,
        "issued_to": query.issued_to,
        "sort": "" if query.sort == "relevance" else query.sort,
    }
    params = QueryDict(mutable=True)
    for name, value in values.items():
        if value in (None, ""):
            continue
        params[name] = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return params


class BadSearch(ValueError):
    """The parameters cannot be read (a number too large for an id, a date that is not one)."""


def query_from(params: QueryDict) -> SearchQuery:
    """The search a feed's parameters ask for: its first `FEED_SIZE` results."""
    form = AdvancedSearchForm(params)
    problems = form.problems()
    if problems:
        raise BadSearch("\n".join(problems))
    return replace(form.query(), scope=form.value("scope") or "active", page=1, per_page=FEED_SIZE)


def results_page_url(query: SearchQuery) -> str:
    """The page that shows the same search to a person."""
    params = params_for(query)
    page = "search:advanced" if any(name in params for name in ADVANCED_ONLY) else "search:results"
    return f"{reverse(page)}?{params.urlencode()}"
