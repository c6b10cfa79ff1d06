"""A save in a draft's history keeps the documents it supersedes by id, not by their title.

Saves made before kept each document as its text ("identifier: title"). Each text is matched to
the document it names (preferring one the draft still supersedes); a text that names no document
any more is dropped, so no title stays copied in the history.
"""

from django.db import migrations
from django.db.models import Q


def _text(document) -> str:
    # Document.__str__, which historical models do not have.
    if document.identifier != document.title:
        return f"{document.identifier}: {document.title}"
    return document.title


def _candidates(Document, text: str):
    """Documents whose text is `text`: the identifier and the title around any ": "."""
    names = Q(identifier=text, title=text)
    start = text.find(": ")
    while start != -1:
        names |= Q(identifier=text[:start], title=text[start + 2 :])
        start = text.find(": ", start + 1)
    return [document for document in Document.objects.filter(names) if _text(document) == text]


def texts_to_ids(apps, schema_editor) -> None:
    Document = apps.get_model("library", "Document")
    DraftSave = apps.get_model("reviews", "DraftSave")
    for save in DraftSave.objects.select_related("draft").iterator():
        values = (save.metadata or {}).get("supersedes")
        if not values or all(isinstance(value, int) for value in values):
            continue
        current = set(save.draft.supersedes.values_list("pk", flat=True))
        ids = set()
        for value in values:
            if isinstance(value, int):
                ids.add(value)
                continue
            found = _candidates(Document, str(value))
            if found:
                preferred = [d for d in found if d.pk in current] or found
                ids.add(max(preferred, key=lambda d: (d.version, d.pk)).pk)
        save.metadata["supersedes"] = sorted(ids)
        save.save(update_fields=["metadata"])


def ids_to_texts(apps, schema_editor) -> None:
    Document = apps.get_model("library", "Document")
    DraftSave = apps.get_model("reviews", "DraftSave")
    for save in DraftSave.objects.iterator():
        values = (save.metadata or {}).get("supersedes")
        if not values:
            continue
        ids = [value for value in values if isinstance(value, int)]
        texts = [value for value in values if not isinstance(value, int)]
        texts += [_text(document) for document in Document.objects.filter(pk__in=ids)]
        save.metadata["supersedes"] = sorted(texts)
        save.save(update_fields=["metadata"])


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_document_versions"),
        ("reviews", "0002_due_reminders"),
    ]

    operations = [migrations.RunPython(texts_to_ids, ids_to_texts)]
