"""Drafting: new drafts, working copies (check-out, save, cancel)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from policylib.accounts import access
from policylib.accounts.access import DraftAction
from policylib.audit import services as audit
from policylib.library import archives, files
from policylib.library.models import Document, FileRole, Office
from policylib.reviews import notifications
from policylib.reviews.models import (
    EDITABLE_STATES,
    Draft,
    DraftFile,
    DraftSave,
    DraftState,
    OfficeResponse,
    Role,
)
from policylib.reviews.services.common import (
    DRAFT_FILE_TYPES,
    FIXED_FOR_REVISIONS,
    MANY_TO_MANY,
    RECORD_FIELDS,
    InvalidValue,
    ReviewError,
    Upload,
    _after_commit,
    _lock,
    _require,
    _require_state,
    _safe_name,
    _user,
    history_snapshot,
    record_snapshot,
)


def _store_file(*, draft: Draft, by, upload: Upload) -> DraftFile:
    name = _safe_name(getattr(upload, "name", "") or "draft")
    try:
        blob = files.store(
            archives.checked(upload),
            original_name=name,
            max_bytes=settings.POLICYLIB_MAX_UPLOAD_BYTES,
        )
    except (files.FileTooLarge, archives.ArchiveRefused) as error:
        raise ReviewError(str(error)) from None
    if blob.content_type not in DRAFT_FILE_TYPES:
        kind = files.describe_content_type(blob.content_type)
        raise ReviewError(
            f"{name} is not a Word (DOCX) or PDF document (it reads as: {kind}). "
            "Upload the draft as DOCX or PDF."
        )
    return DraftFile.objects.create(
        draft=draft,
        blob=blob.name,
        original_name=name,
        content_type=blob.content_type,
        size=blob.size,
        sha256=blob.sha256,
        uploaded_by=_user(by),
    )


def _save_history(*, draft: Draft, by, change_note: str) -> DraftSave:
    number = (draft.history.aggregate(n=Max("number"))["n"] or 0) + 1
    return DraftSave.objects.create(
        draft=draft,
        number=number,
        saved_by=_user(by),
        change_note=change_note,
        metadata=history_snapshot(draft),
        file=draft.file,
    )


def _set_fields(draft: Draft, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise ReviewError(f"Unknown draft fields: {', '.join(sorted(unknown))}.")
    many = {name: fields[name] for name in fields if name in MANY_TO_MANY}
    for name, value in fields.items():
        if name not in MANY_TO_MANY:
            setattr(draft, name, value)
    try:
        draft.full_clean(exclude=["created_by", "file", "signatory", "issued_document"])
    except ValidationError as error:
        raise ReviewError(" ".join(error.messages)) from None
    return many


IDENTIFIER_IN_USE = (
    '"{identifier}" is already used. A new document needs an identifier of its own; to change '
    "a document in force, revise it from its page."
)


def _check_identifier_free(*, library, identifier: str, draft: Draft | None = None) -> None:
    # One message whatever holds the identifier (a document or a draft, seen or not), so the
    # refusal names nothing the person may not see.
    taken = Document.objects.filter(library=library, identifier=identifier).exists()
    others = Draft.objects.filter(library=library, identifier=identifier, revises=None).exclude(
        state__in=[DraftState.ISSUED, DraftState.CANCELLED]
    )
    if draft is not None:
        others = others.exclude(pk=draft.pk)
    if taken or others.exists():
        raise ReviewError(IDENTIFIER_IN_USE.format(identifier=identifier))


@transaction.atomic
def start_draft(
    *,
    by,
    office: Office,
    library,
    identifier: str,
    title: str,
    document_type,
    change_note: str = "Draft started.",
    upload: Upload | None = None,
    **fields: Any,
) -> Draft:
    """Start a draft of a new document in `office`, which `by` writes for."""
    _require(
        access.has_role(by, Role.AUTHOR, office) or access.has_role(by, Role.OWNER, office),
        f"Only the authors and policy owners of {office} start drafts for it.",
    )
    _check_identifier_free(library=library, identifier=identifier)
    if "supersedes" in fields:
        fields["supersedes"] = _only_visible(by, fields["supersedes"])
    draft = Draft(
        office=office,
        library=library,
        identifier=identifier,
        title=title,
        document_type=document_type,
        created_by=_user(by),
    )
    many = _set_fields(draft, fields)
    draft.save()
    for name, values in many.items():
        getattr(draft, name).set(values)
    if upload is not None:
        draft.file = _store_file(draft=draft, by=by, upload=upload)
        draft.save(update_fields=["file"])
    _save_history(draft=draft, by=by, change_note=change_note.strip() or "Draft started.")
    audit.record(
        actor=by,
        action="review.draft_started",
        target=draft,
        changes=audit.diff({}, record_snapshot(draft)),
    )
    return draft


@transaction.atomic
def check_out(*, by, document: Document, change_note: str = "") -> Draft:
    """Check out a working copy of a Current document to revise it.

    The document stays published and unchanged until the revision is issued. One working copy
    at a time: a second check-out is refused while one is open.
    """
    # Lock the document so two check-outs at once queue, and the second sees the first.
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require(
        access.may_revise(by, document),
        "Only the authors and policy owners of the document's OPI may revise it.",
    )
    existing = Draft.objects.filter(revises=document).exclude(
        state__in=[DraftState.ISSUED, DraftState.CANCELLED]
    )
    if existing.exists():
        holder = existing.first().created_by
        who = holder.get_full_name() or holder.get_username() if holder else "someone"
        raise ReviewError(f"{document.identifier} is already checked out by {who}.")
    if document.revisions.exists():
        raise ReviewError(f"{document.identifier} already has a later version.")
    draft = Draft(
        revises=document,
        office=document.opi,
        library=document.library,
        identifier=document.identifier,
        title=document.title,
        summary=document.summary,
        body=document.body,
        document_type=document.document_type,
        source=document.source,
        effective_on=None,
        marking=document.marking,
        created_by=_user(by),
    )
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        raise ReviewError(f"{document.identifier} is already checked out.") from None
    draft.categories.set(document.categories.all())
    draft.subjects.set(document.subjects.all())
    draft.restricted_to.set(document.restricted_to.all())
    primary = document.files.filter(role=FileRole.PRIMARY).first()
    if primary is not None:
        # The same bytes: the store is content-addressed, so nothing is copied.
        draft.file = DraftFile.objects.create(
            draft=draft,
            blob=primary.blob,
            original_name=primary.original_name,
            content_type=primary.content_type,
            size=primary.size,
            sha256=primary.sha256,
            uploaded_by=_user(by),
        )
        draft.save(update_fields=["file"])
    note = change_note.strip() or f"Checked out from version {document.version}."
    _save_history(draft=draft, by=by, change_note=note)
    audit.record(
        actor=by,
        action="review.checked_out",
        target=draft,
        changes={"revises": [None, str(document)]},
        note=note,
    )
    audit.record(
        actor=by,
        action="document.checked_out",
        target=document,
        changes={"working_copy": [None, str(draft)]},
    )
    return draft


@transaction.atomic
def save_draft(
    *, by, draft: Draft, change_note: str, upload: Upload | None = None, **fields: Any
) -> DraftSave:
    """Save changes to a draft's record and file; the save is kept in its history."""
    draft = _lock(draft)
    _require(
        access.can_draft(by, DraftAction.EDIT, draft),
        "Only the authors and policy owners of the OPI edit this draft.",
    )
    _require_state(draft, EDITABLE_STATES, "editing")
    if not change_note.strip():
        raise ReviewError("Say in a change note what this save changes.")
    if draft.revises_id:
        fields = {
            name: value
            for name, value in fields.items()
            if name not in FIXED_FOR_REVISIONS or _differs(draft, name, value)
        }
        fixed = FIXED_FOR_REVISIONS & set(fields)
        if fixed:
            raise ReviewError(
                "A revision keeps the library, identifier and OPI of the document it revises."
            )
    if "office" in fields and fields["office"] != draft.office:
        _check_may_move(by, fields["office"])
    if "identifier" in fields or "library" in fields:
        _check_identifier_free(
            library=fields.get("library", draft.library),
            identifier=fields.get("identifier", draft.identifier),
            draft=draft,
        )
    if "supersedes" in fields:
        fields["supersedes"] = _supersedes_keeping_hidden(by, draft, fields["supersedes"])
    before = record_snapshot(draft)
    before_file = draft.file
    many = _set_fields(draft, fields)
    draft.save()
    for name, values in many.items():
        getattr(draft, name).set(values)
    if upload is not None:
        draft.file = _store_file(draft=draft, by=by, upload=upload)
        draft.save(update_fields=["file"])
    changes = audit.diff(before, record_snapshot(draft))
    if before_file is None or draft.file.sha256 != before_file.sha256:
        changes["file"] = [
            str(before_file) if before_file else None,
            f"{draft.file} (sha256 {draft.file.sha256[:12]})" if draft.file else None,
        ]
    if not changes:
        raise ReviewError("Nothing changed, so nothing was saved.")
    saved = _save_history(draft=draft, by=by, change_note=change_note.strip())
    audit.record(
        actor=by,
        action="review.draft_saved",
        target=draft,
        changes=changes,
        note=change_note.strip(),
    )
    return saved


