"""Files staff upload through the web pages: checked first, then stored all together or not at all.

A file is judged by its content (`files.sniff_content_type`), never by its name: the library
takes PDF, Word (.docx), HTML and text (plain, Markdown, reStructuredText, CSV), the formats
whose text it can extract. A name that promises another format than the content holds (a
program renamed `report.pdf`) is refused too, so readers are never misled by a file's name.

Checks run before anything is stored; every file is then copied into the file store
(`services.store_file`) and attached in one transaction (`services.attach_stored`), which
audits it and queues its text extraction after the commit. An upload that fails part-way
leaves no file row, audit entry or extraction job behind.
"""

import mimetypes
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from policylib.library import archives, files, services
from policylib.library.models import Document, DocumentFile, FileRole

ACCEPTED_TYPES = {
    "application/pdf",
    files.DOCX,
    "text/html",
    "text/plain",
    "text/markdown",
    "text/x-rst",
    "text/csv",
}
ACCEPTED_DESCRIPTION = "PDF, Word (.docx), HTML, plain text or Markdown"
# What the file picker offers; the server decides from the content whatever the browser sends.
ACCEPTED_EXTENSIONS = (".pdf", ".docx", ".html", ".htm", ".txt", ".text", ".md", ".markdown",
                       ".rst", ".csv")  # fmt: skip
SNIFF_BYTES = 8192


class UploadRefused(ValueError):
    """A file the library will not take; the message says why, for the person uploading."""


def max_bytes() -> int:
    return settings.POLICYLIB_MAX_UPLOAD_BYTES


def _size(n: int) -> str:
    return filesizeformat(n).replace("\xa0", " ")


_KINDS = {
    "application/pdf": "a PDF document",
    files.DOCX: "a Word document",
    "application/msword": "an old Word document (.doc)",
    files.XLSX: "an Excel spreadsheet",
    "text/html": "an HTML page",
    "text/plain": "plain text",
    "text/markdown": "Markdown text",
    "text/x-rst": "reStructuredText",
    "text/csv": "a CSV table",
    "image/png": "a PNG image",
    "image/jpeg": "a JPEG image",
    "application/zip": "a ZIP archive",
}


def _kind(content_type: str) -> str:
    return _KINDS.get(content_type, "a program or other binary data")


def sniff(upload: UploadedFile) -> str:
    """The content type of an uploaded file, judged from its bytes."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if hasattr(upload, "temporary_file_path"):
        return files.sniff_content_type(head, upload.name, Path(upload.temporary_file_path()))
    # A small upload is held in memory; a Word file is a ZIP archive, read from a file.
    with tempfile.NamedTemporaryFile(prefix="policylib-upload-") as temp:
        shutil.copyfileobj(upload, temp)
        temp.flush()
        upload.seek(0)
        return files.sniff_content_type(head, upload.name, Path(temp.name))


def check_upload(upload: UploadedFile) -> str:
    """The content type of `upload`, or UploadRefused with the reason."""
    limit = max_bytes()
    if not upload.size:
        raise UploadRefused("the file is empty.")
    if upload.size > limit:
        raise UploadRefused(
            f"the file is {_size(upload.size)}, larger than the limit of {_size(limit)}."
        )
    upload.seek(0)
    if archives.is_zip(upload):
        # Before sniffing: reading a ZIP's directory is itself the first thing a bomb attacks.
        try:
            archives.check_archive(upload, archives.limits_from_settings())
        except archives.ArchiveRefused as refused:
            raise UploadRefused(str(refused)) from None
    content_type = sniff(upload)
    if content_type not in ACCEPTED_TYPES:
        raise UploadRefused(
            f"its content is {_kind(content_type)}, not {ACCEPTED_DESCRIPTION}. "
            "The library takes only files whose text it can read."
        )
    named_as, _ = mimetypes.guess_type(upload.name or "")
    both_text = (named_as or "").startswith("text/") and content_type.startswith("text/")
    if named_as and named_as != content_type and not both_text:
        extension = Path(upload.name or "").suffix.lower()
        raise UploadRefused(
            f"its name ends in {extension} but its content is {_kind(content_type)}. "
            "Rename it to match what it is, and upload it again."
        )
    return content_type


def refuse_archive_bombs(upload: UploadedFile) -> None:
    """A form field validator: the archive check of `services.attach_file`, as a form error."""
    upload.seek(0)
    if archives.is_zip(upload):
        try:
            archives.check_archive(upload, archives.limits_from_settings())
        except archives.ArchiveRefused as refused:
            raise ValidationError(f"{upload.name}: {refused}", code="refused") from None


@dataclass
class UploadOutcome:
    attached: list[DocumentFile] = field(default_factory=list)
    already_there: list[DocumentFile] = field(default_factory=list)


def attach_uploads(
    *, document: Document, by, uploads: Sequence[UploadedFile], role: str = FileRole.ATTACHMENT
) -> UploadOutcome:
    """Attach checked uploads to `document`, all of them or (on any error) none.

    With `role` primary there must be exactly one upload; it replaces the primary file, which
    is kept as a replaced file. Every file is copied into the store before the transaction
    opens; a file stored for an upload that then fails is reused by the next one that holds it.
    """
    if role == FileRole.PRIMARY and len(uploads) != 1:
        raise UploadRefused("Choose one file to replace the primary file.")
    stored_blobs = []
    for upload in uploads:
        upload.seek(0)
        blob = services.store_file(upload, original_name=upload.name)
        stored_blobs.append((upload.name, blob))
    outcome = UploadOutcome()
    with transaction.atomic():
        before = set(document.files.values_list("pk", flat=True))
        for name, blob in stored_blobs:
            stored = services.attach_stored(
                document=document, by=by, blob=blob, original_name=name, role=role
            )
            seen = stored.pk in before or stored in outcome.attached
            (outcome.already_there if seen else outcome.attached).append(stored)
    return outcome
