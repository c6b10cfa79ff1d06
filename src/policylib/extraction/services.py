"""Extract a stored file's text and tell the search index about it."""

import logging

from django.db import transaction
from django.utils import timezone

from policylib.extraction import runner
from policylib.extraction.models import ExtractedText, ExtractionState
from policylib.library.files import blob_path
from policylib.library.models import Document, DocumentFile, FileRole

logger = logging.getLogger(__name__)


def mark_pending(*, document_file: DocumentFile) -> ExtractedText:
    """Record that a file's text is awaited (in the caller's transaction)."""
    extracted, _ = ExtractedText.objects.update_or_create(
        file=document_file,
        defaults={"state": ExtractionState.PENDING, "reason": "", "needs_ocr": False},
    )
    return extracted


def extract_file_now(*, document_file_id: int) -> ExtractedText | None:
    """Extract one file and store the outcome. Never raises for a bad file.

    The slow part runs outside any transaction; the result and the search outbox row for the
    document are written together, so the index always learns of new text.
    """
    document_file = DocumentFile.objects.filter(pk=document_file_id).first()
    if document_file is None:
        return None
    try:
        path = blob_path(document_file.blob)
    except ValueError:
        path = None
    if path is None or not path.is_file():
        outcome = runner.Outcome(None, "the stored file is missing")
    else:
        outcome = runner.run(path, document_file.content_type)
    pages = outcome.pages or []
    with transaction.atomic():
        extracted, _ = ExtractedText.objects.select_for_update().get_or_create(file=document_file)
        if outcome.needs_ocr:
            # Pending, not failed: versions of the file wait for the text OCR will give.
            extracted.state = ExtractionState.PENDING
        else:
            extracted.state = ExtractionState.DONE if outcome.ok else ExtractionState.FAILED
        extracted.reason = outcome.reason
        extracted.needs_ocr = bool(outcome.needs_ocr)
        extracted.ocr_page_count = len(outcome.ocr_pages)
        extracted.pages = pages
        extracted.page_count = len(pages)
        extracted.char_count = sum(len(page) for page in pages)
        extracted.extracted_at = timezone.now()
        extracted.engine_version = runner.engine_version()
        extracted.attempts += 1
        extracted.save()
        _tell_search(document_file.document_id)
    if not outcome.ok and not outcome.needs_ocr:
        logger.info("Text extraction of file %s failed: %s", document_file.pk, outcome.reason)
    return extracted


def _tell_search(document_id: int) -> None:
    from policylib import search

    search.mark_changed([document_id])


def state_for(document: Document) -> str:
    """The text-extraction state of a document's current files, for staff.

    "done", "pending", "needs OCR: <why>", "failed: <reason>", several of these by file name,
    or "no files".
    """
    files = list(document.files.exclude(role=FileRole.REPLACED).select_related("extracted_text"))
    if not files:
        return "no files"
    labels: list[tuple[str, str]] = []
    for document_file in files:
        extracted = getattr(document_file, "extracted_text", None)
        labels.append(
            (document_file.original_name, extracted.label if extracted else "not extracted")
        )
    distinct = {label for _, label in labels}
    if len(distinct) == 1:
        return labels[0][1]
    return "; ".join(f"{name}: {label}" for name, label in labels)
