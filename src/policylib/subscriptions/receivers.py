"""Listen to the library and to versions: events for subscribers, review-by dates."""

import logging
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from policylib.audit.models import AuditEntry
from policylib.library.events import documents_changed
from policylib.library.models import Document
from policylib.subscriptions.models import ReviewPeriod
from policylib.versions.models import VersionKind
from policylib.versions.signals import version_recorded

logger = logging.getLogger(__name__)


@receiver(documents_changed, dispatch_uid="subscriptions.review_schedule")
def keep_review_dates(sender, document_ids, **kwargs) -> None:
    from policylib.subscriptions.periodic_review import sync_schedules

    # In the same transaction: the review-by date always matches the committed document.
    sync_schedules(document_ids)


@receiver(post_save, sender=ReviewPeriod, dispatch_uid="subscriptions.review_period")
def follow_review_period(sender, instance: ReviewPeriod, **kwargs) -> None:
    from policylib.subscriptions.periodic_review import resync_type

    resync_type(instance.document_type)


@receiver(post_save, sender=AuditEntry, dispatch_uid="subscriptions.lifecycle_event")
def lifecycle_event(sender, instance: AuditEntry, created: bool, **kwargs) -> None:
    from policylib.subscriptions.notify import AUDIT_EVENTS

    kind = AUDIT_EVENTS.get(instance.action)
    if not created or kind is None or not instance.target_id.isdigit():
        return
    if instance.target_type_id != ContentType.objects.get_for_model(Document).pk:
        return
    _after_commit(f"audit:{instance.pk}", int(instance.target_id), kind)


@receiver(version_recorded, dispatch_uid="subscriptions.version_recorded")
def revision_recorded(sender, version, **kwargs) -> None:
    # A later version of the same record is a revision in place; the first version of a new
    # record is announced by its issue.
    if version.kind == VersionKind.REVISED and version.number > 1:
        _after_commit(f"version:{version.pk}", version.document_id, "revised")


def _after_commit(event: str, document_id: int, kind: str) -> None:
    transaction.on_commit(partial(_enqueue, event, document_id, kind), robust=True)


def _enqueue(event: str, document_id: int, kind: str) -> None:
    from policylib.subscriptions.tasks import notify_subscribers

    notify_subscribers.enqueue(event, document_id, kind)
