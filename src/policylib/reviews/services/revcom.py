"""Review and comment (RevCom): comment periods, reviewers, comments, office positions,
answers."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from policylib.accounts import access
from policylib.accounts.access import CommentAction, DraftAction, OfficeReviewAction
from policylib.audit import services as audit
from policylib.library.models import Office
from policylib.reviews import notifications
from policylib.reviews.models import (
    EDITABLE_STATES,
    Assignment,
    Comment,
    CommentCategory,
    CommentPeriod,
    Disposition,
    Draft,
    DraftState,
    OfficeResponse,
    OfficeReview,
    Role,
)
from policylib.reviews.services.common import (
    DEFAULT_PERIOD_DAYS,
    ReviewError,
    _after_commit,
    _lock,
    _name,
    _people,
    _require,
    _require_state,
    _today,
    _user,
)


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
        access.can_comment(by, CommentAction.CONSOLIDATE, comment),
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
        access.can_comment(by, CommentAction.CONSOLIDATE, comment),
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
        access.can_comment(by, CommentAction.CONSOLIDATE, keep),
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
