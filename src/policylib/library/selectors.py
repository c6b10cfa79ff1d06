"""Reads of the library that depend on who is asking. Each starts from `visible_documents`."""

import datetime
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch, QuerySet

from policylib.accounts.access import is_library_staff, visible_documents
from policylib.library.models import (
    ARCHIVED_STATUSES,
    Category,
    Document,
    DocumentFile,
    FileRole,
    Library,
    Placement,
    Status,
    Subject,
)

SORTS = {
    "issued": ("-issued_on", "identifier"),
    "oldest": ("issued_on", "identifier"),
    "title": ("title", "identifier"),
    "identifier": ("identifier",),
}
DEFAULT_SORT = "issued"


def for_listing(documents: QuerySet[Document]) -> QuerySet[Document]:
    """What a list row shows, fetched in a fixed number of queries."""
    return documents.select_related("document_type", "opi", "library").prefetch_related(
        Prefetch(
            "files",
            queryset=DocumentFile.objects.filter(role=FileRole.PRIMARY),
            to_attr="primary_files",
        )
    )


def main_library() -> Library | None:
    return Library.objects.filter(placement=Placement.DOCUMENTS).first()


def library_for(placement: str) -> Library | None:
    return Library.objects.filter(placement=placement).first()


def header_libraries() -> QuerySet[Library]:
    return Library.objects.filter(placement=Placement.HEADER)


def categories_with_counts(user) -> list[Category]:
    """Top-level categories, each with `document_count` (see `category_document_count`) and
    `subcategories`."""
    categories = list(Category.objects.all())
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    tree = _children((c.pk, c.parent_id) for c in categories)
    top = children.get(None, [])
    for category in top:
        category.document_count = category_document_count(
            user, category, ids=category_and_descendant_ids(category, tree)
        )
        category.subcategories = children.get(category.pk, [])
    return top


def category_document_count(user, category: Category, *, ids: list[int] | None = None) -> int:
    """How many documents a program area holds for `user`: the number its own page lists at
    first (every document `user` may see, filed in it or in a sub-category, counted once, with
    the listing's default filters). The Documents page shows this same number."""
    return filter_documents(_filed_in(user, category, ids), ListFilters()).count()


def _filed_in(user, category: Category, ids: list[int] | None = None) -> QuerySet[Document]:
    # A subquery rather than a join: no duplicates, so no DISTINCT over every column, which
    # made counting a big category's pages the slowest query of the page.
    filed = Document.categories.through.objects.filter(
        category_id__in=ids if ids is not None else category_and_descendant_ids(category)
    ).values("document_id")
    return visible_documents(user).filter(pk__in=filed)


def category_and_descendant_ids(
    category: Category, children: dict[int | None, list[int]] | None = None
) -> list[int]:
    """`category` and every category below it; `children` (parent id → child ids) when the
    caller has read the tree already."""
    if children is None:
        children = _children(Category.objects.values_list("pk", "parent_id"))
    ids, frontier = [category.pk], [category.pk]
    while frontier:
        frontier = [c for parent in frontier for c in children.get(parent, []) if c not in ids]
        ids.extend(frontier)
    return ids


def _children(pairs) -> dict[int | None, list[int]]:
    found: dict[int | None, list[int]] = {}
    for pk, parent in pairs:
        found.setdefault(parent, []).append(pk)
    return found


@dataclass
class ListFilters:
    sort: str = DEFAULT_SORT
    document_type: str = ""
    status: str = Status.CURRENT
    statuses: list[tuple[str, str]] = field(default_factory=list)


def filter_documents(documents: QuerySet[Document], filters: ListFilters) -> QuerySet[Document]:
    if filters.document_type:
        documents = documents.filter(document_type__slug=filters.document_type)
    if filters.status == "archived":
        documents = documents.filter(status__in=ARCHIVED_STATUSES)
    elif filters.status and filters.status != "all":
        documents = documents.filter(status=filters.status)
    return documents.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def category_documents(user, category: Category, filters: ListFilters) -> QuerySet[Document]:
    return for_listing(filter_documents(_filed_in(user, category), filters))


def library_documents(user, library: Library, filters: ListFilters) -> QuerySet[Document]:
    documents = visible_documents(user).filter(library=library)
    return for_listing(filter_documents(documents, filters))


def visible_subjects(user) -> QuerySet[Subject]:
    """The subjects `user` may see: those filed on a document they may see (library staff: all).

    Subjects are words people choose for documents, and a secret document's word can be one,
    so a subject used only by documents hidden from `user` is hidden with them.
    """
    if is_library_staff(user):
        return Subject.objects.all()
    filed = Document.subjects.through.objects.filter(
        document__in=visible_documents(user).values("pk")
    ).values("subject_id")
    return Subject.objects.filter(pk__in=filed)


