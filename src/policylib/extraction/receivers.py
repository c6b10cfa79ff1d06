"""Listen to the library: each stored file gets its text extracted after the upload commits."""

from django.db import transaction
from django.dispatch import receiver

from policylib.library.events import file_stored


@receiver(file_stored, dispatch_uid="extraction.file_stored")
def queue_extraction(sender, document_file, **kwargs) -> None:
    from policylib.extraction.services import mark_pending
    from policylib.extraction.tasks import extract_file

    mark_pending(document_file=document_file)
    # After commit: the worker must see the file row, and a rolled-back upload extracts nothing.
    # Robust: the upload is saved whatever happens here; should queuing fail (a locked
    # database), the text stays pending and the worker's recovery queues it (recovery.py).
    # (A plain function: Django names the callback when it logs a failure, which a partial lacks.)
    file_id = document_file.pk

    def enqueue() -> None:
        extract_file.enqueue(file_id)

    transaction.on_commit(enqueue, robust=True)
