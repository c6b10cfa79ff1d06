"""Turning search results into what the results page shows: rows, facets, page links."""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.urls import reverse

from policylib.accounts.access import visible_agreements, visible_delegations, visible_documents
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
    """One result as the page shows it: a library document, or another record of the site."""

    hit: SearchHit
    document: Document | None = None
    successors: list[Document] = field(default_factory=list)
    record: object | None = None  # an Agreement, a Delegation or a FrequentQuestion
    url: str = ""
    identifier: str = ""
    title: str = ""
    type_label: str = ""
    status: str = ""  # the document status value ("superseded"), or ""
    status_label: str = ""
    issued_on: object | None = None
    file_url: str = ""  # the attachment the snippet comes from, opened at its page


def _document_row(hit: SearchHit, document: Document, successors: list[Document]) -> Row:
    file_url = ""
    if hit.file_id and hit.file_name:
        file_url = reverse("library:file", args=[document.pk, hit.file_id, hit.file_name])
        file_url += f"#page={hit.page}" if hit.page else ""
    return Row(
        hit, document, successors, url=document.get_absolute_url(),
        identifier=document.identifier, title=document.title,
        type_label=document.document_type.name, status=document.status,
        status_label=document.get_status_display(), issued_on=document.issued_on,
        file_url=file_url,
    )  # fmt: skip


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
    """Each hit with what it shows, read again through the access rules (belt and braces: the
    index may lag a change of marking by a moment); superseded documents with the successors
    the user may see."""
    ids = [hit.document_id for hit in results.hits if hit.kind == "document"]
    documents = (
        visible_documents(user)
        .filter(pk__in=ids)
        .select_related("document_type", "library")
        .defer("body")
        .in_bulk()
    )
    successors: dict[int, list[Document]] = {}
    superseded = [pk for pk, d in documents.items() if d.status == Status.SUPERSEDED]
    if superseded:
        # The links first, then the access module about just their successors: a join of the
        # links against every visible document was the slowest query of the results page.
        links = list(
            Supersession.objects.filter(predecessor_id__in=superseded)
            .select_related("successor")
            .defer("successor__body")
            .order_by("-successor__issued_on")
        )
        may_see = set(
            visible_documents(user)
            .filter(pk__in={link.successor_id for link in links})
            .values_list("pk", flat=True)
        )
        for link in links:
            if link.successor_id in may_see:
                successors.setdefault(link.predecessor_id, []).append(link.successor)
    others = _record_rows([hit for hit in results.hits if hit.kind != "document"], user)
    shown = []
    for hit in results.hits:
        if hit.kind == "document" and hit.document_id in documents:
            document = documents[hit.document_id]
            shown.append(_document_row(hit, document, successors.get(hit.document_id, [])))
        elif (hit.kind, hit.document_id) in others:
            shown.append(others[(hit.kind, hit.document_id)])
    return shown


def _record_rows(hits: list[SearchHit], user) -> dict[tuple[str, int], Row]:
    """Agreements, delegations and help questions among the hits, as the user may see them."""
    from policylib.agreements.status import status_of
    from policylib.pages.models import FrequentQuestion

    wanted: dict[str, list[int]] = {}
    for hit in hits:
        wanted.setdefault(hit.kind, []).append(hit.document_id)
    found: dict[tuple[str, int], object] = {}
    if wanted.get("agreement"):
        agreements = visible_agreements(user).filter(pk__in=wanted["agreement"])
        for agreement in agreements.select_related("agreement_type"):
            found["agreement", agreement.pk] = agreement
    if wanted.get("delegation"):
        delegations = visible_delegations(user).filter(pk__in=wanted["delegation"])
        for delegation in delegations.select_related("authority"):
            found["delegation", delegation.pk] = delegation
    if wanted.get("help"):
        for question in FrequentQuestion.objects.filter(pk__in=wanted["help"]):
            found["help", question.pk] = question
    rows = {}
    for hit in hits:
        record = found.get((hit.kind, hit.document_id))
        if record is None:
            continue
        row = Row(hit, record=record, url=hit.url, identifier=hit.identifier, title=hit.title)
        if hit.kind == "agreement":
            row.type_label = record.agreement_type.name
            row.status_label = status_of(record).label
        elif hit.kind == "delegation":
            row.type_label = "Delegation of authority"
            row.identifier = record.identifier
        else:
            row.type_label = "Help"
        rows[hit.kind, hit.document_id] = row
    return rows


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
