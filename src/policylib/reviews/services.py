"""Writes of the drafting and review tools: one function per action, keyword-only arguments.

Each function runs in one transaction, checks who may act (`policylib.accounts.access`) and
when (the draft's state), records what it did in the audit trail, and sends its email only
after the transaction commits. Refusals raise `ReviewError` with a message meant for the person
who asked; acting without the role raises `NotAllowed`.
"""

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any, BinaryIO, Protocol

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from policylib.accounts import access
from policylib.accounts.access import DraftAction, OfficeReviewAction
from policylib.audit import services as audit
from policylib.library import files, lifecycle
from policylib.library import services as library_services
from policylib.library.models import Document, FileRole, Office
from policylib.reviews import notifications
from policylib.reviews.models import (
    EDITABLE_STATES,
    ApprovalStep,
    Assignment,
    Comment,
    CommentCategory,
    CommentPeriod,
    Decision,
    Disposition,
    Draft,
    DraftFile,
    DraftSave,
    DraftState,
    OfficeResponse,
    OfficeReview,
    Role,
    StepKind,
)
from policylib.reviews.signals import revision_issued

DEFAULT_PERIOD_DAYS = 30
DRAFT_FILE_TYPES = {"application/pdf": "PDF", files.DOCX: "Word (DOCX)"}

# The record fields of a draft, as the history and the audit trail keep them.
RECORD_FIELDS = [
    "library",
    "identifier",
    "title",
    "summary",
    "body",
    "document_type",
    "office",
    "source",
    "effective_on",
    "marking",
    "restricted_to",
    "categories",
    "subjects",
    "supersedes",
]
MANY_TO_MANY = {"restricted_to", "categories", "subjects", "supersedes"}
# A revision keeps the library and identifier of the document it revises, and its OPI.
FIXED_FOR_REVISIONS = {"library", "identifier", "office"}


class ReviewError(ValueError):
    """An action the review rules refuse; the message is meant for the person who asked."""


class NotAllowed(PermissionDenied):
    """The person lacks the role for the action."""


class Upload(Protocol):
    """A file as a form gives it: readable, with the name the person gave it."""

    name: str

    def read(self, size: int = -1) -> bytes: ...


def _require(allowed: bool, message: str = "You do not have the role for this.") -> None:
    if not allowed:
        raise NotAllowed(message)


def _today() -> datetime.date:
    return timezone.localdate()


def _lock(draft: Draft) -> Draft:
    """The draft's row, locked for the rest of the transaction, as it is now."""
    return Draft.objects.select_for_update().get(pk=draft.pk)


def _after_commit(func, **kwargs) -> None:
    transaction.on_commit(partial(func, **kwargs))


def _require_state(draft: Draft, states: Iterable[str], doing: str) -> None:
    if draft.state not in states:
        raise ReviewError(
            f"The draft is {draft.get_state_display().lower()}; {doing} is not open now."
        )


def record_snapshot(draft: Draft) -> dict[str, Any]:
    return audit.snapshot(draft, RECORD_FIELDS)


# -- Drafting ----------------------------------------------------------------------------------


def _store_file(*, draft: Draft, by, upload: Upload) -> DraftFile:
    name = _safe_name(getattr(upload, "name", "") or "draft")
    try:
        blob = files.store(
            upload, original_name=name, max_bytes=settings.POLICYLIB_MAX_UPLOAD_BYTES
        )
    except files.FileTooLarge as error:
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


