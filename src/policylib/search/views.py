"""The search pages: results, Advanced Search, and the live suggestions of the search box."""

from dataclasses import replace

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from policylib import search
from policylib.library.models import Document
from policylib.search import SearchQuery, SearchResults, presentation
from policylib.search.forms import AdvancedSearchForm, SearchForm
from policylib.search.query import MAX_QUERY_CHARS

SCOPE_LABELS = {"active": "Active documents", "archived": "Archived documents",
                "all": "Entire site"}  # fmt: skip
# With fewer results than this, the page says how many the other scope holds.
FEW_RESULTS = 5
OTHER_SCOPE = {"active": ("archived", "in the Archives"),
               "archived": ("active", "among active documents")}  # fmt: skip


def _crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    try:
        home = reverse("pages:home")
    except NoReverseMatch:
        home = "/"
    return [("Home", home), *trail]


def _run(request: HttpRequest, form: SearchForm) -> dict:
    query = form.query()
    results, unavailable, problems = SearchResults(), "", form.problems()
    if not problems:
        try:
            # Enter finds what the search box suggested: the last word may be unfinished.
            results = search.search(query, request.user, unfinished=True)
        except search.SearchError as exc:
            unavailable = str(exc)
    params = request.GET
    return {
        "form": form,
        "search_query": query,
        "query": form.value("q") or "",
        "scope": query.scope,
        "scope_label": SCOPE_LABELS.get(query.scope, ""),
        "results": results,
        "rows": presentation.rows(results, request.user),
        "facets": presentation.facet_groups(results, params),
        "pages": presentation.page_links(results, params) if results.pages > 1 else [],
        "sort_links": [
            ("relevance", "Relevance", presentation.link(params, sort=None)),
            ("issued", "Newest", presentation.link(params, sort="issued")),
        ],
        "suggestion_url": (
            presentation.link(params, q=results.suggestion, page=None) if results.suggestion else ""
        ),
        "elsewhere": _elsewhere(request, query, results) if not (problems or unavailable) else None,
        "shortened": form.was_shortened,
        "max_query_chars": MAX_QUERY_CHARS,
        "unavailable": unavailable,
        "problems": problems,
        "searched": not query.is_empty or bool(problems),
    }


def _elsewhere(request: HttpRequest, query: SearchQuery, results: SearchResults) -> dict | None:
    """No dead end: few results here, but the other scope has some: how many, and a link."""
    other = OTHER_SCOPE.get(query.scope)
    if other is None or query.status or query.is_empty or results.total >= FEW_RESULTS:
        return None
    scope, where = other
    try:
        found = search.count(replace(query, scope=scope, page=1), request.user, unfinished=True)
    except search.SearchError:
        return None
    if not found:
        return None
    url = presentation.link(request.GET, scope=scope)
    return {"count": found, "where": where, "url": url}


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    context = _run(request, SearchForm(request.GET))
    context["breadcrumbs"] = _crumbs(("Search", ""))
    return render(request, "search/results.html", context, status=_status(context))


@require_GET
def advanced(request: HttpRequest) -> HttpResponse:
    form = AdvancedSearchForm(request.GET or None)
    context = _run(request, form) if request.GET else {"form": form, "searched": False}
    context["breadcrumbs"] = _crumbs(("Search", reverse("search:results")),
                                     ("Advanced Search", ""))  # fmt: skip
    return render(request, "search/advanced.html", context, status=_status(context))


def _status(context: dict) -> int:
    # A request the form cannot read is the reader's to fix: 400, with what to fix on the page.
    return 400 if context.get("problems") else 200


@require_GET
def live(request: HttpRequest) -> HttpResponse:
    """Up to ten suggestions as an HTML fragment (htmx swaps it under the search box)."""
    form = SearchForm(request.GET)
    text = form.value("q") or ""
    box = request.GET.get("box", "header")
    box = box if box.isidentifier() else "header"
    if "scope" in form.errors:  # told, as on the results page, never guessed
        context = {"items": [], "text": text, "box": box, "problems": form.problems()}
        return render(request, "search/live.html", context, status=400)
    try:
        found = search.live_search(text, request.user, scope=form.value("scope") or "all")
    except search.SearchError:
        found = SearchResults()
    items = [
        (hit, hit.url or Document(pk=hit.document_id, title=hit.title).get_absolute_url())
        for hit in found.hits
    ]
    return render(request, "search/live.html", {"items": items, "text": text, "box": box})
