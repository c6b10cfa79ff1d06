"""Recording versions. `record_version` is the one write; the rest keep it in step.

A version is taken when a document is first seen issued and whenever its issued content (the
record, its own text or its files) changes afterwards. Several changes committed together make
one version. Drafts have no versions: their history belongs to the drafting tools.
"""

import hashlib
import json
import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from policylib.audit import services as audit
from policylib.library.models import Document, DocumentFile, FileRole, Status
from policylib.versions.models import DocumentVersion, TextState, VersionKind
from policylib.versions.signals import version_recorded

logger = logging.getLogger(__name__)

# The parts of a document's record a version keeps (status, links and the review date are
# the document's life, not its content).
RECORDED_FIELDS = [
    "library",
    "identifier",
    "title",
    "summary",
    "document_type",
    "opi",
    "source",
    "signatory_name",
    "signatory_title",
    "issued_on",
    "effective_on",
    "marking",
    "restricted_to",
    "subjects",
    "categories",
]
# Fields naming another document. A version keeps the document's id, never its title: who may
# see that document is decided when the version is shown (`selectors.readable_record`).
DOCUMENT_REFERENCES = ["parent"]


def was_issued(document: Document) -> bool:
    """Has `document` been published? Drafts, and drafts cancelled unissued, have not."""
    if document.status == Status.DRAFT:
        return False
    return document.status == Status.CURRENT or document.issued_on is not None


def _file_record(document_file: DocumentFile) -> dict[str, Any]:
    return {
        "name": document_file.original_name,
        "size": document_file.size,
        "sha256": document_file.sha256,
    }


def take_snapshot(document: Document) -> dict[str, Any]:
    """The document's content as a version keeps it."""
    files = list(document.files.exclude(role=FileRole.REPLACED).order_by("role", "order", "id"))
    primary = next((f for f in files if f.role == FileRole.PRIMARY), None)
    return {
        "metadata": {
            **audit.snapshot(document, RECORDED_FIELDS),
            **{name: getattr(document, f"{name}_id") for name in DOCUMENT_REFERENCES},
            "file": _file_record(primary) if primary else None,
            "attachments": [_file_record(f) for f in files if f.role == FileRole.ATTACHMENT],
        },
        "body": document.body or "",
        "primary_file": primary,
    }