def _safe_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:255] or "draft"


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _save_history(*, draft: Draft, by, change_note: str) -> DraftSave:
    number = (draft.history.aggregate(n=Max("number"))["n"] or 0) + 1
    return DraftSave.objects.create(
        draft=draft,
        number=number,
        saved_by=_user(by),
        change_note=change_note,
        metadata=record_snapshot(draft),
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


def _check_identifier_free(*, library, identifier: str, draft: Draft | None = None) -> None:
    if Document.objects.filter(library=library, identifier=identifier).exists():
        raise ReviewError(
            f'"{identifier}" is already used in {library}. To change that document, revise it '
            "from its page; a new document needs an identifier of its own."
        )
    others = Draft.objects.filter(library=library, identifier=identifier, revises=None).exclude(
        state__in=[DraftState.ISSUED, DraftState.CANCELLED]
    )
    if draft is not None:
        others = others.exclude(pk=draft.pk)
    if others.exists():
        raise ReviewError(f'Another draft in {library} already uses "{identifier}".')


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
    if "identifier" in fields or "library" in fields:
        _check_identifier_free(
            library=fields.get("library", draft.library),
            identifier=fields.get("identifier", draft.identifier),
            draft=draft,
        )
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


# -- Review and comment ------------------------------------------------------------------------


@transaction.atomic
def open_comment_period(
    *,
    by,
    draft: Draft,
    offices: Iterable[Office],
    due_on: datetime.date | None = None,
    starts_on: datetime.date | None = None,
    instructions: str = "",
) -> CommentPeriod:
    """Send the draft, as it is now, to `offices` for comment; their DPCs are emailed."""
    draft = _lock(draft)
    _require(
        access.can_draft(by, DraftAction.MANAGE, draft),
        "Only a policy owner of the OPI opens a comment period.",
    )
    _require_state(draft, EDITABLE_STATES, "opening a comment period")
    offices = list(dict.fromkeys(offices))
    if not offices:
        raise ReviewError("Invite at least one office.")
    if draft.file is None:
        raise ReviewError("Upload the draft file (DOCX or PDF) before opening a comment period.")
    today = _today()
    starts_on = starts_on or today
    due_on = due_on or starts_on + datetime.timedelta(days=DEFAULT_PERIOD_DAYS)
    if starts_on < today:
        raise ReviewError("A comment period cannot start in the past.")
    if due_on < starts_on:
        raise ReviewError("The due date must be on or after the start date.")
    without_dpc = [o for o in offices if not _people(o, Role.DPC).exists()]
    if without_dpc:
        names = ", ".join(str(o) for o in without_dpc)
        raise ReviewError(
            f"No DPC is named for {names}; an office needs one to answer for it. "
            "Library staff add DPCs in the administration pages."
        )
    period = CommentPeriod.objects.create(
        draft=draft,
        reviewed_save=draft.history.order_by("-number").first(),
        starts_on=starts_on,
        due_on=due_on,
        instructions=instructions.strip(),
        opened_by=_user(by),
    )
    for office in offices:
        OfficeReview.objects.create(period=period, office=office)
    before = draft.state
    draft.state = DraftState.IN_REVIEW
    draft.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=by,
        action="review.period_opened",
        target=draft,
        changes={
            "state": [before, draft.state],
            "offices": [None, sorted(str(o) for o in offices)],
            "starts_on": [None, starts_on.isoformat()],
            "due_on": [None, due_on.isoformat()],
        },
        note=period.instructions,
    )
    _after_commit(notifications.period_opened, period_id=period.pk)
    _after_commit(_schedule_close, period_id=period.pk, due_on=due_on)
    return period


def _people(office: Office, role: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, office_memberships__office=office, office_memberships__role=role
    )


def _schedule_close(*, period_id: int, due_on: datetime.date) -> None:
    """Queue the closing task for the day after the due date, where the task backend can wait.

    `policylib reviews close-due` (from cron) and the same task run at any time close whatever
    is due, so a lost or early run does no harm.
    """
    from policylib.reviews.tasks import close_due_comment_periods

    if not close_due_comment_periods.get_backend().supports_defer:
        return
    day_after = datetime.datetime.combine(
        due_on + datetime.timedelta(days=1), datetime.time.min
    ).replace(tzinfo=timezone.get_current_timezone())
    close_due_comment_periods.using(run_after=day_after).enqueue()


