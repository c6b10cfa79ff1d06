"""Writes to the library other than lifecycle transitions: records, files and links.

Each service runs in a transaction and records what it changed in the audit trail.
Status is never set here: that is `policylib.library.lifecycle`'s job.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from policylib.audit import services as audit
from policylib.library import archives, files
from policylib.library.events import documents_changed, file_stored
from policylib.library.models import (
    Amendment,
    Category,
    Document,
    DocumentFile,
    FileRole,
    Library,
    Subject,
    Supersession,
)

# The fields whose changes the audit trail records for a document.
AUDITED_FIELDS = [
    "library",
    "identifier",
    "title",
    "summary",
    "body",
    "document_type",
    "opi",
    "source",
    "signatory_name",
    "signatory_title",
    "status",
    "issued_on",
    "effective_on",
    "review_by",
    "marking",
    "parent",
    "subjects",
    "categories",
    "restricted_to",
    "related",
]
MANY_TO_MANY = {"subjects", "categories", "restricted_to", "related"}
EDITABLE_FIELDS = set(AUDITED_FIELDS) - {"status"}


class DocumentError(ValueError):
    """A change the library refuses; the message is meant for the person who asked."""


@transaction.atomic
def create_document(
    *,
    by,
    library,
    identifier: str,
    title: str,
    document_type,
    status: str | None = None,
    subjects: Iterable[Subject] = (),
    categories: Iterable[Category] = (),
    restricted_to: Iterable[Group] = (),
    related: Iterable[Document] = (),
    **fields: Any,
) -> Document:
    """Add a document. New documents are drafts unless `status` records an existing one."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise DocumentError(f"Unknown document fields: {', '.join(sorted(unknown))}.")
    if Document.objects.filter(library=library, identifier=identifier).exists():
        raise DocumentError(f'"{identifier}" is already used in {library}.')
    document = Document(
        library=library,
        identifier=identifier,
        title=title,
        document_type=document_type,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **fields,
    )
    if status:
        document.status = status
    document.full_clean(exclude=["created_by"], validate_unique=False)
    document.save()
    document.subjects.set(subjects)
    document.categories.set(categories)
    document.restricted_to.set(restricted_to)
    document.related.set(related)
    record_document_created(document=document, by=by)
    return document


def record_document_created(*, document: Document, by) -> None:
    """Audit a new document (also for documents added through a form)."""
    audit.record(
        actor=by,
        action="document.created",
        target=document,
        changes=audit.diff({}, audit.snapshot(document, AUDITED_FIELDS)),
    )
    documents_changed.send(sender=Document, document_ids=[document.pk])


@transaction.atomic
def update_document(*, document: Document, by, note: str = "", **changes: Any) -> Document:
    """Change a document's record; many-to-many fields take an iterable of objects."""
    if "status" in changes:
        raise DocumentError("Status changes go through issue, supersede, cancel or archive.")
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise DocumentError(f"Unknown document fields: {', '.join(sorted(unknown))}.")
    before = audit.snapshot(document, AUDITED_FIELDS)
    for name, value in changes.items():
        if name not in MANY_TO_MANY:
            setattr(document, name, value)
    document.full_clean(exclude=["created_by"])
    document.save()
    for name in MANY_TO_MANY & set(changes):
        getattr(document, name).set(changes[name])
    record_document_change(document=document, by=by, before=before, note=note)
    return document


def record_document_change(*, document: Document, by, before: audit.Snapshot, note: str = ""):
    """Audit what changed on `document` since `before` (for edits made through a form)."""
    changes = audit.diff(before, audit.snapshot(document, AUDITED_FIELDS))
    if changes:
        audit.record(
            actor=by, action="document.updated", target=document, changes=changes, note=note
        )
        documents_changed.send(sender=Document, document_ids=[document.pk])


def document_snapshot(document: Document) -> audit.Snapshot:
    return audit.snapshot(document, AUDITED_FIELDS)


