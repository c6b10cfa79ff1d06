"""Turning search results into what the results page shows: rows, facets, page links."""

from dataclasses import dataclass, field

from django.http import QueryDict

from policylib.accounts.access import visible_documents
from policylib.library.models import (
    Category,
    Document,
    DocumentType,
    Status,
    Supersession,
)
from policylib.search import SearchHit, SearchResults

FACET_TITLES = {"type": "Type", "category": "Category", "status": "Status", "year": "Year"}


@dataclass
class Row:
    hit: SearchHit
    document: Document
    successors: list[Document] = field(default_factory=list)


@dataclass
class FacetLink:
    label: str
    count: int
    url: str
    selected: bool


@dataclass
class FacetGroup:
    name: str
    title: str
    links: list[FacetLink]
    clear_url: str = ""


def rows(results: SearchResults, user) -> list[Row]:
    """Each hit with its document, read again through the access rules (belt and braces: the
    index may lag a change of marking by a moment), and the successors the user may see."""
    ids = [hit.document_id for hit in results.hits]
    documents = (
        visible_documents(user)
        .filter(pk__in=ids)
        .select_related("document_type", "library")
        .in_bulk()
    )
    successors: dict[int, list[Document]] = {}
    superseded = [pk for pk, d in documents.items() if d.status == Status.SUPERSEDED]
    if superseded:
        links = (
            Supersession.objects.filter(
                predecessor_id__in=superseded, successor__in=visible_documents(user)
            )
            .select_related("successor")
            .order_by("-successor__issued_on")
        )
        for link in links:
            successors.setdefault(link.predecessor_id, []).append(link.successor)
    return [
        Row(hit, documents[hit.document_id], successors.get(hit.document_id, []))
        for hit in results.hits
        if hit.document_id in documents
    ]


def link(params: QueryDict, **changes) -> str:
    """The current search with some parameters changed (None removes one); back to page 1."""
    query = params.copy()
    query.pop("page", None)
    for name, value in changes.items():
        query.pop(name, None)
        if value not in (None, ""):
            query[name] = str(value)
    return "?" + query.urlencode()


def facet_groups(results: SearchResults, params: QueryDict) -> list[FacetGroup]:
    labels = _labels(results)
    groups = []
    for name, title in FACET_TITLES.items():
        counts = results.facets.get(name) or []
        chosen = params.get(name, "")
        if not counts and not chosen:
            continue
        ordered = sorted(counts, key=lambda c: -int(c.value)) if name == "year" else counts
        links = [
            FacetLink(
                label=labels.get(name, {}).get(count.value, count.value),
                count=count.count,
                url=link(params, **{name: count.value}),
                selected=count.value == chosen,
            )
            for count in ordered
        ]
        groups.append(
            FacetGroup(name, title, links, clear_url=link(params, **{name: None}) if chosen else "")
        )
    return groups


def _labels(results: SearchResults) -> dict[str, dict[str, str]]:
    facets = results.facets
    type_slugs = [c.value for c in facets.get("type", [])]
    category_ids = [int(c.value) for c in facets.get("category", []) if c.value.isdigit()]
    return {
        "type": dict(DocumentType.objects.filter(slug__in=type_slugs).values_list("slug", "name")),
        "category": {
            str(pk): name
            for pk, name in Category.objects.filter(pk__in=category_ids).values_list("pk", "name")
        },
        "status": {str(value): str(label) for value, label in Status.choices},
    }


def page_links(results: SearchResults, params: QueryDict) -> list[tuple[int | None, str]]:
    """Page numbers around the current page, with None for a gap."""
    last = results.pages
    shown = sorted({1, last, *range(max(1, results.page - 2), min(last, results.page + 2) + 1)})
    links: list[tuple[int | None, str]] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            links.append((None, ""))
        query = params.copy()
        query["page"] = str(number)
        links.append((number, "?" + query.urlencode()))
        previous = number
    return links