def _open_period_of(office_review: OfficeReview) -> CommentPeriod:
    period = CommentPeriod.objects.select_for_update().get(pk=office_review.period_id)
    if not period.is_open:
        raise ReviewError("The comment period is closed.")
    return period


def _pending(office_review: OfficeReview) -> OfficeReview:
    office_review = OfficeReview.objects.select_for_update().get(pk=office_review.pk)
    if not office_review.is_pending:
        raise ReviewError(
            f"{office_review.office} has already answered: "
            f"{office_review.get_response_display().lower()}."
        )
    return office_review


@transaction.atomic
def assign_reviewer(
    *,
    by,
    office_review: OfficeReview,
    reviewer,
    due_on: datetime.date,
    instructions: str = "",
) -> Assignment:
    """The DPC asks a reviewer of their office to review the draft by `due_on`."""
    _require(
        access.can_office_review(by, OfficeReviewAction.ASSIGN, office_review),
        f"Only a DPC of {office_review.office} assigns its reviewers.",
    )
    period = _open_period_of(office_review)
    office_review = _pending(office_review)
    if not access.has_role(reviewer, Role.REVIEWER, office_review.office):
        raise ReviewError(f"{_name(reviewer)} is not a reviewer in {office_review.office}.")
    if due_on > period.due_on:
        raise ReviewError(
            f"The reviewer's due date must be no later than the office's own, "
            f"{period.due_on:%b %d, %Y}."
        )
    if due_on < _today():
        raise ReviewError("The reviewer's due date cannot be in the past.")
    if not access.can_draft(reviewer, DraftAction.VIEW, period.draft):
        raise ReviewError(f"{_name(reviewer)} may not read this Restricted draft.")
    if office_review.assignments.filter(reviewer=reviewer).exists():
        raise ReviewError(f"{_name(reviewer)} is already assigned.")
    assignment = Assignment.objects.create(
        office_review=office_review,
        reviewer=reviewer,
        due_on=due_on,
        instructions=instructions.strip(),
        assigned_by=_user(by),
    )
    audit.record(
        actor=by,
        action="review.reviewer_assigned",
        target=period.draft,
        changes={
            "reviewer": [None, f"{_name(reviewer)} ({office_review.office})"],
            "due_on": [None, due_on.isoformat()],
        },
        note=assignment.instructions,
    )
    _after_commit(notifications.reviewer_assigned, assignment_id=assignment.pk)
    return assignment


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def complete_assignment(*, by, assignment: Assignment) -> Assignment:
    """A reviewer says they have finished their review."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require(assignment.reviewer_id == getattr(by, "pk", None), "This is not your assignment.")
    if assignment.completed_at is None:
        assignment.completed_at = timezone.now()
        assignment.save(update_fields=["completed_at"])
        audit.record(
            actor=by,
            action="review.assignment_completed",
            target=assignment.office_review.period.draft,
            changes={"reviewer": [None, f"{_name(by)} ({assignment.office_review.office})"]},
        )
    return assignment


def is_bare_question(text: str, proposed_change: str) -> bool:
    """A comment that only asks: it ends with a question mark and proposes nothing.

    The OPI cannot accept or decline a question, so such a comment is refused; the reviewer
    writes what should change instead (the question can go in the rationale).
    """
    return text.strip().endswith("?") and not proposed_change.strip()


BARE_QUESTION_MESSAGE = (
    "This comment is a bare question. A comment must say what should change so the OPI can "
    "accept it or not: write the change you propose (for example, “State who approves "
    "deviations”), and put your question in the rationale if it helps."
)


def _check_comment(
    *, category: str, text: str, proposed_change: str, section: str, page: str, line: str
) -> None:
    if category not in CommentCategory.values:
        raise ReviewError("Choose a category: Substantive or Editorial/Suggested.")
    if not text.strip():
        raise ReviewError("Write the comment.")
    if not (section.strip() or page.strip() or line.strip()):
        raise ReviewError("Say where the comment applies: a section, page or line.")
    if is_bare_question(text, proposed_change):
        raise ReviewError(BARE_QUESTION_MESSAGE)


@transaction.atomic
def add_comment(
    *,
    by,
    office_review: OfficeReview,
    category: str,
    text: str,
    proposed_change: str = "",
    rationale: str = "",
    section: str = "",
    page: str = "",
    line: str = "",
) -> Comment:
    """A reviewer (or the DPC) comments for their office."""
    _require(
        access.can_office_review(by, OfficeReviewAction.COMMENT, office_review),
        f"Only the DPC and the assigned reviewers of {office_review.office} comment for it.",
    )
    period = _open_period_of(office_review)
    office_review = _pending(office_review)
    if period.starts_on > _today():
        raise ReviewError(f"The comment period starts on {period.starts_on:%b %d, %Y}.")
    _check_comment(
        category=category,
        text=text,
        proposed_change=proposed_change,
        section=section,
        page=page,
        line=line,
    )
    comment = Comment.objects.create(
        office_review=office_review,
        author=_user(by),
        category=category,
        text=text.strip(),
        proposed_change=proposed_change.strip(),
        rationale=rationale.strip(),
        section=section.strip(),
        page=page.strip(),
        line=line.strip(),
    )
    audit.record(
        actor=by,
        action="review.comment_added",
        target=period.draft,
        changes={"comment": [None, _comment_summary(comment)]},
    )
    return comment


def _comment_summary(comment: Comment) -> str:
    where = comment.location or "no location"
    return f"#{comment.pk} {comment.get_category_display()} ({where}): {comment.text[:200]}"


COMMENT_FIELDS = ["category", "section", "page", "line", "text", "proposed_change", "rationale"]


@transaction.atomic
def edit_comment(*, by, comment: Comment, **fields: str) -> Comment:
    """The DPC edits a comment while consolidating the office's position."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    office_review = comment.office_review
    _require(
        access.can_office_review(by, OfficeReviewAction.CONSOLIDATE, office_review),
        f"Only a DPC of {office_review.office} edits its comments.",
    )
    _open_period_of(office_review)
    _pending(office_review)
    unknown = set(fields) - set(COMMENT_FIELDS)
    if unknown:
        raise ReviewError(f"Unknown comment fields: {', '.join(sorted(unknown))}.")
    before = {name: getattr(comment, name) for name in COMMENT_FIELDS}
    for name, value in fields.items():
        setattr(comment, name, (value or "").strip())
    _check_comment(
        category=comment.category,
        text=comment.text,
        proposed_change=comment.proposed_change,
        section=comment.section,
        page=comment.page,
        line=comment.line,
    )
    after = {name: getattr(comment, name) for name in COMMENT_FIELDS}
    changes = audit.diff(before, after)
    if changes:
        comment.edited_by = _user(by)
        comment.save()
        audit.record(
            actor=by,
            action="review.comment_edited",
            target=office_review.period.draft,
            changes={"comment": [None, f"#{comment.pk}"], **changes},
        )
    return comment


