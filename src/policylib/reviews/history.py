"""Compare two saves of a draft: a redline of their text and a table of their records.

The comparison is the versions app's own (`policylib.versions.redline`), so a draft's history
and a document's versions read the same. The text of a save is its Markdown body followed by
the text of its file, which is extracted in the sandboxed extraction process and cached by the
file's SHA-256 (a file's bytes never change under its digest). A save keeps the documents its
record names by id; each reader is shown those they may see, as they are now.
"""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.shortcuts import get_object_or_404

from policylib.accounts.access import visible_documents
from policylib.library import files
from policylib.library.models import Document
from policylib.reviews.models import Draft, DraftFile, DraftSave
from policylib.reviews.services.common import DOCUMENT_FIELDS
from policylib.versions import redline

CACHE_SECONDS = 7 * 24 * 3600


@dataclass
class SaveText:
    text: str
    # Why the file's words are missing from `text`, when they are.
    problem: str = ""


@dataclass
class SaveComparison:
    old: DraftSave
    new: DraftSave
    fields: list[redline.FieldChange]
    text: redline.Redline
    problems: list[str] = field(default_factory=list)

    @property
    def changed_fields(self) -> list[redline.FieldChange]:
        return [f for f in self.fields if f.changed]


def get_save_or_404(draft: Draft, number: int) -> DraftSave:
    return get_object_or_404(draft.history.select_related("file", "saved_by"), number=number)


def file_text(stored: DraftFile) -> SaveText:
    """The words of a draft file (cached by its digest); a failure is said, not raised."""
    from policylib import extraction

    engine = hashlib.sha256(extraction.engine_version().encode()).hexdigest()[:16]
    key = f"policylib:draft-text:{stored.sha256}:{engine}"
    cached = cache.get(key)
    if cached is not None:
        return SaveText(cached)
    try:
        path = files.blob_path(stored.blob)
    except ValueError:
        return SaveText("", f"{stored.original_name} is not in the file store.")
    if not path.exists():
        return SaveText("", f"{stored.original_name} is missing from the file store.")
    outcome = extraction.read_file(path, stored.content_type)
    if not outcome.ok:
        name = stored.original_name
        return SaveText("", f"The text of {name} could not be read: {outcome.reason}.")
    text = "\n\n".join(outcome.pages)
    cache.set(key, text, CACHE_SECONDS)
    return SaveText(text)


def save_text(save: DraftSave) -> SaveText:
    body = (save.metadata or {}).get("body") or ""
    if save.file is None:
        return SaveText(body)
    found = file_text(save.file)
    return SaveText("\n\n".join(part for part in (body, found.text) if part), found.problem)


def shown_metadata(save: DraftSave, user) -> dict[str, Any]:
    """The record of a save as `user` may read it: the documents it names (kept by id) that
    they may see, by their identifier and title, drawn now; the others are simply absent."""
    metadata = dict(save.metadata or {})
    for name in DOCUMENT_FIELDS:
        ids = [value for value in metadata.get(name) or [] if isinstance(value, int)]
        documents = visible_documents(user, Document.objects.filter(pk__in=ids))
        metadata[name] = sorted(str(document) for document in documents)
    return metadata


def _record(save: DraftSave, user) -> dict:
    record = {name: value for name, value in shown_metadata(save, user).items() if name != "body"}
    record["file"] = (
        {"name": save.file.original_name, "sha256": save.file.sha256} if save.file else None
    )
    return record


def compare_saves(draft: Draft, old_number: int, new_number: int, *, user) -> SaveComparison:
    """Compare two saves of `draft` (by number) as `user` may read them; the earlier is always
    the base. The caller has checked that `user` may see the draft."""
    if old_number > new_number:
        old_number, new_number = new_number, old_number
    old, new = get_save_or_404(draft, old_number), get_save_or_404(draft, new_number)
    old_text, new_text = save_text(old), save_text(new)
    return SaveComparison(
        old=old,
        new=new,
        fields=redline.compare_records(_record(old, user), _record(new, user)),
        text=redline.redline(old_text.text, new_text.text),
        problems=[p for p in (old_text.problem, new_text.problem) if p],
    )
