"""Writes to the MOA/MOU Library: agreements, their stage, modifications and files.

Each service runs in a transaction and records what it changed in the audit trail. The stage
(Draft → Signed → Terminated) changes only through `sign` and `terminate`.
"""

import datetime
from collections.abc import Iterable
from typing import Any, BinaryIO

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Max

from policylib.agreements.models import (
    Agreement,
    AgreementFile,
    AgreementModification,
    Organization,
    Stage,
)
from policylib.audit import services as audit
from policylib.library import archives, files
from policylib.library.services import _safe_name  # the same naming rule as documents' files

AUDITED_FIELDS = [
    "identifier",
    "title",
    "agreement_type",
    "parties",
    "purpose",
    "owner_office",
    "contact_name",
    "contact_email",
    "contact_phone",
    "stage",
    "signed_on",
    "effective_on",
    "expires_on",
    "renewal_terms",
    "terminated_on",
    "termination_note",
    "marking",
    "restricted_to",
]
MANY_TO_MANY = {"parties", "restricted_to"}
EDITABLE_FIELDS = set(AUDITED_FIELDS) - {"stage", "terminated_on", "termination_note"}


class AgreementError(ValueError):
    """A change the library refuses; the message is meant for the person who asked."""


def snapshot(agreement: Agreement) -> audit.Snapshot:
    return audit.snapshot(agreement, AUDITED_FIELDS)


@transaction.atomic
def create_agreement(
    *,
    by,
    identifier: str,
    title: str,
    agreement_type,
    owner_office,
    parties: Iterable[Organization],
    restricted_to: Iterable[Group] = (),
    **fields: Any,
) -> Agreement:
    """Add an agreement as a draft; `sign` puts it in force."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise AgreementError(f"Unknown agreement fields: {', '.join(sorted(unknown))}.")
    parties = list(parties)
    if not parties:
        raise AgreementError("An agreement needs at least one party.")
    if Agreement.objects.filter(identifier=identifier).exists():
        raise AgreementError(f'"{identifier}" is already used by another agreement.')
    agreement = Agreement(
        identifier=identifier,
        title=title,
        agreement_type=agreement_type,
        owner_office=owner_office,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **fields,
    )
    agreement.full_clean(exclude=["created_by"], validate_unique=False)
    agreement.save()
    agreement.parties.set(parties)
    agreement.restricted_to.set(restricted_to)
    record_created(agreement=agreement, by=by)
    return agreement


def record_created(*, agreement: Agreement, by) -> None:
    """Audit a new agreement (also for agreements added through the admin)."""
    audit.record(
        actor=by,
        action="agreement.created",
        target=agreement,
        changes=audit.diff({}, snapshot(agreement)),
    )


def record_change(*, agreement: Agreement, by, before: audit.Snapshot, note: str = "") -> None:
    """Audit what changed on `agreement` since `before`."""
    changes = audit.diff(before, snapshot(agreement))
    if changes:
        audit.record(
            actor=by, action="agreement.updated", target=agreement, changes=changes, note=note
        )


@transaction.atomic
def update_agreement(*, agreement: Agreement, by, note: str = "", **changes: Any) -> Agreement:
    """Change an agreement's record; many-to-many fields take an iterable of objects."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise AgreementError(
            f"These fields change only through sign or terminate: {', '.join(sorted(unknown))}."
        )
    if "parties" in changes and not list(changes["parties"]):
        raise AgreementError("An agreement needs at least one party.")
    before = snapshot(agreement)
    for name, value in changes.items():
        if name not in MANY_TO_MANY:
            setattr(agreement, name, value)
    agreement.full_clean(exclude=["created_by"])
    agreement.save()
    for name in MANY_TO_MANY & set(changes):
        getattr(agreement, name).set(changes[name])
    record_change(agreement=agreement, by=by, before=before, note=note)
    return agreement


