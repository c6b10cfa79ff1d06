"""The text taken out of each stored file, kept so the index can be rebuilt without re-parsing."""

from django.db import models

from policylib.library.models import DocumentFile


class ExtractionState(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ExtractedText(models.Model):
    """The text of one file, page by page.

    Pages are one JSON list rather than a row per page: the text is always read whole (to
    index a document) and never queried by page in SQL, so one compressed (TOAST) value per
    file beats millions of page rows and their index at 100,000 documents on PostgreSQL.
    Snippets come from the search index, which keeps its own copy of each page.
    """

    file = models.OneToOneField(
        DocumentFile, on_delete=models.CASCADE, related_name="extracted_text"
    )
    state = models.CharField(
        max_length=10,
        choices=ExtractionState.choices,
        default=ExtractionState.PENDING,
        db_index=True,
    )
    reason = models.CharField(max_length=300, blank=True, help_text="Why extraction failed.")
    # Pending until OCR can run (Tesseract missing): `policylib extract --pending-ocr` redoes
    # these files, and the worker's recovery leaves them alone.
    needs_ocr = models.BooleanField(
        default=False, db_index=True, help_text="Scanned pages wait for OCR."
    )
    ocr_page_count = models.PositiveIntegerField(
        default=0, help_text="Pages whose text was recognised from a scan."
    )
    page_count = models.PositiveIntegerField(default=0)
    pages = models.JSONField(default=list, blank=True, help_text="The text of each page.")
    char_count = models.PositiveBigIntegerField(default=0)
    extracted_at = models.DateTimeField(null=True, blank=True)
    engine_version = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "extracted text"
        verbose_name_plural = "extracted texts"

    def __str__(self) -> str:
        return f"Text of {self.file}"

    @property
    def label(self) -> str:
        """How staff read the state: "done", "pending", "needs OCR: <why>" or "failed: <reason>".

        A done file may add what OCR found or why it failed: "done; text recognised from a scan".
        """
        if self.state == ExtractionState.FAILED:
            return f"failed: {self.reason}" if self.reason else "failed"
        if self.state == ExtractionState.PENDING and self.needs_ocr:
            return self.reason or "needs OCR"
        if self.state == ExtractionState.DONE and self.reason:
            return f"done; {self.reason}"
        if self.state == ExtractionState.DONE and self.ocr_page_count:
            return f"done; {self.from_scan_label}"
        return self.state

    @property
    def from_scan(self) -> bool:
        """Whether any of the text readers find came from OCR of a scan."""
        return self.state == ExtractionState.DONE and self.ocr_page_count > 0

    @property
    def from_scan_label(self) -> str:
        pages = self.ocr_page_count
        if pages == self.page_count:
            return "text recognised from a scan"
        return f"text recognised from a scan ({pages} of {self.page_count} pages)"
