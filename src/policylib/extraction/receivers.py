"""Listen to the library: each stored file gets its text extracted after the upload commits."""

from functools import partial

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
    transaction.on_commit(partial(extract_file.enqueue, document_file.pk), robust=True)