@transaction.atomic
def attach_file(
    *,
    document: Document,
    by,
    stream: BinaryIO,
    original_name: str,
    role: str = FileRole.PRIMARY,
) -> DocumentFile:
    """Store a file for a document. A new primary file replaces the old one, which is kept.

    Raises archives.ArchiveRefused (nothing stored) for a ZIP-based file over the limits.
    """
    blob = store_file(stream, original_name=original_name)
    return attach_stored(
        document=document, by=by, blob=blob, original_name=original_name, role=role
    )


def store_file(stream: BinaryIO, *, original_name: str) -> files.StoredBlob:
    """Check a file and copy it into the file store, with no database write: a caller that
    attaches several files in one transaction stores them all first, so the copying never
    holds the database's write lock (SQLite has only one)."""
    return files.store(
        archives.checked(stream),
        original_name=original_name,
        max_bytes=settings.POLICYLIB_MAX_UPLOAD_BYTES,
    )


def attach_stored(
    *,
    document: Document,
    by,
    blob: files.StoredBlob,
    original_name: str,
    role: str = FileRole.PRIMARY,
) -> DocumentFile:
    """Attach a file already in the store (see `store_file`) to `document`."""
    same = document.files.filter(sha256=blob.sha256, role=role).first()
    if same:
        return same
    if role == FileRole.PRIMARY:
        for old in document.files.filter(role=FileRole.PRIMARY):
            old.role = FileRole.REPLACED
            old.save(update_fields=["role"])
    attached = DocumentFile.objects.create(
        document=document,
        role=role,
        blob=blob.name,
        original_name=_safe_name(original_name),
        content_type=blob.content_type,
        size=blob.size,
        sha256=blob.sha256,
        order=document.files.filter(role=role).count(),
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit.record(
        actor=by,
        action="file.attached",
        target=document,
        changes={"files": [None, f"{attached.original_name} ({role}, sha256 {blob.sha256[:12]})"]},
    )
    documents_changed.send(sender=Document, document_ids=[document.pk])
    file_stored.send(sender=DocumentFile, document_file=attached)
    return attached


def _safe_name(name: str) -> str:
    # Keep the name a person gave the file, minus any folder part and control characters.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:255] or "file"


@transaction.atomic
def relate(*, document: Document, other: Document, by) -> None:
    """Link two documents as related content (the link shows on both)."""
    if document.pk == other.pk:
        raise DocumentError("A document cannot be related to itself.")
    if document.related.filter(pk=other.pk).exists():
        return
    document.related.add(other)
    # The link shows on both documents, so both histories record it.
    for one, another in ((document, other), (other, document)):
        audit.record(
            actor=by,
            action="document.related",
            target=one,
            changes={"related": [None, str(another)]},
        )
    documents_changed.send(sender=Document, document_ids=[document.pk, other.pk])


@transaction.atomic
def amend(
    *, amending: Document, amended: Document, by, on: datetime.date | None = None
) -> Amendment:
    """Record that `amending` (a change notice) amends `amended` without replacing it."""
    if amending.pk == amended.pk:
        raise DocumentError("A document cannot amend itself.")
    link, created = Amendment.objects.get_or_create(
        amending=amending, amended=amended, defaults={"on": on or amending.issued_on}
    )
    if created:
        audit.record(
            actor=by,
            action="document.amendment_added",
            target=amending,
            changes={"amends": [None, str(amended)]},
        )
        documents_changed.send(sender=Document, document_ids=[amending.pk, amended.pk])
    return link


@transaction.atomic
def record_supersession(
    *,
    successor: Document,
    predecessor: Document,
    by,
    on: datetime.date | None = None,
    several_successors: bool = False,
) -> Supersession:
    """Record a supersession that happened before the library knew of it (bulk import).

    Records describe the past, so any statuses may take part: a withdrawn proposal may have
    replaced an older one. Where the lifecycle allows the link, `lifecycle.supersede` makes it
    (so a Current predecessor of a Current successor becomes Superseded); otherwise only the
    link is recorded and both statuses stay as they are. No link may point to itself, make
    a cycle or give a document a second successor (unless `several_successors`: records that
    say a document was split).
    """
    from policylib.library import lifecycle

    # Decide on the rows as they are now, not on objects the caller may hold from earlier.
    successor = Document.objects.get(pk=successor.pk)
    predecessor = Document.objects.get(pk=predecessor.pk)
    existing = Supersession.objects.filter(predecessor=predecessor, successor=successor).first()
    if existing:
        return existing
    # The rules a past supersession keeps as well: not itself, no cycle, one successor.
    lifecycle.check_supersession_link(
        successor=successor, predecessor=predecessor, several_successors=several_successors
    )
    try:
        lifecycle.check_supersession(successor=successor, predecessor=predecessor)
    except lifecycle.LifecycleError:
        pass
    else:
        return lifecycle.supersede(successor=successor, predecessor=predecessor, by=by, on=on)
    link = Supersession.objects.create(
        predecessor=predecessor, successor=successor, on=on or successor.issued_on
    )
    audit.record(
        actor=by,
        action="document.supersession_added",
        target=successor,
        changes={"supersedes": [None, str(predecessor)]},
    )
    documents_changed.send(sender=Document, document_ids=[successor.pk, predecessor.pk])
    return link


@transaction.atomic
def create_documents(*, by, documents: Sequence[dict[str, Any]]) -> list[Document]:
    """Add many documents at once (bulk import), each as `create_document` would.

    Each item holds `create_document`'s keyword arguments (library, identifier, title,
    document_type, status, subjects, categories, restricted_to and record fields; not
    related). The same checks and audit entries, in a handful of queries rather than a dozen
    per document, and one `documents_changed` for them all. Raises DocumentError or
    ValidationError for the first bad item; then nothing is created.
    """
    many_names = ("subjects", "categories", "restricted_to")
    built: list[tuple[Document, dict[str, list]]] = []
    keys: set[tuple[int, str]] = set()
    for item in documents:
        values = dict(item)
        many = {name: list(values.pop(name, ())) for name in many_names}
        status = values.pop("status", None)
        unknown = set(values) - EDITABLE_FIELDS
        if unknown:
            raise DocumentError(f"Unknown document fields: {', '.join(sorted(unknown))}.")
        document = Document(created_by=by if getattr(by, "is_authenticated", False) else None)
        for name, value in values.items():
            setattr(document, name, value)
        if status:
            document.status = status
        # The related records are saved objects the caller holds, so their existence needs
        # no query each; the database's foreign keys still guard them.
        document.full_clean(
            exclude=["created_by", "library", "document_type", "opi", "parent"],
            validate_unique=False,
        )
        key = (document.library_id, document.identifier)
        if key in keys:
            raise DocumentError(f'"{document.identifier}" is given twice in {document.library}.')
        keys.add(key)
        built.append((document, many))
    if not built:
        return []
    taken = (
        Document.objects.filter(identifier__in={identifier for _, identifier in keys})
        .values_list("library_id", "identifier")
        .iterator()
    )
    for key in taken:
        if key in keys:
            raise DocumentError(f'"{key[1]}" is already used in {Library.objects.get(pk=key[0])}.')
    created = Document.objects.bulk_create([document for document, _ in built])
    for name in many_names:
        through = getattr(Document, name).through
        column = getattr(Document, name).field.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(document_id=document.pk, **{f"{column}_id": item.pk})
            for document, many in built
            for item in many[name]
        )
    plain = [name for name in AUDITED_FIELDS if name not in MANY_TO_MANY]
    for document, many in built:
        after = {
            **audit.snapshot(document, plain),
            **{name: sorted(str(item) for item in many[name]) for name in many_names},
            "related": [],
        }
        audit.record(
            actor=by,
            action="document.created",
            target=document,
            changes=audit.diff({}, {name: after[name] for name in AUDITED_FIELDS}),
        )
    documents_changed.send(sender=Document, document_ids=[document.pk for document in created])
    return created