def _fingerprint(snapshot: dict[str, Any]) -> str:
    content = {"metadata": snapshot["metadata"], "body": snapshot["body"]}
    encoded = json.dumps(content, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def _content_changed(previous: DocumentVersion, snapshot: dict[str, Any]) -> bool:
    """Did the words change (file or own text), rather than only the record around them?"""
    before, after = previous.metadata, snapshot["metadata"]
    return (
        previous.body != snapshot["body"]
        or before.get("file") != after.get("file")
        or before.get("attachments") != after.get("attachments")
    )


def _is_empty(version: DocumentVersion) -> bool:
    return version.primary_file_id is None and not version.body.strip()


def _same_record(version: DocumentVersion, snapshot: dict[str, Any]) -> bool:
    """Is the record (files aside) the one `version` already holds?"""
    files = {"file", "attachments"}

    def strip(metadata: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in metadata.items() if k not in files}

    return strip(version.metadata) == strip(snapshot["metadata"])


def _extracted(document_file: DocumentFile | None) -> tuple[str, str]:
    """The file's text and its state, as far as extraction has got."""
    if document_file is None:
        return "", TextState.NONE
    from policylib.extraction.models import ExtractedText, ExtractionState

    extracted = ExtractedText.objects.filter(file=document_file).first()
    if extracted is None or extracted.state == ExtractionState.PENDING:
        return "", TextState.PENDING
    if extracted.state == ExtractionState.FAILED:
        return "", TextState.FAILED
    return pages_to_text(extracted.pages), TextState.DONE


def pages_to_text(pages: Iterable[str]) -> str:
    # PostgreSQL text cannot hold NUL; nothing a reader sees is lost by dropping it.
    return "\n\n".join(page.replace("\x00", "") for page in pages if page)


def record_version(
    *, document: Document, by, note: str = "", kind: str | None = None
) -> DocumentVersion | None:
    """Record the document as it is now, unless its latest version already says the same.

    Returns the new version, or the latest one when nothing changed, or None for a document
    that was never issued. `kind` is decided from the change unless given ("revised" for the
    issue of a revision).
    """
    return _record(document=document, by=by, note=note, kind=kind)[0]


@transaction.atomic
def _record(
    *, document: Document, by, note: str = "", kind: str | None = None
) -> tuple[DocumentVersion | None, bool]:
    """`record_version`, also telling whether anything was stored."""
    # One writer at a time per document, so version numbers never collide.
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not was_issued(document):
        return None, False
    snapshot = take_snapshot(document)
    fingerprint = _fingerprint(snapshot)
    latest = document.versions.order_by("-number").first()
    if latest is not None and latest.fingerprint == fingerprint:
        if note and not latest.note:
            latest.note = note
            latest.save(update_fields=["note"])
        return latest, False
    text, text_state = _extracted(snapshot["primary_file"])
    values = {
        "metadata": snapshot["metadata"],
        "body": snapshot["body"],
        "primary_file": snapshot["primary_file"],
        "text": text,
        "text_state": text_state,
        "fingerprint": fingerprint,
    }
    if latest is not None and _is_empty(latest) and _same_record(latest, snapshot):
        # A record issued before its file arrived: the first content completes that version
        # rather than leaving an empty one in the history.
        for name, value in values.items():
            setattr(latest, name, value)
        latest.save()
        return latest, True
    if kind is None:
        if latest is None:
            kind = VersionKind.ISSUED
        elif _content_changed(latest, snapshot):
            kind = VersionKind.REVISED
        else:
            kind = VersionKind.UPDATED
    version = DocumentVersion.objects.create(
        document=document,
        number=(latest.number + 1) if latest else 1,
        kind=kind,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
        note=note,
        **values,
    )
    version_recorded.send(sender=DocumentVersion, version=version)
    return version, True


@transaction.atomic
def record_revision(
    *, document: Document, previous: Document | None, by=None, note: str = ""
) -> DocumentVersion | None:
    """`document` was issued as the next version of `previous`: record both.

    Called by the drafting tools (through their `revision_issued` signal) inside the issuing
    transaction. The link between the two is the library's (the supersession and the record's
    `revision_of`).
    """
    if by is None:
        latest_entry = audit.entries_for(document).first()
        by = latest_entry.actor if latest_entry else None
    if previous is not None and previous.pk != document.pk and not previous.versions.exists():
        record_version(document=previous, by=None)
    kind = VersionKind.REVISED if previous is not None else None
    return record_version(document=document, by=by, note=note, kind=kind)


# Audit actions whose note names another document, and what a version says instead.
NOTES_NAMING_OTHERS = {"document.superseded": "Superseded."}


def record_changes(document_ids: Iterable[int]) -> list[DocumentVersion]:
    """Bring the versions of these documents up to date (run after their change commits).

    Returns the versions stored. The person who made the change is taken from the audit
    trail's latest entry.
    """
    recorded = []
    for document in Document.objects.filter(pk__in=set(document_ids)):
        if not was_issued(document):
            continue
        latest_entry = audit.entries_for(document).first()
        by = latest_entry.actor if latest_entry else None
        note = latest_entry.note if latest_entry and latest_entry.note else ""
        if latest_entry and latest_entry.action in NOTES_NAMING_OTHERS:
            # The trail's note names the other document ("Superseded by …"), which not every
            # reader of this one may see; the version keeps only what happened.
            note = NOTES_NAMING_OTHERS[latest_entry.action]
        version, stored = _record(document=document, by=by, note=note)
        if stored and version is not None:
            recorded.append(version)
    return recorded


def record_changes_safely(document_ids: list[int]) -> None:
    """`record_changes` for an after-commit hook: a failure is logged, never raised."""
    try:
        record_changes(document_ids)
    except Exception:
        # The change itself is committed; `policylib versions record` catches up later.
        logger.exception("Could not record versions of documents %s", document_ids)


def fill_text(*, document_file_id: int) -> int:
    """Give versions of this file the text extraction found. Returns how many changed."""
    document_file = DocumentFile.objects.filter(pk=document_file_id).first()
    text, state = _extracted(document_file)
    if state == TextState.PENDING:
        return 0
    return DocumentVersion.objects.filter(
        primary_file_id=document_file_id, text_state=TextState.PENDING
    ).update(text=text, text_state=state)


def record_missing(batch: int = 500) -> int:
    """Record a version of every issued document that has none, or whose content moved on."""
    count = 0
    ids = Document.objects.exclude(status=Status.DRAFT).values_list("pk", flat=True)
    pending: list[int] = []
    for pk in ids.iterator():
        pending.append(pk)
        if len(pending) >= batch:
            count += len(record_changes(pending))
            pending = []
    if pending:
        count += len(record_changes(pending))
    return count
