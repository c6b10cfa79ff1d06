"""Where the bytes of documents live: content-addressed blobs under the data folder.

A blob is named by its SHA-256, so the same file uploaded twice is stored once, and a blob is
written to a temporary name, flushed to disk and then renamed, so a crash never leaves a
half-written file under a real name.
"""

import errno
import fcntl
import hashlib
import mimetypes
import os
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from policylib.env import PRIVATE_FILE, private_folder

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


def incoming_dir() -> Path:
    """Where blobs and uploads are written before they are whole (swept by `sweep_incoming`)."""
    return private_folder(blob_root() / "incoming")


def hold(handle: BinaryIO, path: str | os.PathLike) -> bool:
    """Lock a temporary file for as long as this process keeps it open.

    The lock tells `sweep_incoming` that the file's writer is alive; the kernel drops it when
    the process dies, however it dies. False if a sweep removed the file before it was locked:
    the caller starts again with a new one.
    """
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    try:
        return os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
    except FileNotFoundError:
        return False


def sweep_incoming() -> list[str]:
    """Delete the temporary files no live process holds: the remains of a killed upload."""
    removed = []
    for path in sorted(incoming_dir().iterdir()):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if stat.S_ISREG(os.fstat(fd).st_mode) and os.stat(path).st_ino == os.fstat(fd).st_ino:
                os.unlink(path)
                removed.append(path.name)
        except OSError:
            continue  # held by its writer (BlockingIOError), or already gone
        finally:
            os.close(fd)
    return removed


@contextmanager
def store_lock(*, exclusive: bool) -> Iterator[None]:
    """Storing takes this lock shared; sweeping unreferenced blobs takes it exclusive."""
    lock = private_folder(blob_root()) / ".store.lock"
    fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
    with os.fdopen(fd, "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield


def store(stream: BinaryIO, *, original_name: str, max_bytes: int | None = None) -> StoredBlob:
    """Copy `stream` into the blob store and describe what was stored.

    A full disk (or any other write error) raises OSError and leaves nothing behind.
    """
    incoming = incoming_dir()
    digest = hashlib.sha256()
    size = 0
    head = b""
    while True:
        fd, temp_name = tempfile.mkstemp(dir=incoming)
        temp = os.fdopen(fd, "wb")
        if hold(temp, temp_name):
            break
        temp.close()
    try:
        with temp:
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
            # Renamed while still locked, so a sweep never takes a finished file for an orphan;
            # and under the store's shared lock, so a blob is never swept as it is reused.
            with store_lock(exclusive=False):
                if final.exists() and final.stat().st_size == size:
                    # The same bytes are stored already (perhaps by an upload that never
                    # committed): fresh again, so the unreferenced-blob sweep leaves it be.
                    os.unlink(temp_name)
                    os.utime(final)
                else:
                    private_folder(final.parent)
                    os.replace(temp_name, final)
        content_type = sniff_content_type(head, original_name, final)
        return StoredBlob(name=name, sha256=sha256, size=size, content_type=content_type)
    except BaseException:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
        raise


def is_disk_full(error: BaseException) -> bool:
    """Whether a write failed for want of space (a full disk or a used-up quota)."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


DISK_FULL = (
    "the library's file store is full. The files already in the library are safe; "
    "ask an administrator to free space, then upload again."
)


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