@transaction.atomic
def drop_comment(*, by, comment: Comment, reason: str = "") -> Comment:
    """The DPC leaves a comment out of the office's position (it is kept, marked dropped)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    office_review = comment.office_review
    _require(
        access.can_office_review(by, OfficeReviewAction.CONSOLIDATE, office_review),
        f"Only a DPC of {office_review.office} drops its comments.",
    )
    _open_period_of(office_review)
    _pending(office_review)
    if comment.is_consolidated_away:
        raise ReviewError("This comment is already dropped or merged.")
    comment.dropped = True
    comment.drop_reason = reason.strip()
    comment.save(update_fields=["dropped", "drop_reason"])
    audit.record(
        actor=by,
        action="review.comment_dropped",
        target=office_review.period.draft,
        changes={"comment": [_comment_summary(comment), None]},
        note=comment.drop_reason,
    )
    return comment


@transaction.atomic
def merge_comments(*, by, keep: Comment, duplicates: Iterable[Comment]) -> Comment:
    """The DPC merges duplicate comments into one; the duplicates are kept, marked merged."""
    keep = Comment.objects.select_for_update().get(pk=keep.pk)
    office_review = keep.office_review
    _require(
        access.can_office_review(by, OfficeReviewAction.CONSOLIDATE, office_review),
        f"Only a DPC of {office_review.office} merges its comments.",
    )
    _open_period_of(office_review)
    _pending(office_review)
    duplicates = [
        Comment.objects.select_for_update().get(pk=d.pk) for d in duplicates if d.pk != keep.pk
    ]
    if not duplicates:
        raise ReviewError("Choose the comments to merge into this one.")
    if keep.is_consolidated_away or any(d.is_consolidated_away for d in duplicates):
        raise ReviewError("Dropped or already merged comments cannot be merged.")
    if any(d.office_review_id != keep.office_review_id for d in duplicates):
        raise ReviewError("Only comments of the same office can be merged.")
    for duplicate in duplicates:
        duplicate.merged_into = keep
        duplicate.save(update_fields=["merged_into"])
    audit.record(
        actor=by,
        action="review.comments_merged",
        target=office_review.period.draft,
        changes={"merged": [sorted(f"#{d.pk}" for d in duplicates), f"#{keep.pk}"]},
    )
    return keep


def position_comments(office_review: OfficeReview):
    """The comments that make up the office's position: neither dropped nor merged away."""
    return office_review.comments.filter(dropped=False, merged_into__isnull=True)