@transaction.atomic
def sign(
    *,
    agreement: Agreement,
    by,
    signed_on: datetime.date | None = None,
    effective_on: datetime.date | None = None,
) -> Agreement:
    """Record that a draft agreement was signed: it is in force from its effective date."""
    if agreement.stage != Stage.DRAFT:
        raise AgreementError(f"{agreement.identifier} is not a draft; it cannot be signed again.")
    signed_on = signed_on or agreement.signed_on
    if signed_on is None:
        raise AgreementError(f"Give the date {agreement.identifier} was signed.")
    before = snapshot(agreement)
    agreement.stage = Stage.SIGNED
    agreement.signed_on = signed_on
    agreement.effective_on = effective_on or agreement.effective_on or signed_on
    agreement.full_clean(exclude=["created_by"])
    agreement.save()
    record_change(agreement=agreement, by=by, before=before, note="Signed.")
    return agreement


@transaction.atomic
def terminate(*, agreement: Agreement, by, on: datetime.date, note: str = "") -> Agreement:
    """End a signed agreement before (or without) its expiration."""
    if agreement.stage != Stage.SIGNED:
        raise AgreementError(
            f"Only a signed agreement can be terminated; {agreement.identifier} is "
            f"{agreement.get_stage_display().lower()}."
        )
    before = snapshot(agreement)
    agreement.stage = Stage.TERMINATED
    agreement.terminated_on = on
    agreement.termination_note = note
    agreement.save()
    record_change(agreement=agreement, by=by, before=before, note=note or "Terminated.")
    return agreement


@transaction.atomic
def add_modification(
    *,
    agreement: Agreement,
    by,
    title: str,
    description: str = "",
    signed_on: datetime.date | None = None,
    effective_on: datetime.date | None = None,
    extends_to: datetime.date | None = None,
) -> AgreementModification:
    """Add the next modification; one that extends the agreement moves its expiration date."""
    # Lock the agreement so two modifications added at once get different numbers.
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    last = agreement.modifications.aggregate(last=Max("number"))["last"] or 0
    modification = AgreementModification(
        agreement=agreement,
        number=last + 1,
        title=title,
        description=description,
        signed_on=signed_on,
        effective_on=effective_on,
        extends_to=extends_to,
    )
    modification.full_clean()
    modification.save()
    audit.record(
        actor=by,
        action="agreement.modified",
        target=agreement,
        changes={"modifications": [None, str(modification)]},
    )
    if extends_to is not None and extends_to != agreement.expires_on:
        update_agreement(
            agreement=agreement,
            by=by,
            expires_on=extends_to,
            note=f"Extended by modification {modification.number}.",
        )
    return modification


@transaction.atomic
def attach_file(
    *,
    agreement: Agreement,
    by,
    stream: BinaryIO,
    original_name: str,
    modification: AgreementModification | None = None,
) -> AgreementFile:
    """Store a file of the agreement, or of one of its modifications. The same file is kept once."""
    if modification is not None and modification.agreement_id != agreement.pk:
        raise AgreementError("That modification belongs to another agreement.")
    blob = files.store(
        archives.checked(stream),
        original_name=original_name,
        max_bytes=settings.POLICYLIB_MAX_UPLOAD_BYTES,
    )
    same = AgreementFile.objects.filter(
        agreement=agreement, modification=modification, sha256=blob.sha256
    ).first()
    if same:
        return same
    stored = AgreementFile.objects.create(
        agreement=agreement,
        modification=modification,
        blob=blob.name,
        original_name=_safe_name(original_name),
        content_type=blob.content_type,
        size=blob.size,
        sha256=blob.sha256,
        order=AgreementFile.objects.filter(agreement=agreement, modification=modification).count(),
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    where = f" (modification {modification.number})" if modification else ""
    audit.record(
        actor=by,
        action="agreement.file_attached",
        target=agreement,
        changes={"files": [None, f"{stored.original_name}{where}, sha256 {blob.sha256[:12]}"]},
    )
    return stored
