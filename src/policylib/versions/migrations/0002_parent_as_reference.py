"""Versions name their parent document by id, not by its text.

Older versions kept the parent as "identifier: title", shown to anyone who could read the
version. Each is turned into the parent's id where the document can still be found (the
document's own parent, or a document of that identifier in its library), and dropped
otherwise. The fingerprint of a changed version is computed again, so the next save of a
document whose parent is unchanged still matches its latest version and records nothing.

Notes that named the successor ("Superseded by …") keep only what happened.
"""

import hashlib
import json

from django.db import migrations


def _text(document) -> str:
    # Document.__str__ as it was when the text was stored.
    if document.identifier != document.title:
        return f"{document.identifier}: {document.title}"
    return document.title


def _fingerprint(metadata: dict, body: str) -> str:
    # services._fingerprint, frozen here as it stands for this migration.
    content = {"metadata": metadata, "body": body}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _find_parent(Document, document, text: str) -> int | None:
    if document.parent_id:
        parent = Document.objects.filter(pk=document.parent_id).first()
        if parent is not None and _text(parent) == text:
            return parent.pk
    # The identifier is the text up to one of its ": " (identifiers may hold ": " themselves).
    identifiers = {text} | {text[:at] for at in range(len(text)) if text.startswith(": ", at)}
    candidates = list(
        Document.objects.filter(library_id=document.library_id, identifier__in=identifiers)
        .exclude(pk=document.pk)
        .order_by("-version", "-pk")
    )
    exact = [c for c in candidates if _text(c) == text]
    for group in (exact, candidates):
        if any(c.pk == document.parent_id for c in group):
            return document.parent_id
        if group:
            return group[0].pk
    return None


def forwards(apps, schema_editor) -> None:
    Document = apps.get_model("library", "Document")
    DocumentVersion = apps.get_model("versions", "DocumentVersion")
    versions = DocumentVersion.objects.select_related("document").order_by("pk")
    for version in versions.iterator(chunk_size=500):
        changed = []
        metadata = version.metadata or {}
        parent = metadata.get("parent")
        if parent is not None and not isinstance(parent, int):
            metadata["parent"] = _find_parent(Document, version.document, str(parent))
            version.fingerprint = _fingerprint(metadata, version.body)
            changed += ["metadata", "fingerprint"]
        if version.note.startswith("Superseded by "):
            version.note = "Superseded."
            changed.append("note")
        if changed:
            version.metadata = metadata
            version.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_document_versions"),
        ("versions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
