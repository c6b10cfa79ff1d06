"""The search outbox: documents whose index entry must be refreshed, per index node."""

from django.db import models


class IndexNode(models.Model):
    """A search index folder and the worker that keeps it: one per machine serving the library.

    Every node receives every change through its own outbox rows, so nodes sharing one
    database (the way to scale past one machine) each converge on their own.
    """

    name = models.CharField(max_length=500, unique=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "index node"

    def __str__(self) -> str:
        return self.name


class IndexOutbox(models.Model):
    """A document a node must re-index, written in the same transaction as the change itself.

    The document is not a foreign key: the row must outlive a deleted document, whose entry is
    then removed.
    """

    node = models.ForeignKey(IndexNode, on_delete=models.CASCADE, related_name="outbox")
    document_id = models.BigIntegerField(null=True, blank=True)
    # Or another record of the site, as "agreement:12" (see search/records.py).
    record = models.CharField(max_length=60, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "index outbox entry"
        verbose_name_plural = "index outbox"
        indexes = [models.Index(fields=["node", "id"], name="search_outbox_node_order")]

    def __str__(self) -> str:
        return f"Re-index {self.record or self.document_id} on {self.node_id}"
