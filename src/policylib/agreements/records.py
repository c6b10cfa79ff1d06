"""Agreements as records a full-text index can take, one per agreement.

The site's search does not index agreements yet. `searchable_records()` is what an index would
read: the text to match, the fields to filter and facet on (parties, type, status, expiration),
the scope (Active or Archived), and the marking and groups that decide who may see each hit.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from policylib.agreements.models import Agreement, AgreementStatus, Organization
from policylib.agreements.status import status_of

ACTIVE_STATUSES = {AgreementStatus.ACTIVE, AgreementStatus.EXPIRING}


@dataclass(frozen=True)
class AgreementRecord:
    key: str  # "agreement:<pk>", unique across record kinds
    url: str
    identifier: str
    title: str
    text: str  # purpose, parties, renewal terms and modifications, for full-text matching
    agreement_type: str
    parties: tuple[str, ...]
    owner_office: str
    status: str  # an AgreementStatus value, as of `today`
    scope: str  # "active" (Active, Expiring soon) or "archived" (Draft, Expired, Terminated)
    signed_on: datetime.date | None
    expires_on: datetime.date | None
    marking: str
    restricted_to: tuple[int, ...]  # group ids, for Restricted agreements
    draft: bool  # drafts are for library staff only


def searchable_records(
    queryset: QuerySet[Agreement] | None = None, *, today: datetime.date | None = None
) -> Iterator[AgreementRecord]:
    """Every agreement (or those of `queryset`) as an `AgreementRecord`, in a few queries."""
    agreements = (
        (Agreement.objects.all() if queryset is None else queryset)
        .select_related("agreement_type", "owner_office")
        .prefetch_related(
            Prefetch("parties", queryset=Organization.objects.order_by("name")),
            "modifications",
            "restricted_to",
        )
    )
    for agreement in agreements.order_by("pk").iterator(chunk_size=500):
        status = status_of(agreement, today=today)
        parties = tuple(party.name for party in agreement.parties.all())
        modifications = [
            f"Modification {m.number}: {m.title}. {m.description}"
            for m in agreement.modifications.all()
        ]
        yield AgreementRecord(
            key=f"agreement:{agreement.pk}",
            url=agreement.get_absolute_url(),
            identifier=agreement.identifier,
            title=agreement.title,
            text="\n".join(
                part
                for part in (
                    agreement.purpose,
                    "; ".join(parties),
                    agreement.renewal_terms,
                    *modifications,
                )
                if part
            ),
            agreement_type=agreement.agreement_type.name,
            parties=parties,
            owner_office=str(agreement.owner_office),
            status=status.value,
            scope="active" if status in ACTIVE_STATUSES else "archived",
            signed_on=agreement.signed_on,
            expires_on=agreement.expires_on,
            marking=agreement.marking,
            restricted_to=tuple(group.pk for group in agreement.restricted_to.all()),
            draft=status == AgreementStatus.DRAFT,
        )
