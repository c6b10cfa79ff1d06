"""The versions of issued documents: what each issue or revision said, kept for good."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from policylib.library.models import Document, DocumentFile


class VersionKind(models.TextChoices):
    ISSUED = "issued", "Issued"
    REVISED = "revised", "Revised"
    UPDATED = "updated", "Record updated"


class TextState(models.TextChoices):
    PENDING = "pending", "Text not extracted yet"
    DONE = "done", "Text extracted"
    FAILED = "failed", "Text could not be extracted"
    NONE = "none", "No file"


class DocumentVersion(models.Model):
    """One version of an issued document: its record, its file and the file's text.

    A version is never changed after the fact, except that its text is filled in when the
    extraction of its file finishes.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=VersionKind.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    metadata = models.JSONField(default=dict, help_text="The document's record at this version.")
    body = models.TextField(blank=True, help_text="The document's own text (Markdown), if any.")
    primary_file = models.ForeignKey(
        DocumentFile, null=True, blank=True, on_delete=models.PROTECT, related_name="versions"
    )
    text = models.TextField(blank=True, help_text="The text extracted from the file.")
    text_state = models.CharField(max_length=10, choices=TextState.choices, default=TextState.NONE)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the recorded content.")

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="version_number_unique_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document.identifier}, version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("versions:version", args=[self.document_id, self.pk])

    @property
    def full_text(self) -> str:
        """What a redline compares: the document's own text, then its file's."""
        return "\n\n".join(part for part in (self.body.strip(), self.text.strip()) if part)

    @property
    def title(self) -> str:
        return self.metadata.get("title") or ""

    @property
    def issued_on(self) -> str | None:
        return self.metadata.get("issued_on")
