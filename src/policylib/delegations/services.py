"""Writes to the Delegations Library: positions, authorities, delegations and their rescission.

Each service runs in a transaction and records what it changed in the audit trail. What makes a
delegation well formed is checked in `check_delegation`, which the admin uses too.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from policylib.audit import services as audit
from policylib.delegations.models import Authority, Delegation, Position
from policylib.library.models import Document

AUDITED_FIELDS = [
    "identifier",
    "authority",
    "delegating_position",
    "delegated_to",
    "parent",
    "source_document",
    "source_citation",
    "limitations",
    "redelegation_permitted",
    "effective_on",
    "expires_on",
    "rescinded_on",
    "rescinded_by",
    "rescission_note",
]
EDITABLE_FIELDS = set(AUDITED_FIELDS) - {"rescinded_on", "rescinded_by", "rescission_note"}


class DelegationError(ValidationError):
    """A delegation the library refuses; the message is meant for the person who asked."""


def check_delegation(delegation: Delegation) -> None:
    """Refuse a delegation whose chain cannot be followed to a source."""
    parent = delegation.parent
    has_source = delegation.source_document_id is not None or delegation.source_citation.strip()
    if parent is None and not has_source:
        raise DelegationError(
            "Give the source of the authority: a library document, a citation, or the higher "
            "delegation this one derives from."
        )
    if parent is not None and has_source:
        raise DelegationError(
            "A delegation derives either from a higher delegation or from a source, not both; "
            "the higher delegation already names the source."
        )
    if delegation.delegating_position_id == delegation.delegated_to_id:
        raise DelegationError("A position cannot delegate authority to itself.")
    if parent is None:
        return
    if parent.authority_id != delegation.authority_id:
        raise DelegationError(
            f"The higher delegation is of another authority ({parent.authority}); "
            "a delegation passes on the authority it was given."
        )
    if parent.delegated_to_id != delegation.delegating_position_id:
        raise DelegationError(
            f"Only {parent.delegated_to}, who holds the higher delegation, can re-delegate it."
        )
    ancestor: Delegation | None = parent
    while ancestor is not None:
        if delegation.pk is not None and ancestor.pk == delegation.pk:
            raise DelegationError("A delegation cannot derive from itself.")
        ancestor = ancestor.parent


@transaction.atomic
def create_position(*, by, title: str, slug: str, **fields: Any) -> Position:
    position = Position(title=title, slug=slug, **fields)
    position.full_clean()
    position.save()
    audit.record(actor=by, action="position.created", target=position)
    return position


@transaction.atomic
def create_authority(*, by, name: str, slug: str, description: str = "") -> Authority:
    authority = Authority(name=name, slug=slug, description=description)
    authority.full_clean()
    authority.save()
    audit.record(actor=by, action="authority.created", target=authority)
    return authority


@transaction.atomic
def create_delegation(
    *,
    by,
    authority: Authority,
    delegating_position: Position,
    delegated_to: Position,
    effective_on: datetime.date,
    **fields: Any,
) -> Delegation:
    """Record a delegation of `authority`; it derives from `parent` or from a source."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise DelegationError(f"Unknown delegation fields: {', '.join(sorted(unknown))}.")
    delegation = Delegation(
        authority=authority,
        delegating_position=delegating_position,
        delegated_to=delegated_to,
        effective_on=effective_on,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **fields,
    )
    check_delegation(delegation)
    delegation.full_clean(exclude=["created_by"])
    delegation.save()
    record_created(delegation=delegation, by=by)
    return delegation


def record_created(*, delegation: Delegation, by) -> None:
    audit.record(
        actor=by,
        action="delegation.created",
        target=delegation,
        changes=audit.diff({}, audit.snapshot(delegation, AUDITED_FIELDS)),
    )


def record_change(*, delegation: Delegation, by, before: audit.Snapshot, note: str = "") -> None:
    changes = audit.diff(before, audit.snapshot(delegation, AUDITED_FIELDS))
    if changes:
        audit.record(
            actor=by, action="delegation.updated", target=delegation, changes=changes, note=note
        )


def snapshot(delegation: Delegation) -> audit.Snapshot:
    return audit.snapshot(delegation, AUDITED_FIELDS)


@transaction.atomic
def update_delegation(*, delegation: Delegation, by, note: str = "", **changes: Any) -> Delegation:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise DelegationError(
            f"These fields change only through rescind: {', '.join(sorted(unknown))}."
        )
    before = snapshot(delegation)
    for name, value in changes.items():
        setattr(delegation, name, value)
    check_delegation(delegation)
    delegation.full_clean(exclude=["created_by"])
    delegation.save()
    record_change(delegation=delegation, by=by, before=before, note=note)
    return delegation


@transaction.atomic
def rescind(
    *,
    delegation: Delegation,
    by,
    on: datetime.date,
    document: Document | None = None,
    note: str = "",
) -> Delegation:
    """Rescind a delegation from `on`. Delegations derived from it are then flagged."""
    if delegation.rescinded_on is not None:
        raise DelegationError(
            f"This delegation was already rescinded on {delegation.rescinded_on:%b %d, %Y}."
        )
    if on < delegation.effective_on:
        raise DelegationError("A delegation cannot be rescinded before it takes effect.")
    before = snapshot(delegation)
    delegation.rescinded_on = on
    delegation.rescinded_by = document
    delegation.rescission_note = note
    delegation.save()
    record_change(delegation=delegation, by=by, before=before, note=note or "Rescinded.")
    return delegation
