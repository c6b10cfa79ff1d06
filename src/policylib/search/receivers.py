"""Listen to the library: every change is queued for the index in the same transaction."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from policylib.library.events import documents_changed
from policylib.library.models import Document


@receiver(documents_changed, dispatch_uid="search.documents_changed")
def queue_changed_documents(sender, document_ids, **kwargs) -> None:
    from policylib.search.outbox import mark_changed

    mark_changed(document_ids)


@receiver(post_delete, sender=Document, dispatch_uid="search.document_deleted")
def queue_deleted_document(sender, instance: Document, **kwargs) -> None:
    from policylib.search.outbox import mark_changed

    mark_changed([instance.pk])