def _supersedes_keeping_hidden(by, draft: Draft, chosen) -> list[Document]:
    """What the draft supersedes after a save: what `by` chose among the documents they may
    see, and whatever it named that they may not see (they could neither see nor unpick it)."""
    hidden = draft.supersedes.exclude(pk__in=access.visible_documents(by).values("pk"))
    return _only_visible(by, chosen) + list(hidden)


def _only_visible(by, chosen) -> list[Document]:
    chosen = list(chosen)
    pks = {document.pk for document in chosen}
    if access.visible_documents(by, Document.objects.filter(pk__in=pks)).count() != len(pks):
        raise InvalidValue("Choose only documents you may open.", field="supersedes")
    return chosen


def _check_may_move(by, office: Office) -> None:
    # The OPI decides who sees and edits the draft, so only someone who also writes for the
    # new office may hand the draft to it (as starting a draft there would need).
    if not (access.has_role(by, Role.AUTHOR, office) or access.has_role(by, Role.OWNER, office)):
        raise InvalidValue(
            f"You are not an author or policy owner of {office}, so you cannot move the draft "
            "there. A draft moves only to an office you write for; ask that office's authors "
            "to take it on.",
            field="office",
        )


def _differs(draft: Draft, name: str, value: Any) -> bool:
    current = getattr(draft, name)
    return current != value


