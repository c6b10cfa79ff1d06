"""Approval and issue: concurrence by the review board, approval by a signatory, issue."""

import datetime
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone

from policylib.accounts import access
from policylib.accounts.access import DraftAction
from policylib.audit import services as audit
from policylib.library import files, lifecycle
from policylib.library import services as library_services
from policylib.library.archives import ArchiveRefused
from policylib.library.models import Document
from policylib.reviews import notifications
from policylib.reviews.models import (
    EDITABLE_STATES,
    ApprovalStep,
    Decision,
    Draft,
    DraftState,
    Role,
    StepKind,
)
from policylib.reviews.services.common import (
    DRAFT_FILE_TYPES,
    ReviewError,
    Upload,
    _after_commit,
    _lock,
    _name,
    _people_with_role,
    _require,
    _require_state,
    _safe_name,
    _user,
)
from policylib.reviews.services.drafting import _check_identifier_free
from policylib.reviews.services.revcom import unanswered_substantive
from policylib.reviews.signals import revision_issued


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
    except (files.FileTooLarge, ArchiveRefused) as error:
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
