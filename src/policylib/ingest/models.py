"""What bulk imports remember: each run, and the manifest row each document last came from."""

from django.conf import settings
from django.db import models

from policylib.library.models import Document


class ImportRun(models.Model):
    """One `policylib import`: started, and finished unless it was interrupted."""

    manifest = models.CharField(max_length=1000, help_text="The manifest file, as given.")
    manifest_sha256 = models.CharField(max_length=64, db_index=True)
    folder = models.CharField(max_length=1000)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # The first problems, for the administration pages (the command prints all of them).
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "import run"

    def __str__(self) -> str:
        return f"Import of {self.manifest} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def interrupted(self) -> bool:
        return self.finished_at is None


class ImportedRow(models.Model):
    """The manifest row a document was last imported from.

    Written in the same transaction as the document, so after a crash a row is either fully
    imported and remembered or neither. The fingerprint covers the row's cells and the SHA-256
    of its files: an equal fingerprint means the row is unchanged and is skipped.
    """

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    # The status the manifest gave, so a later import changes the status only when the
    # manifest does (and not when the library moved the document on since).
    status = models.CharField(max_length=20, blank=True)
    run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL, related_name="+")
    line = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "imported row"

    def __str__(self) -> str:
        return f"Line {self.line} → document {self.document_id}"
