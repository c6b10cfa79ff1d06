"""Delegations as records a full-text index can take, one per delegation.

The site's search does not index delegations yet. `searchable_records()` is what an index would
read: the text to match (authority, positions and holders, limitations, source), the scope
(Active: in force or not yet; Archived: expired or rescinded) and whether its chain is broken.
Delegations carry no marking; a cited document keeps its own, so only its id is given here.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from policylib.delegations.chains import build_forest, nodes_by_id
from policylib.delegations.models import Delegation
from policylib.delegations.selectors import RELATED


@dataclass(frozen=True)
class DelegationRecord:
    key: str  # "delegation:<pk>", unique across record kinds
    url: str
    title: str  # "<authority>: <delegating position> to <delegated-to position>"
    text: str
    authority: str
    delegating_position: str
    delegated_to: str
    holder: str  # the current holder of the delegated-to position
    state: str  # in force, not yet in force, expired, rescinded
    scope: str  # "active" or "archived"
    broken_chain: bool
    effective_on: datetime.date
    expires_on: datetime.date | None
    source_document_id: int | None  # shown to a reader only if they may open it


def searchable_records(
    queryset: QuerySet[Delegation] | None = None, *, today: datetime.date | None = None
) -> Iterator[DelegationRecord]:
    """Every delegation (or those of `queryset`) as a `DelegationRecord`.

    Whether a chain is broken depends on the other links of its authority, so the forests of
    every authority involved are built once, from all their delegations.
    """
    today = today or timezone.localdate()
    wanted = Delegation.objects.all() if queryset is None else queryset
    authority_ids = wanted.values("authority_id")
    everything = Delegation.objects.filter(authority_id__in=authority_ids).select_related(*RELATED)
    nodes = nodes_by_id(build_forest(everything, today))
    for pk in wanted.order_by("pk").values_list("pk", flat=True):
        node = nodes[pk]
        delegation = node.delegation
        yield DelegationRecord(
            key=f"delegation:{delegation.pk}",
            url=delegation.get_absolute_url(),
            title=(
                f"{delegation.authority}: {delegation.delegating_position} to "
                f"{delegation.delegated_to}"
            ),
            text="\n".join(
                part
                for part in (
                    delegation.identifier,
                    delegation.authority.description,
                    delegation.limitations,
                    delegation.source_citation,
                    delegation.delegated_to.holder_name,
                )
                if part
            ),
            authority=delegation.authority.name,
            delegating_position=delegation.delegating_position.title,
            delegated_to=delegation.delegated_to.title,
            holder=delegation.delegated_to.holder,
            state=node.state.value,
            scope="archived" if node.state.ended else "active",
            broken_chain=node.flagged,
            effective_on=delegation.effective_on,
            expires_on=delegation.expires_on,
            source_document_id=delegation.source_document_id,
        )
