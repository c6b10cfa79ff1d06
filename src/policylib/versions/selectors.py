"""Reads of versions. Whoever may see a document may see its versions, and no one else.

A directive's versions are the versions of its own record and of the records it revises or
that revise it: its *lineage*. A revision is a new record that supersedes the one before it;
a supersession is read as a revision when the library records it as one (the record's
`revision_of`) or when it is one-to-one (the successor supersedes only that record, and nothing
else supersedes it). A record superseded together with others, or by several, is replaced
rather than revised.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.http import Http404

from policylib.accounts.access import get_document_or_404, visible_documents
from policylib.library.models import Document, Supersession
from policylib.versions.models import DocumentVersion, TextState

MAX_LINEAGE = 200


@cache
def _library_knows_revisions() -> bool:
    try:
        Document._meta.get_field("revision_of")
    except FieldDoesNotExist:
        return False
    return True


def _revision_links(document_ids: set[int]) -> set[tuple[int, int]]:
    """(previous, next) pairs touching these documents."""
    pairs: set[tuple[int, int]] = set()
    if _library_knows_revisions():
        explicit = Document.objects.filter(pk__in=document_ids, revision_of__isnull=False) | (
            Document.objects.filter(revision_of__in=document_ids)
        )
        pairs |= {(previous, pk) for pk, previous in explicit.values_list("pk", "revision_of")}
    touching = Supersession.objects.filter(predecessor_id__in=document_ids) | (
        Supersession.objects.filter(successor_id__in=document_ids)
    )
    for predecessor, successor in touching.values_list("predecessor_id", "successor_id"):
        if (predecessor, successor) in pairs:
            continue
        successors = Supersession.objects.filter(predecessor_id=predecessor).count()
        predecessors = Supersession.objects.filter(successor_id=successor).count()
        if successors == 1 and predecessors == 1:
            pairs.add((predecessor, successor))
    return pairs


def lineage_ids(document: Document) -> list[int]:
    """The ids of the records in `document`'s lineage, oldest first."""
    previous_of: dict[int, int] = {}
    next_of: dict[int, int] = {}
    seen = {document.pk}
    frontier = {document.pk}
    while frontier and len(seen) < MAX_LINEAGE:
        found: set[int] = set()
        for before, after in _revision_links(frontier):
            previous_of.setdefault(after, before)
            next_of.setdefault(before, after)
            found |= {before, after}
        frontier = found - seen
        seen |= found
    # Walk to the oldest, then forward; a malformed loop stops at the first repeat.
    first, walked = document.pk, {document.pk}
    while first in previous_of and previous_of[first] not in walked:
        first = previous_of[first]
        walked.add(first)
    chain = [first]
    while chain[-1] in next_of and next_of[chain[-1]] not in chain:
        chain.append(next_of[chain[-1]])
    if document.pk not in chain:  # a branch the walk missed: the page still shows its own
        chain.append(document.pk)
    return chain


@dataclass
class NumberedVersion:
    """A version as the history shows it, numbered across the whole lineage.

    Each record of the lineage is a version ("2"); a change recorded later on the same record
    is numbered after it ("2.1").
    """

    number: str
    version: DocumentVersion

    @property
    def label(self) -> str:
        issued = self.version.issued_on or "no issue date"
        return f"Version {self.number}: {self.version.metadata.get('identifier', '')}, {issued}"


def _numbered(versions: list[DocumentVersion], chain: list[int]) -> list[NumberedVersion]:
    position = {pk: index for index, pk in enumerate(chain)}
    versions = sorted(versions, key=lambda v: (position[v.document_id], v.number))
    numbered, first_of_record = [], {}
    for version in versions:
        record_number = position[version.document_id] + 1
        first = first_of_record.setdefault(version.document_id, version.number)
        later = version.number - first
        numbered.append(
            NumberedVersion(f"{record_number}.{later}" if later else f"{record_number}", version)
        )
    return numbered


def document_and_versions(user, pk: int) -> tuple[Document, list[NumberedVersion]]:
    """The document (404 unless `user` may see it) and the versions of its lineage that
    `user` may see, oldest first."""
    document = get_document_or_404(user, pk)
    chain = lineage_ids(document)
    visible = set(
        visible_documents(user, Document.objects.filter(pk__in=chain)).values_list("pk", flat=True)
    )
    versions = DocumentVersion.objects.filter(document_id__in=visible).select_related(
        "primary_file", "recorded_by", "document"
    )
    # Numbered among what the reader may see, so a hidden record is not even counted.
    return document, _numbered(list(versions), [pk for pk in chain if pk in visible])


def version_of(user, pk: int, version_id: int) -> tuple[Document, NumberedVersion]:
    document, versions = document_and_versions(user, pk)
    for numbered in versions:
        if numbered.version.pk == version_id:
            fresh_text(numbered.version)
            return document, numbered
    raise Http404("No such version.")


def fresh_text(version: DocumentVersion) -> DocumentVersion:
    """The version, with its text filled in if extraction finished since it was recorded."""
    if version.text_state == TextState.PENDING and version.primary_file_id:
        from policylib.versions.services import fill_text

        if fill_text(document_file_id=version.primary_file_id):
            version.refresh_from_db()
    return version


def readable_record(user, *records: dict[str, Any]) -> list[dict[str, Any]]:
    """Versions' records as `user` may read them: each document they name is shown by its
    identifier and title when `user` may see it, and is absent otherwise."""
    from policylib.versions.services import DOCUMENT_REFERENCES

    ids = {
        value
        for record in records
        for name in DOCUMENT_REFERENCES
        if isinstance(value := record.get(name), int)
    }
    visible = (
        {d.pk: str(d) for d in visible_documents(user, Document.objects.filter(pk__in=ids))}
        if ids
        else {}
    )
    readable = []
    for record in records:
        copy = dict(record)
        for name in DOCUMENT_REFERENCES:
            if name in copy:
                # Anything but a reference the reader may follow (text kept by older versions
                # included) shows as nothing.
                value = copy[name]
                copy[name] = visible.get(value) if isinstance(value, int) else None
        readable.append(copy)
    return readable
