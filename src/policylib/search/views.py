"""The search pages: results, Advanced Search, and the live suggestions of the search box."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from policylib import search
from policylib.library.models import Document
from policylib.search import SearchResults, presentation
from policylib.search.forms import AdvancedSearchForm, SearchForm

SCOPE_LABELS = {"active": "Active documents", "archived": "Archived documents",
                "all": "Entire site"}  # fmt: skip


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
        "unavailable": unavailable,
        "problems": problems,
        "searched": not query.is_empty or bool(problems),
    }


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
    try:
        found = search.live_search(text, request.user, scope=form.value("scope") or "all")
    except search.SearchError:
        found = SearchResults()
    box = request.GET.get("box", "header")
    box = box if box.isidentifier() else "header"
    items = [
        (hit, hit.url or Document(pk=hit.document_id, title=hit.title).get_absolute_url())
        for hit in found.hits
    ]
    return render(request, "search/live.html", {"items": items, "text": text, "box": box})
