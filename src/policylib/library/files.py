"""Where the bytes of documents live: content-addressed blobs under the data folder.

A blob is named by its SHA-256, so the same file uploaded twice is stored once, and a blob is
written to a temporary name, flushed to disk and then renamed, so a crash never leaves a
half-written file under a real name.
"""

import hashlib
import mimetypes
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

CHUNK_SIZE = 1024 * 1024


class FileTooLarge(ValueError):
    pass


@dataclass(frozen=True)
class StoredBlob:
    name: str
    sha256: str
    size: int
    content_type: str


def blob_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def blob_path(name: str) -> Path:
    path = (blob_root() / name).resolve()
    if blob_root().resolve() not in path.parents:
        raise ValueError("Blob name leaves the file store.")
    return path


def store(stream: BinaryIO, *, original_name: str, max_bytes: int | None = None) -> StoredBlob:
    """Copy `stream` into the blob store and describe what was stored."""
    root = blob_root()
    incoming = root / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    head = b""
    fd, temp_name = tempfile.mkstemp(dir=incoming)
    try:
        with os.fdopen(fd, "wb") as temp:
            while chunk := stream.read(CHUNK_SIZE):
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise FileTooLarge(
                        f"The file is larger than the limit of {max_bytes // (1024 * 1024)} MB."
                    )
                if len(head) < 8192:
                    head += chunk[: 8192 - len(head)]
                digest.update(chunk)
                temp.write(chunk)
            temp.flush()
            os.fsync(temp.fileno())
        sha256 = digest.hexdigest()
        name = f"blobs/{sha256[:2]}/{sha256}"
        final = blob_path(name)
        if final.exists() and final.stat().st_size == size:
            os.unlink(temp_name)
        else:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp_name, final)
        content_type = sniff_content_type(head, original_name, final)
        return StoredBlob(name=name, sha256=sha256, size=size, content_type=content_type)
    except BaseException:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
        raise


def open_blob(name: str) -> BinaryIO:
    return blob_path(name).open("rb")


def iter_blob(name: str) -> Iterator[bytes]:
    with open_blob(name) as handle:
        while chunk := handle.read(CHUNK_SIZE):
            yield chunk


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sniff_content_type(head: bytes, original_name: str, path: Path) -> str:
    """The content type judged from the bytes; the name is only a hint for plain text."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith((b"\xd0\xcf\x11\xe0",)):
        return "application/msword"
    if head.startswith((b"\x89PNG",)):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if _looks_like_text(head):
        guessed, _ = mimetypes.guess_type(original_name)
        if guessed in {"text/html", "text/markdown", "text/csv", "text/x-rst"}:
            return guessed
        if original_name.lower().endswith((".md", ".markdown")):
            return "text/markdown"
        if original_name.lower().endswith(".rst"):
            return "text/x-rst"
        return "text/plain"
    return "application/octet-stream"


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist()[:2000])
    except (zipfile.BadZipFile, OSError):
        return "application/octet-stream"
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return "application/zip"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 4:
            try:
                head.decode("latin-1")
            except UnicodeDecodeError:
                return False
            control = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
            return control < len(head) * 0.01
    return True


_KINDS = {
    "application/pdf": "PDF document",
    DOCX: "Word document",
    "application/msword": "Word document",
    XLSX: "Excel spreadsheet",
    "text/plain": "Plain text",
    "text/markdown": "Markdown text",
    "text/x-rst": "reStructuredText",
    "text/html": "HTML page",
    "text/csv": "CSV table",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "application/zip": "ZIP archive",
}


def describe_content_type(content_type: str) -> str:
    return _KINDS.get(content_type, "File")