@transaction.atomic
def submit_position(
    *, by, office_review: OfficeReview, no_comment: bool = False, note: str = ""
) -> OfficeReview:
    """The DPC submits the office's position: its consolidated comments, or "no comment"."""
    _require(
        access.can_office_review(by, OfficeReviewAction.CONSOLIDATE, office_review),
        f"Only a DPC of {office_review.office} submits its position.",
    )
    period = _open_period_of(office_review)
    office_review = _pending(office_review)
    comments = list(position_comments(office_review).order_by("id"))
    if no_comment and comments:
        raise ReviewError(
            f"The office has {len(comments)} comment(s). Drop them to answer “no comment”, "
            "or submit them."
        )
    if not no_comment and not comments:
        raise ReviewError("There are no comments to submit; answer “no comment” instead.")
    number = period_comments(period).aggregate(n=Max("number"))["n"] or 0
    for comment in comments:
        number += 1
        comment.number = number
        comment.save(update_fields=["number"])
    office_review.response = OfficeResponse.NO_COMMENT if no_comment else OfficeResponse.COMMENTS
    office_review.submitted_by = _user(by)
    office_review.submitted_at = timezone.now()
    office_review.position_note = note.strip()
    office_review.save()
    audit.record(
        actor=by,
        action="review.position_submitted",
        target=period.draft,
        changes={
            "office": [None, str(office_review.office)],
            "response": [OfficeResponse.PENDING.value, office_review.response],
            "comments": [None, len(comments)],
        },
        note=office_review.position_note,
    )
    _after_commit(notifications.position_submitted, office_review_id=office_review.pk)
    if not period.offices.filter(response=OfficeResponse.PENDING).exists():
        _close(period, by=None, note="Every invited office has answered.")
    return office_review


def period_comments(period: CommentPeriod):
    """All submitted comments of a period (in its offices' positions)."""
    return Comment.objects.filter(office_review__period=period, number__isnull=False)


def _close(period: CommentPeriod, *, by, note: str) -> CommentPeriod:
    late = list(period.offices.filter(response=OfficeResponse.PENDING).select_related("office"))
    for office_review in late:
        office_review.response = OfficeResponse.NO_RESPONSE
        office_review.save(update_fields=["response"])
    period.closed_at = timezone.now()
    period.closed_by = _user(by)
    period.save(update_fields=["closed_at", "closed_by"])
    draft = _lock(period.draft)
    before = draft.state
    if draft.state == DraftState.IN_REVIEW:
        draft.state = DraftState.RESOLVING
        draft.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=by,
        action="review.period_closed",
        target=draft,
        changes={
            "state": [before, draft.state],
            "no_response": [None, sorted(str(o.office) for o in late)],
        },
        note=note,
    )
    _after_commit(notifications.period_closed, period_id=period.pk)
    return period