@transaction.atomic
def cancel_check_out(*, by, draft: Draft, note: str = "") -> Draft:
    """Cancel a draft: the working copy is closed, kept with its history, and the document it
    revises is free to be checked out again. Nothing is deleted."""
    draft = _lock(draft)
    _require(
        access.can_draft(by, DraftAction.CANCEL, draft),
        "A policy owner of the OPI, or the author who checked the draft out, may cancel it.",
    )
    _require_state(
        draft,
        [s for s in DraftState.values if s not in (DraftState.ISSUED, DraftState.CANCELLED)],
        "cancelling",
    )
    withdrawn = []
    for period in draft.periods.filter(closed_at__isnull=True):
        withdrawn += list(period.offices.filter(response=OfficeResponse.PENDING))
        period.closed_at = timezone.now()
        period.closed_by = _user(by)
        period.save(update_fields=["closed_at", "closed_by"])
    before = draft.state
    draft.state = DraftState.CANCELLED
    draft.closed_at = timezone.now()
    draft.save(update_fields=["state", "closed_at", "updated_at"])
    audit.record(
        actor=by,
        action="review.check_out_cancelled",
        target=draft,
        changes={"state": [before, draft.state]},
        note=note,
    )
    if draft.revises_id:
        audit.record(
            actor=by,
            action="document.check_out_cancelled",
            target=draft.revises,
            changes={"working_copy": [str(draft), None]},
            note=note,
        )
    if withdrawn:
        _after_commit(
            notifications.period_withdrawn,
            draft_id=draft.pk,
            office_ids=[o.office_id for o in withdrawn],
        )
    return draft