def recently_issued(user, limit: int | None = 10) -> QuerySet[Document]:
    documents = for_listing(
        visible_documents(user)
        .filter(status=Status.CURRENT, issued_on__isnull=False)
        .order_by("-issued_on", "-id")
    )
    return documents[:limit] if limit else documents


def archived_documents(user, filters: ListFilters) -> QuerySet[Document]:
    documents = visible_documents(user).filter(status__in=ARCHIVED_STATUSES)
    if filters.status not in ARCHIVED_STATUSES:
        filters = replace(filters, status="archived")
    return for_listing(filter_documents(documents, filters))


@dataclass
class Link:
    document: Document
    on: object = None  # the date of the link, when it has one


@dataclass
class Relations:
    supersedes: list[Link]
    superseded_by: list[Link]
    amends: list[Link]
    amended_by: list[Link]
    related: list[Document]
    appendices: list[Document]
    parent: Document | None


def document_relations(user, document: Document) -> Relations:
    """Every document linked to `document` that `user` may see, with the link's date."""
    # Fetch the links first, then ask the access module about just those few documents: one
    # query joining every link table against the whole library was the slowest part of the page.
    predecessor_links = list(
        document.predecessor_links.select_related("predecessor").order_by("-predecessor__issued_on")
    )
    successor_links = list(
        document.successor_links.select_related("successor").order_by("-successor__issued_on")
    )
    amended_links = list(document.amended_links.select_related("amended"))
    amending_links = list(document.amending_links.select_related("amending"))
    related_documents = list(document.related.order_by("-issued_on"))
    appendices = list(document.appendices.order_by("identifier"))
    linked_ids = {
        *(link.predecessor_id for link in predecessor_links),
        *(link.successor_id for link in successor_links),
        *(link.amended_id for link in amended_links),
        *(link.amending_id for link in amending_links),
        *(d.pk for d in related_documents),
        *(d.pk for d in appendices),
    }
    if document.parent_id:
        linked_ids.add(document.parent_id)
    visible_ids = (
        set(visible_documents(user).filter(pk__in=linked_ids).values_list("pk", flat=True))
        if linked_ids
        else set()
    )
    return Relations(
        supersedes=[
            Link(link.predecessor, link.on)
            for link in predecessor_links
            if link.predecessor_id in visible_ids
        ],
        superseded_by=[
            Link(link.successor, link.on)
            for link in successor_links
            if link.successor_id in visible_ids
        ],
        amends=[
            Link(link.amended, link.on) for link in amended_links if link.amended_id in visible_ids
        ],
        amended_by=[
            Link(link.amending, link.on)
            for link in amending_links
            if link.amending_id in visible_ids
        ],
        related=[d for d in related_documents if d.pk in visible_ids],
        appendices=[d for d in appendices if d.pk in visible_ids],
        parent=document.parent if document.parent_id in visible_ids else None,
    )


@dataclass
class HistoryEvent:
    on: object  # a date, or None for a link recorded without one
    label: str
    document: Document | None = None  # the other document, when the event has one


def document_history(document: Document, relations: Relations) -> list[HistoryEvent]:
    """What happened to `document`, oldest first, whatever order it was recorded in.

    Events of one day keep the order of a document's life (issued, superseded or amended,
    retired) and then the other document's identifier; undated links come last.
    """
    events: list[tuple[int, str, HistoryEvent]] = []
    if document.issued_on:
        events.append((0, "", HistoryEvent(document.issued_on, "Issued")))
    for link in relations.superseded_by:
        if link.on:
            events.append(
                (1, link.document.identifier, HistoryEvent(link.on, "Superseded by", link.document))
            )
    for link in relations.amended_by:
        events.append(
            (1, link.document.identifier, HistoryEvent(link.on, "Amended by", link.document))
        )
    if document.status_changed_on and document.status in (Status.CANCELLED, Status.ARCHIVED):
        events.append(
            (2, "", HistoryEvent(document.status_changed_on, document.get_status_display()))
        )
    events.sort(key=lambda e: (e[2].on is None, e[2].on or datetime.date.min, e[0], e[1]))
    return [event for _, _, event in events]


def current_files(document: Document) -> tuple[DocumentFile | None, list[DocumentFile]]:
    """The primary file and the attachments a reader is offered (replaced files are kept aside)."""
    shown = list(document.files.exclude(role=FileRole.REPLACED))
    primary = next((f for f in shown if f.role == FileRole.PRIMARY), None)
    return primary, [f for f in shown if f.role == FileRole.ATTACHMENT]
