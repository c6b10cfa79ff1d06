"""What the index holds for a document, read from its current state in the database."""

import datetime
from collections.abc import Iterable

import tantivy
from django.db.models import Max, Prefetch

from policylib import extraction
from policylib.library.models import Category, Document, DocumentFile, FileRole
from policylib.search.schema import identifier_key, index_date

# Long pages are split so building a snippet never scans a whole book.
CHUNK_CHARS = 12_000
PAGED_TYPES = {"application/pdf"}


def stamp(*moments: datetime.datetime | None) -> int:
    """The latest of `moments` in microseconds: the version of the indexed state."""
    latest = max((m for m in moments if m is not None), default=None)
    return int(latest.timestamp() * 1_000_000) if latest else 0


def current_files() -> Prefetch:
    return Prefetch(
        "files",
        queryset=DocumentFile.objects.exclude(role=FileRole.REPLACED).select_related(
            "extracted_text"
        ),
        to_attr="current_files",
    )


def load(ids: Iterable[int]) -> list[Document]:
    return list(
        Document.objects.filter(pk__in=list(ids))
        .select_related("document_type", "opi", "library")
        .prefetch_related("subjects", "categories", "restricted_to", current_files())
    )


def category_parents() -> dict[int, int | None]:
    return dict(Category.objects.values_list("pk", "parent_id"))


def load_pages(documents: Iterable[Document]) -> dict[int, list[str]]:
    """Extracted pages of the current files of `documents`, in one query."""
    return extraction.pages_for(f.pk for d in documents for f in d.current_files)


def entries(
    document: Document,
    parents: dict[int, int | None],
    file_pages: dict[int, list[str]] | None = None,
) -> list[tantivy.Document]:
    """The index documents of one library document: itself, then its pages."""
    files: list[DocumentFile] = document.current_files
    if file_pages is None:
        file_pages = extraction.pages_for(f.pk for f in files) if files else {}
    extracted_at = [f.extracted_text.extracted_at for f in files if hasattr(f, "extracted_text")]
    texts = [document.body] + [" ".join(file_pages.get(f.pk, ())) for f in files]
    opi = document.opi
    extra = [document.document_type.name, document.library.name]
    if opi is not None:
        extra += [opi.name, opi.abbreviation]
    fields: dict = {
        "id": document.pk,
        "owner": document.pk,
        "kind": "doc",
        "identifier": document.identifier,
        "identifier_key": identifier_key(document.identifier),
        "title": document.title,
        "subjects": "\n".join(s.name for s in document.subjects.all()),
        "summary": document.summary,
        "body": "\n".join(t for t in [*texts, *extra] if t),
        "signatory": document.signatory,
        "status": document.status,
        "library": document.library.slug,
        "type": document.document_type.slug,
        "category": sorted(_with_ancestors([c.pk for c in document.categories.all()], parents)),
        "marking": document.marking,
        "groups": [g.pk for g in document.restricted_to.all()],
        "stamp": stamp(document.updated_at, *extracted_at),
    }
    if opi is not None:
        fields["opi"] = opi.pk
    if document.issued_on:
        fields["issued"] = index_date(document.issued_on)
        fields["year"] = document.issued_on.year
    result = [tantivy.Document(**{k: v for k, v in fields.items() if v not in ("", [])})]
    pages: list[tuple[int, str, DocumentFile | None]] = (
        [(0, document.body, None)] if document.body else []
    )
    for document_file in files:
        file_text = file_pages.get(document_file.pk) or []
        numbered = document_file.content_type in PAGED_TYPES or len(file_text) > 1
        attachment = document_file if document_file.role == FileRole.ATTACHMENT else None
        pages += [(n if numbered else 0, text, attachment) for n, text in enumerate(file_text, 1)]
    for number, text, attachment in pages:
        named = {"file": attachment.pk, "file_name": attachment.original_name} if attachment else {}
        for chunk in _chunks(text):
            result.append(
                tantivy.Document(id=document.pk, kind="page", page=number, page_text=chunk, **named)
            )
    return result


def _with_ancestors(ids: list[int], parents: dict[int, int | None]) -> set[int]:
    found: set[int] = set()
    for pk in ids:
        node: int | None = pk
        while node is not None and node not in found:
            found.add(node)
            node = parents.get(node)
    return found


def _chunks(text: str) -> Iterable[str]:
    text = text.strip()
    while len(text) > CHUNK_CHARS:
        cut = text.rfind(" ", CHUNK_CHARS // 2, CHUNK_CHARS)
        cut = cut if cut > 0 else CHUNK_CHARS
        yield text[:cut]
        text = text[cut:].lstrip()
    if text:
        yield text


def database_stamps() -> dict[int, int]:
    """Each document's current version stamp, as `entries` computes it."""
    extracted = dict(
        Document.objects.filter(
            files__role__in=[FileRole.PRIMARY, FileRole.ATTACHMENT],
            files__extracted_text__isnull=False,
        )
        .annotate(last=Max("files__extracted_text__extracted_at"))
        .values_list("pk", "last")
    )
    return {
        pk: stamp(updated_at, extracted.get(pk))
        for pk, updated_at in Document.objects.values_list("pk", "updated_at")
    }
