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


# The site's other records (search/records.py): queued the same way, by their `ref`.


def _queue_records(refs) -> None:
    from policylib.search.outbox import mark_records_changed

    mark_records_changed(refs)


def _agreements(instance) -> list[str]:
    return [f"agreement:{pk}" for pk in instance.agreements.values_list("pk", flat=True)]


def _delegations_of_position(instance) -> list[str]:
    from django.db.models import Q

    from policylib.delegations.models import Delegation

    linked = Delegation.objects.filter(Q(delegating_position=instance) | Q(delegated_to=instance))
    return [f"delegation:{pk}" for pk in linked.values_list("pk", flat=True)]


def _connect_records() -> None:
    from django.db.models.signals import m2m_changed, post_save

    from policylib.agreements.models import Agreement, AgreementModification, Organization
    from policylib.delegations.models import Authority, Delegation, Position
    from policylib.pages.models import FrequentQuestion

    own = {
        Agreement: lambda i: [f"agreement:{i.pk}"],
        AgreementModification: lambda i: [f"agreement:{i.agreement_id}"],
        Organization: _agreements,
        Delegation: lambda i: [f"delegation:{i.pk}"],
        Position: _delegations_of_position,
        Authority: lambda i: [
            f"delegation:{pk}" for pk in i.delegations.values_list("pk", flat=True)
        ],
        FrequentQuestion: lambda i: [f"help:{i.pk}"],
    }
    for model, refs in own.items():

        def changed(sender, instance, refs=refs, **kwargs) -> None:
            _queue_records(refs(instance))

        uid = f"search.record.{model._meta.label_lower}"
        post_save.connect(changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(changed, sender=model, dispatch_uid=uid + ".delete", weak=False)

    def parties_changed(sender, instance, action, pk_set=None, **kwargs) -> None:
        if not action.startswith("post_"):
            return
        if isinstance(instance, Agreement):
            _queue_records([f"agreement:{instance.pk}"])
        else:  # an organization's agreements, or a group's restricted agreements
            _queue_records(f"agreement:{pk}" for pk in pk_set or ())

    for through in (Agreement.parties.through, Agreement.restricted_to.through):
        m2m_changed.connect(
            parties_changed, sender=through, dispatch_uid=f"search.m2m.{through._meta.label}",
            weak=False,
        )  # fmt: skip


_connect_records()
