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
        """How staff read the state: "done", "pending" or "failed: <reason>"."""
        if self.state == ExtractionState.FAILED:
            return f"failed: {self.reason}" if self.reason else "failed"
        return self.state
