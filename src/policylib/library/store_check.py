"""The file store against the database: files missing or damaged, and blobs nothing names.

A blob is stored before the row that names it commits, so a process killed in between leaves a
blob no row names. The next upload of the same bytes reuses it; otherwise, once it is a day
old, `sweep_unreferenced` removes it. A day is far longer than any upload, import or restore
takes between storing a blob and committing its row, and storing the same bytes again makes
the blob fresh under the store's lock, so a blob a row is about to name is never swept.
"""

import datetime
import hashlib
import os
import time
from dataclasses import dataclass, field

from policylib.library import files
from policylib.library.file_rows import file_models

SWEEP_AFTER = datetime.timedelta(days=1)


@dataclass
class StoreReport:
    files: int = 0
    missing: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    unreferenced: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.damaged


def check_store(*, verify: bool = False) -> StoreReport:
    """Every stored-file row against its blob (its SHA-256 too, with `verify`)."""
    report = StoreReport()
    named: set[str] = set()
    for model in file_models():
        rows = model._base_manager.order_by("pk").values_list(
            "pk", "blob", "sha256", "size", "original_name"
        )
        for pk, blob, sha256, size, original_name in rows.iterator():
            report.files += 1
            named.add(blob)
            what = f"{model._meta.verbose_name} {pk} ({original_name}): {blob}"
            try:
                path = files.blob_path(blob)
                on_disk = path.stat().st_size
            except (OSError, ValueError):
                report.missing.append(what)
                continue
            if on_disk != size or (verify and _sha256(path) != sha256):
                report.damaged.append(what)
    report.unreferenced = [name for name in _stored_names() if name not in named]
    return report


def sweep_unreferenced(*, older_than: datetime.timedelta = SWEEP_AFTER) -> list[str]:
    """Remove blobs no row names that were last stored more than `older_than` ago."""
    named = {
        blob
        for model in file_models()
        for blob in model._base_manager.values_list("blob", flat=True).iterator()
    }
    candidates = [name for name in _stored_names() if name not in named]
    removed = []
    cutoff = time.time() - older_than.total_seconds()
    with files.store_lock(exclusive=True):
        for name in candidates:
            path = files.blob_path(name)
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(name)
            except FileNotFoundError:
                continue
    return removed


def _stored_names() -> list[str]:
    root = files.blob_root()
    blobs = root / "blobs"
    if not blobs.is_dir():
        return []
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _subfolders, names in os.walk(blobs)
        for name in names
    )


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(files.CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()
