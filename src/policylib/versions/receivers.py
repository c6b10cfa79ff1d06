"""Listen to the library: versions follow what is committed."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from policylib.extraction.models import ExtractedText
from policylib.library.events import documents_changed


@receiver(documents_changed, dispatch_uid="versions.documents_changed")
def record_after_commit(sender, document_ids, **kwargs) -> None:
    from policylib.versions.services import record_changes_safely

    # After commit, so that all the changes of one transaction make one version; a change
    # that rolls back makes none.
    transaction.on_commit(partial(record_changes_safely, list(document_ids)), robust=True)


@receiver(post_save, sender=ExtractedText, dispatch_uid="versions.text_extracted")
def fill_text_of_versions(sender, instance: ExtractedText, **kwargs) -> None:
    from policylib.versions.services import fill_text

    fill_text(document_file_id=instance.file_id)


def on_revision_issued(sender, document, previous=None, **kwargs) -> None:
    """The drafting tools issued `document` as the next version of `previous`."""
    from policylib.versions.services import record_revision

    record_revision(document=document, previous=previous)


try:
    from policylib.reviews.signals import revision_issued
except ImportError:  # the drafting tools are not installed
    revision_issued = None
if revision_issued is not None:
    revision_issued.connect(on_revision_issued, dispatch_uid="versions.revision_issued")
