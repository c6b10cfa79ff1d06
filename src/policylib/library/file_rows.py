"""Every database row that names a blob in the file store, whichever app keeps it.

Documents, drafts and agreements each keep their files in rows with a `blob` (the name in the
store), a `sha256` and a `size`. Finding those models by that shape means a new kind of file is
backed up and checked without anyone remembering to add it here.
"""

from django.apps import apps
from django.db import models

FILE_FIELDS = {"blob", "sha256", "size"}


def file_models() -> list[type[models.Model]]:
    """The models whose rows name a blob, in a stable order."""
    found = [
        model
        for model in apps.get_models()
        if FILE_FIELDS.issubset(field.name for field in model._meta.concrete_fields)
    ]
    return sorted(found, key=lambda model: model._meta.label)


def stored_blobs(using: str = "default") -> list[tuple[str, str, int]]:
    """(blob name, SHA-256, size) of every file the library keeps, once each, by hash."""
    by_hash: dict[str, tuple[str, str, int]] = {}
    for model in file_models():
        rows = model._base_manager.using(using).values_list("blob", "sha256", "size")
        for blob, sha256, size in rows.iterator():
            by_hash.setdefault(sha256, (blob, sha256, size))
    return [by_hash[sha256] for sha256 in sorted(by_hash)]
