"""The search outbox: documents whose index entry must be refreshed."""

from django.db import models


class IndexOutbox(models.Model):
    """A document to re-index, written in the same transaction as the change itself.

    Not a foreign key: the row must outlive a deleted document, whose entry is then removed.
    """

    document_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "index outbox entry"
        verbose_name_plural = "index outbox"

    def __str__(self) -> str:
        return f"Re-index document {self.document_id}"