@transaction.atomic
def close_due_periods(*, today: datetime.date | None = None) -> list[CommentPeriod]:
    """Close every open comment period whose due date has passed; late offices become
    "no response". Safe to run any number of times."""
    today = today or _today()
    closed = []
    due = CommentPeriod.objects.select_for_update().filter(closed_at__isnull=True, due_on__lt=today)
    for period in due:
        closed.append(_close(period, by=None, note=f"Closed after its due date, {period.due_on}."))
    return closed


@transaction.atomic
def answer_comment(*, by, comment: Comment, disposition: str, response: str = "") -> Comment:
    """The OPI answers a comment: Accepted, Accepted with modification or Not accepted."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    draft = comment.office_review.period.draft
    _require(
        access.can_draft(by, DraftAction.ANSWER, draft),
        "Only the authors and policy owners of the OPI answer comments.",
    )
    _require_state(
        draft,
        [DraftState.DRAFTING, DraftState.IN_REVIEW, DraftState.RESOLVING],
        "answering comments",
    )
    if comment.number is None or comment.is_consolidated_away:
        raise ReviewError("Only comments in a submitted office position are answered.")
    if disposition not in Disposition.values:
        raise ReviewError(
            "Choose an answer: Accepted, Accepted with modification, or Not accepted."
        )
    if disposition != Disposition.ACCEPTED and not response.strip():
        raise ReviewError("Explain the modification or why the comment is not accepted.")
    before = {"disposition": comment.disposition, "response": comment.response}
    comment.disposition = disposition
    comment.response = response.strip()
    comment.answered_by = _user(by)
    comment.answered_at = timezone.now()
    comment.save()
    audit.record(
        actor=by,
        action="review.comment_answered",
        target=draft,
        changes={
            "comment": [None, f"No. {comment.number}"],
            **audit.diff(before, {"disposition": disposition, "response": comment.response}),
        },
    )
    return comment


def unanswered_substantive(draft: Draft):
    """Substantive comments, in submitted positions, that the OPI has not answered yet."""
    return Comment.objects.filter(
        office_review__period__draft=draft,
        number__isnull=False,
        dropped=False,
        merged_into__isnull=True,
        category=CommentCategory.SUBSTANTIVE,
        disposition="",
    )


# -- Approval and issue ------------------------------------------------------------------------


@transaction.atomic
def send_for_concurrence(*, by, draft: Draft, signatory, note: str = "") -> ApprovalStep:
    """Send the resolved draft to the review board, and name who will sign it."""
    draft = _lock(draft)
    _require(
        access.can_draft(by, DraftAction.MANAGE, draft),
        "Only a policy owner of the OPI sends the draft for concurrence.",
    )
    _require_state(draft, EDITABLE_STATES, "sending for concurrence")
    if draft.file is None:
        raise ReviewError("Upload the draft file before sending it for concurrence.")
    open_answers = list(unanswered_substantive(draft).order_by("number"))
    if open_answers:
        numbers = ", ".join(str(c.number) for c in open_answers)
        raise ReviewError(
            f"{len(open_answers)} substantive comment(s) have no answer yet (No. {numbers}). "
            "Answer every substantive comment before the draft moves on."
        )
    if signatory is None or not access.has_role(signatory, Role.SIGNATORY):
        raise ReviewError("Choose a signatory: a person who holds the signatory role.")
    if not _people_with_role(Role.BOARD).exists():
        raise ReviewError("No review board members are named; library staff add them first.")
    draft.signatory = signatory
    before = draft.state
    draft.state = DraftState.CONCURRENCE
    draft.save(update_fields=["signatory", "state", "updated_at"])
    step = ApprovalStep.objects.create(
        draft=draft, kind=StepKind.CONCURRENCE, sent_by=_user(by), send_note=note.strip()
    )
    audit.record(
        actor=by,
        action="review.sent_for_concurrence",
        target=draft,
        changes={"state": [before, draft.state], "signatory": [None, _name(signatory)]},
        note=step.send_note,
    )
    _after_commit(notifications.step_sent, step_id=step.pk)
    return step


def _people_with_role(role: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, office_memberships__role=role).distinct()


def _pending_step(draft: Draft, kind: str) -> ApprovalStep:
    step = draft.steps.filter(kind=kind, decision=Decision.PENDING).order_by("-sent_at").first()
    if step is None:
        raise ReviewError("There is no decision waiting on this draft.")
    return step


def _return(draft: Draft, step: ApprovalStep, *, by, note: str, action: str) -> None:
    if not note.strip():
        raise ReviewError("Say what must change: returning a draft needs comments.")
    step.decision = Decision.RETURNED
    step.decided_by = _user(by)
    step.decided_at = timezone.now()
    step.decision_note = note.strip()
    step.save()
    before = draft.state
    draft.state = DraftState.DRAFTING
    draft.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=by,
        action=action,
        target=draft,
        changes={"state": [before, draft.state]},
        note=step.decision_note,
    )
    _after_commit(notifications.step_decided, step_id=step.pk)


@transaction.atomic
def decide_concurrence(*, by, draft: Draft, concur: bool, note: str = "") -> ApprovalStep:
    """The review board concurs (the draft goes to the signatory) or returns it with comments."""
    draft = _lock(draft)
    _require(
        access.can_draft(by, DraftAction.CONCUR, draft),
        "Only a review board member decides on concurrence.",
    )
    _require_state(draft, [DraftState.CONCURRENCE], "concurrence")
    step = _pending_step(draft, StepKind.CONCURRENCE)
    if not concur:
        _return(draft, step, by=by, note=note, action="review.returned_by_board")
        return step
    step.decision = Decision.CONCURRED
    step.decided_by = _user(by)
    step.decided_at = timezone.now()
    step.decision_note = note.strip()
    step.save()
    draft.state = DraftState.APPROVAL
    draft.save(update_fields=["state", "updated_at"])
    approval = ApprovalStep.objects.create(
        draft=draft,
        kind=StepKind.APPROVAL,
        assignee=draft.signatory,
        sent_by=_user(by),
        send_note=step.decision_note,
    )
    audit.record(
        actor=by,
        action="review.concurred",
        target=draft,
        changes={"state": [DraftState.CONCURRENCE.value, draft.state]},
        note=step.decision_note,
    )
    _after_commit(notifications.step_decided, step_id=step.pk)
    _after_commit(notifications.step_sent, step_id=approval.pk)
    return step


@transaction.atomic
def decide_approval(*, by, draft: Draft, approve: bool, note: str = "") -> ApprovalStep:
    """The signatory approves the draft for issue, or returns it with comments."""
    draft = _lock(draft)
    _require(
        access.can_draft(by, DraftAction.APPROVE, draft),
        "Only the signatory the draft was sent to approves it.",
    )
    _require_state(draft, [DraftState.APPROVAL], "approval")
    step = _pending_step(draft, StepKind.APPROVAL)
    if not approve:
        _return(draft, step, by=by, note=note, action="review.returned_by_signatory")
        return step
    step.decision = Decision.APPROVED
    step.decided_by = _user(by)
    step.decided_at = timezone.now()
    step.decision_note = note.strip()
    step.save()
    draft.state = DraftState.APPROVED
    draft.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=by,
        action="review.approved",
        target=draft,
        changes={"state": [DraftState.APPROVAL.value, draft.state]},
        note=step.decision_note,
    )
    _after_commit(notifications.step_decided, step_id=step.pk)
    return step


def _signatory_fields(draft: Draft) -> dict[str, str]:
    approval = draft.steps.filter(kind=StepKind.APPROVAL, decision=Decision.APPROVED).last()
    signer = approval.decided_by if approval and approval.decided_by else draft.signatory
    if signer is None:
        return {}
    title = (
        signer.office_memberships.filter(role=Role.SIGNATORY)
        .exclude(title="")
        .values_list("title", flat=True)
        .first()
    )
    return {"signatory_name": _name(signer), "signatory_title": title or ""}


@transaction.atomic
def issue_draft(
    *,
    by,
    draft: Draft,
    issued_on: datetime.date | None = None,
    signed_file: Upload | None = None,
    note: str = "",
) -> Document:
    """Publish an approved draft as a Current document.

    A revision becomes the next version of the document it revises, which moves to Superseded
    (and so the Archives); other documents the draft names as superseded follow the library's
    supersession rules. The issued file is the signed copy when one is given, else the draft's.
    """
    draft = _lock(draft)
    _require(access.can_draft(by, DraftAction.ISSUE, draft), "Library staff issue documents.")
    _require_state(draft, [DraftState.APPROVED], "issuing")
    record = {
        "title": draft.title,
        "summary": draft.summary,
        "body": draft.body,
        "document_type": draft.document_type,
        "opi": draft.office,
        "source": draft.source,
        "effective_on": draft.effective_on,
        "marking": draft.marking,
        "categories": list(draft.categories.all()),
        "subjects": list(draft.subjects.all()),
        "restricted_to": list(draft.restricted_to.all()),
        **_signatory_fields(draft),
    }
    previous = draft.revises
    try:
        if previous is not None:
            previous_related = list(previous.related.all())
            document = lifecycle.draft_revision(
                previous=previous,
                by=by,
                parent=previous.parent,
                related=previous_related,
                **record,
            )
        else:
            _check_identifier_free(library=draft.library, identifier=draft.identifier, draft=draft)
            document = library_services.create_document(
                by=by, library=draft.library, identifier=draft.identifier, **record
            )
        if signed_file is not None:
            _attach(document, by=by, stream=signed_file, name=_safe_name(signed_file.name))
        elif draft.file is not None:
            with files.open_blob(draft.file.blob) as stream:
                _attach(document, by=by, stream=stream, name=draft.file.original_name)
        for other in draft.supersedes.all():
            lifecycle.supersede(successor=document, predecessor=other, by=by)
        if previous is not None:
            document = lifecycle.issue_revision(
                revision=document, by=by, issued_on=issued_on, note=note
            )
        else:
            document = lifecycle.issue(document=document, by=by, issued_on=issued_on, note=note)
    except (lifecycle.LifecycleError, library_services.DocumentError) as error:
        raise ReviewError(str(error)) from None
    except files.FileTooLarge as error:
        raise ReviewError(str(error)) from None
    draft.state = DraftState.ISSUED
    draft.issued_document = document
    draft.closed_at = timezone.now()
    draft.save(update_fields=["state", "issued_document", "closed_at", "updated_at"])
    audit.record(
        actor=by,
        action="review.issued",
        target=draft,
        changes={
            "state": [DraftState.APPROVED.value, draft.state],
            "document": [None, f"{document} (version {document.version})"],
            "issued_on": [None, document.issued_on.isoformat()],
        },
        note=note,
    )
    revision_issued.send(sender=Draft, document=document, previous=previous, draft=draft)
    _after_commit(notifications.issued, draft_id=draft.pk)
    return document


def _attach(document: Document, *, by, stream: BinaryIO, name: str) -> None:
    attached = library_services.attach_file(
        document=document, by=by, stream=stream, original_name=name
    )
    if attached.content_type not in DRAFT_FILE_TYPES:
        raise ReviewError(f"{name} is not a PDF or Word (DOCX) document.")
