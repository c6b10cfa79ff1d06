"""Email from the drafting and review tools. Called after the change commits.

Email leaves the library's access control, so a draft is named by its title only when the
access module's `email_may_carry` allows it (a draft marked Public); otherwise the message says
"a draft" and links to it, and the link asks the reader to sign in.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from policylib.accounts.access import email_link, email_may_carry
from policylib.emails import absolute, label, name_or
from policylib.reviews.models import (
    OPI_ROLES,
    ApprovalStep,
    Assignment,
    CommentPeriod,
    Decision,
    Draft,
    OfficeResponse,
    OfficeReview,
    Role,
    StepKind,
)


def _label(draft: Draft) -> str:
    return name_or(draft, f"a draft marked {draft.get_marking_display()} (No. {draft.pk})")


def _instructions(draft: Draft, text: str) -> list[str]:
    """Instructions speak of the draft's content: they travel only where its title may."""
    if not text:
        return []
    if email_may_carry(draft):
        return [f"Instructions: {text}"]
    return ["The instructions are on the review page."]


def _link(path: str) -> str:
    return absolute(path)


def _people(*, role: str, office=None):
    people = (
        get_user_model()
        .objects.filter(is_active=True, office_memberships__role=role)
        .exclude(email="")
    )
    if office is not None:
        people = people.filter(office_memberships__office=office)
    return people.distinct()


def _opi(draft: Draft) -> list:
    people = (
        get_user_model()
        .objects.filter(
            is_active=True,
            office_memberships__office=draft.office,
            office_memberships__role__in=OPI_ROLES,
        )
        .exclude(email="")
    )
    return list(people.distinct())


def _send(*, to, subject: str, lines: list[str], link: str, also: list[str] = ()) -> None:
    addresses = sorted({person.email for person in to if person.email} | set(also))
    if not addresses:
        return
    body = render_to_string("reviews/email/notice.txt", {"lines": lines, "link": link})
    # One message per person: nobody learns who else was told.
    for address in addresses:
        EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]
        ).send()


def period_opened(*, period_id: int) -> None:
    period = CommentPeriod.objects.select_related("draft").get(pk=period_id)
    draft = period.draft
    for office_review in period.offices.select_related("office"):
        _send(
            to=_people(role=Role.DPC, office=office_review.office),
            subject=f"Comment period opened: {_label(draft)}",
            lines=[
                f"{draft.office} asks {office_review.office} to review {_label(draft)}.",
                f"Comments are due by {period.due_on:%B %d, %Y}. As the office's directives "
                "point of contact (DPC), assign reviewers, consolidate their comments and "
                "submit the office's position (comments, or no comment).",
                *_instructions(draft, period.instructions),
            ],
            link=_link(office_review.get_absolute_url()),
        )


def period_withdrawn(*, draft_id: int, office_ids: list[int]) -> None:
    draft = Draft.objects.get(pk=draft_id)
    for office_review in OfficeReview.objects.filter(
        period__draft=draft, office_id__in=office_ids
    ).select_related("office"):
        _send(
            to=_people(role=Role.DPC, office=office_review.office),
            subject=f"Comment period withdrawn: {_label(draft)}",
            lines=[f"{draft.office} cancelled {_label(draft)}; no comments are needed."],
            link=_link(draft.get_absolute_url()),
        )


def reviewer_assigned(*, assignment_id: int) -> None:
    assignment = Assignment.objects.select_related(
        "office_review__period__draft", "office_review__office", "reviewer"
    ).get(pk=assignment_id)
    draft = assignment.office_review.period.draft
    _send(
        to=[assignment.reviewer],
        subject=f"Please review {_label(draft)} by {assignment.due_on:%b %d, %Y}",
        lines=[
            f"Your DPC asks you to review {_label(draft)} for {assignment.office_review.office}.",
            f"Your comments are due by {assignment.due_on:%B %d, %Y}.",
            *_instructions(draft, assignment.instructions),
        ],
        link=_link(assignment.office_review.get_absolute_url()),
    )


def position_submitted(*, office_review_id: int) -> None:
    office_review = OfficeReview.objects.select_related("period__draft", "office").get(
        pk=office_review_id
    )
    draft = office_review.period.draft
    answer = (
        "no comment"
        if office_review.response == OfficeResponse.NO_COMMENT
        else f"{office_review.comments.filter(number__isnull=False).count()} comment(s)"
    )
    _send(
        to=_opi(draft),
        subject=f"{office_review.office} answered on {_label(draft)}",
        lines=[f"{office_review.office} submitted its position on {_label(draft)}: {answer}."],
        link=_link(office_review.period.get_absolute_url()),
    )


def period_closed(*, period_id: int) -> None:
    period = CommentPeriod.objects.select_related("draft").get(pk=period_id)
    late = [str(o.office) for o in period.offices.filter(response=OfficeResponse.NO_RESPONSE)]
    _send(
        to=_opi(period.draft),
        subject=f"Comment period closed: {_label(period.draft)}",
        lines=[
            f"The comment period on {_label(period.draft)} is closed.",
            *([f"No response from: {', '.join(late)}."] if late else []),
            "Answer every comment; substantive comments need an answer before the draft "
            "can go for concurrence.",
        ],
        link=_link(period.get_absolute_url()),
    )


def step_sent(*, step_id: int) -> None:
    step = ApprovalStep.objects.select_related("draft", "assignee").get(pk=step_id)
    draft = step.draft
    if step.kind == StepKind.CONCURRENCE:
        to, asked = list(_people(role=Role.BOARD)), "concurrence by the review board"
    else:
        to, asked = [step.assignee] if step.assignee else [], "your approval as signatory"
    _send(
        to=to,
        subject=f"For {asked}: {_label(draft)}",
        lines=[
            f"{_label(draft)} from {draft.office} is sent for {asked}.",
            *([f"Note: {step.send_note}"] if step.send_note else []),
        ],
        link=_link(draft.get_absolute_url()),
    )


def step_decided(*, step_id: int) -> None:
    step = ApprovalStep.objects.select_related("draft", "decided_by").get(pk=step_id)
    draft = step.draft
    who = _name(step.decided_by) if step.decided_by else "someone"
    lines = [f"{_label(draft)}: {step.get_kind_display()}: {step.get_decision_display()} by {who}."]
    if step.decision_note:
        lines.append(f"Comments: {step.decision_note}")
    staff = []
    if step.decision == Decision.APPROVED:
        lines.append("Library staff can now issue it.")
        staff = settings.POLICYLIB_LIBRARY_STAFF_EMAILS
    _send(
        to=_opi(draft),
        also=staff,
        subject=f"{step.get_decision_display()}: {_label(draft)}",
        lines=lines,
        link=_link(draft.get_absolute_url()),
    )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def issued(*, draft_id: int) -> None:
    draft = Draft.objects.select_related("issued_document").get(pk=draft_id)
    document = draft.issued_document
    named = name_or(document, _label(draft))
    _send(
        to=_opi(draft),
        subject=f"Issued: {named}",
        lines=[
            f"{named} was issued on {document.issued_on:%B %d, %Y} as version {document.version}.",
            *_supersedes(document),
        ],
        link=_link(email_link(document)),
    )


def _supersedes(document) -> list[str]:
    """What the issued document superseded, as far as email may name it (the rest is on the
    document's page)."""
    named = [
        label(old)
        for old in document.supersedes.order_by("identifier", "pk")
        if email_may_carry(old)
    ]
    return [f"It supersedes {'; '.join(named)}."] if named else []
