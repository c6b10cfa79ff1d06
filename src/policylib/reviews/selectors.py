"""Reads of the drafting and review tools. Each starts from `visible_drafts(user)`."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from policylib.accounts.access import (
    Action,
    CommentAction,
    DraftAction,
    OfficeReviewAction,
    can,
    can_comment,
    can_draft,
    can_office_review,
    get_draft_or_404,
    has_role,
    is_library_staff,
    offices_with_role,
    visible_comments,
    visible_documents,
    visible_drafts,
)
from policylib.library.models import Document
from policylib.reviews.models import (
    CLOSED_STATES,
    EDITABLE_STATES,
    OPI_ROLES,
    Assignment,
    Comment,
    CommentCategory,
    CommentPeriod,
    Decision,
    Draft,
    DraftState,
    OfficeResponse,
    OfficeReview,
    Role,
    StepKind,
)


def _today() -> datetime.date:
    return timezone.localdate()


def drafts_for(user, *, include_closed: bool = False) -> QuerySet[Draft]:
    drafts = visible_drafts(user).select_related("office", "revises", "document_type")
    if not include_closed:
        drafts = drafts.exclude(state__in=CLOSED_STATES)
    return drafts.order_by("-updated_at")


# -- Lookups for one person: missing and not allowed are the same 404 ---------------------------


def get_period_or_404(user, pk: int) -> CommentPeriod:
    """A comment period, for those who may see its draft."""
    period = get_object_or_404(CommentPeriod.objects.select_related("draft"), pk=pk)
    get_draft_or_404(user, period.draft_id)
    return period


def get_office_review_or_404(user, pk: int) -> OfficeReview:
    """One office's part of a comment period, for the people of that office (and staff)."""
    office_review = get_object_or_404(
        OfficeReview.objects.select_related("office", "period__draft"), pk=pk
    )
    if not can_office_review(user, OfficeReviewAction.VIEW, office_review):
        raise Http404("No such office review.")
    return office_review


def get_comment_or_404(user, pk: int) -> Comment:
    """A comment, for the people of its office who may read it (its author and the office's
    DPC until the position is submitted); the services decide who may change it."""
    comment = get_object_or_404(
        Comment.objects.select_related("office_review__office", "office_review__period__draft"),
        pk=pk,
    )
    if not (
        can_office_review(user, OfficeReviewAction.VIEW, comment.office_review)
        and can_comment(user, CommentAction.VIEW, comment)
    ):
        raise Http404("No such comment.")
    return comment


def consolidation_candidates(user, keep: Comment) -> QuerySet[Comment]:
    """The comments of `keep`'s office position (`keep` too), as far as `user` may read them:
    what may be merged into it."""
    from policylib.reviews.services import position_comments

    return visible_comments(user, position_comments(keep.office_review))


def get_submitted_comment_or_404(user, pk: int) -> Comment:
    """A comment in a submitted office position, for those who may see its draft (the OPI
    answers it from the matrix)."""
    comment = get_object_or_404(
        Comment.objects.select_related("office_review__office", "office_review__period__draft"),
        pk=pk,
        number__isnull=False,
    )
    get_draft_or_404(user, comment.office_review.period.draft_id)
    return comment


def working_copy_of(document: Document) -> Draft | None:
    """The open working copy of `document`, if it is checked out."""
    return (
        Draft.objects.filter(revises=document)
        .exclude(state__in=CLOSED_STATES)
        .select_related("created_by")
        .first()
    )


def shown_document(user, document: Document | None) -> Document | None:
    """`document` if `user` may see it; otherwise nothing, as if there were none."""
    if document is None or not can(user, Action.VIEW, document):
        return None
    return document


def shown_supersedes(user, draft: Draft) -> QuerySet[Document]:
    """The other documents `draft` supersedes, as far as `user` may see them."""
    return visible_documents(user, draft.supersedes.all()).order_by("identifier")


def history(draft: Draft):
    return draft.history.select_related("saved_by", "file").order_by("-number")


def actions_for(user, draft: Draft) -> set[str]:
    """What `user` may do to `draft` now: their role and the draft's state together."""
    actions: set[str] = set()
    state = draft.state
    if state in EDITABLE_STATES and can_draft(user, DraftAction.EDIT, draft):
        actions.add("edit")
    if state not in CLOSED_STATES and can_draft(user, DraftAction.CANCEL, draft):
        actions.add("cancel")
    if state in EDITABLE_STATES and can_draft(user, DraftAction.MANAGE, draft):
        actions.update({"open_period", "send"})
    if state in (DraftState.DRAFTING, DraftState.IN_REVIEW, DraftState.RESOLVING) and can_draft(
        user, DraftAction.ANSWER, draft
    ):
        actions.add("answer")
    if state == DraftState.CONCURRENCE and can_draft(user, DraftAction.CONCUR, draft):
        actions.add("concur")
    if state == DraftState.APPROVAL and can_draft(user, DraftAction.APPROVE, draft):
        actions.add("approve")
    if state == DraftState.APPROVED and can_draft(user, DraftAction.ISSUE, draft):
        actions.add("issue")
    return actions


def periods_of(draft: Draft) -> QuerySet[CommentPeriod]:
    return draft.periods.annotate(
        invited=Count("offices", distinct=True),
        answered=Count(
            "offices",
            filter=Q(offices__response__in=[OfficeResponse.COMMENTS, OfficeResponse.NO_COMMENT]),
            distinct=True,
        ),
    ).order_by("-opened_at")


def submitted_comments(draft_or_period) -> QuerySet[Comment]:
    """Comments in submitted office positions, with what the matrix shows of them."""
    comments = Comment.objects.filter(number__isnull=False, dropped=False, merged_into=None)
    if isinstance(draft_or_period, CommentPeriod):
        comments = comments.filter(office_review__period=draft_or_period)
    else:
        comments = comments.filter(office_review__period__draft=draft_or_period)
    return comments.select_related(
        "office_review__office", "office_review__period", "author", "answered_by"
    )


def _natural(value: str) -> tuple:
    """Sort "2.10" after "2.9": numbers by value, the rest by text."""
    import re

    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", value or "")
        if part
    )


MATRIX_ORDERS = {"office": "By number (office)", "section": "By section"}


@dataclass
class MatrixGroup:
    heading: str
    comments: list[Comment]


@dataclass
class Matrix:
    period: CommentPeriod
    order: str
    groups: list[MatrixGroup]
    offices: list[OfficeReview]

    @property
    def comments(self) -> list[Comment]:
        return [comment for group in self.groups for comment in group.comments]


def matrix(period: CommentPeriod, order: str = "office") -> Matrix:
    """The comment resolution matrix: every submitted comment and its answer, grouped."""
    order = order if order in MATRIX_ORDERS else "office"
    comments = list(submitted_comments(period))

    def location(comment: Comment) -> tuple:
        return (_natural(comment.section), _natural(comment.page), _natural(comment.line))

    if order == "section":
        comments.sort(key=lambda c: (location(c), c.office_review.office.name, c.number))
        keys = [c.section or "No section given" for c in comments]
    else:
        # Numbers run in the order the offices submitted, so by number is also by office.
        comments.sort(key=lambda c: c.number)
        keys = [str(c.office_review.office) for c in comments]
    groups: list[MatrixGroup] = []
    for key, comment in zip(keys, comments, strict=True):
        if not groups or groups[-1].heading != key:
            groups.append(MatrixGroup(key, []))
        groups[-1].comments.append(comment)
    offices = list(period.offices.select_related("office", "submitted_by"))
    return Matrix(period=period, order=order, groups=groups, offices=offices)


@dataclass
class PeriodStatus:
    period: CommentPeriod
    offices: list[OfficeReview]
    responded: int
    invited: int
    comments: int
    open_comments: int
    open_substantive: int
    days_left: int | None

    @property
    def days_left_text(self) -> str:
        if self.days_left is None:
            return f"Closed on {timezone.localtime(self.period.closed_at):%b %d, %Y}"
        if self.days_left == 0:
            return "Due today"
        if self.days_left == 1:
            return "1 day left"
        return f"{self.days_left} days left"


def period_status(period: CommentPeriod) -> PeriodStatus:
    offices = list(
        period.offices.select_related("office", "submitted_by").annotate(
            comment_count=Count("comments", filter=Q(comments__number__isnull=False))
        )
    )
    comments = submitted_comments(period)
    days_left = None
    if period.is_open:
        days_left = max((period.due_on - _today()).days, 0)
    return PeriodStatus(
        period=period,
        offices=offices,
        responded=sum(
            o.response in (OfficeResponse.COMMENTS, OfficeResponse.NO_COMMENT) for o in offices
        ),
        invited=len(offices),
        comments=comments.count(),
        open_comments=comments.filter(disposition="").count(),
        open_substantive=comments.filter(
            disposition="", category=CommentCategory.SUBSTANTIVE
        ).count(),
        days_left=days_left,
    )


def office_review_for(user, office_review: OfficeReview) -> dict:
    """What one office's workspace shows `user`: its comments (all, for the office's own people),
    its assignments, and what `user` may do there."""
    may_consolidate = can_office_review(user, OfficeReviewAction.CONSOLIDATE, office_review)
    comments = visible_comments(user, office_review.comments.all())
    comments = comments.select_related("author", "merged_into").order_by("id")
    if not may_consolidate:
        # A reviewer sees their own comments until the office's position is submitted.
        if office_review.is_pending:
            comments = comments.filter(author=user)
        else:
            comments = comments.filter(number__isnull=False, dropped=False, merged_into=None)
    open_now = office_review.period.is_open and office_review.is_pending
    started = office_review.period.starts_on <= _today()
    return {
        "comments": list(comments),
        "assignments": list(office_review.assignments.select_related("reviewer")),
        "may_assign": open_now
        and can_office_review(user, OfficeReviewAction.ASSIGN, office_review),
        "may_comment": open_now
        and started
        and can_office_review(user, OfficeReviewAction.COMMENT, office_review),
        "may_consolidate": open_now and may_consolidate,
        "my_assignment": office_review.assignments.filter(reviewer=user).first()
        if getattr(user, "is_authenticated", False)
        else None,
    }


# -- My reviews ---------------------------------------------------------------------------------


@dataclass
class Waiting:
    """One thing waiting for the person: what, for which draft, by when."""

    what: str
    draft: Draft
    url: str
    due_on: datetime.date | None = None
    detail: str = ""

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < _today()

    @property
    def days_left(self) -> int | None:
        return (self.due_on - _today()).days if self.due_on else None


@dataclass
class MyReviews:
    assignments: list[Waiting] = field(default_factory=list)
    office_positions: list[Waiting] = field(default_factory=list)
    my_drafts: list[Draft] = field(default_factory=list)
    decisions: list[Waiting] = field(default_factory=list)
    to_issue: list[Waiting] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.assignments
            or self.office_positions
            or self.my_drafts
            or self.decisions
            or self.to_issue
        )


def my_reviews(user) -> MyReviews:
    """Everything that waits for `user` in the review tools, soonest due first."""
    mine = MyReviews()
    if not getattr(user, "is_authenticated", False):
        return mine
    visible = visible_drafts(user)
    assignments = (
        Assignment.objects.filter(
            reviewer=user,
            completed_at__isnull=True,
            office_review__response=OfficeResponse.PENDING,
            office_review__period__closed_at__isnull=True,
            office_review__period__draft__in=visible,
        )
        .select_related("office_review__office", "office_review__period__draft")
        .order_by("due_on")
    )
    mine.assignments = [
        Waiting(
            what=f"Review for {a.office_review.office}",
            draft=a.office_review.period.draft,
            url=a.office_review.get_absolute_url(),
            due_on=a.due_on,
        )
        for a in assignments
    ]
    dpc_offices = offices_with_role(user, Role.DPC)
    positions = (
        OfficeReview.objects.filter(
            office__in=dpc_offices,
            response=OfficeResponse.PENDING,
            period__closed_at__isnull=True,
            period__draft__in=visible,
        )
        .select_related("office", "period__draft")
        .annotate(
            assigned=Count("assignments", distinct=True),
            comment_count=Count("comments", distinct=True),
        )
        .order_by("period__due_on")
    )
    mine.office_positions = [
        Waiting(
            what=f"Position of {o.office}",
            draft=o.period.draft,
            url=o.get_absolute_url(),
            due_on=o.period.due_on,
            detail=f"{o.assigned} reviewer(s) assigned, {o.comment_count} comment(s) so far",
        )
        for o in positions
    ]
    opi_offices = offices_with_role(user, *OPI_ROLES)
    mine.my_drafts = list(
        drafts_for(user)
        .filter(office__in=opi_offices)
        .annotate(
            open_substantive=Count(
                "periods__offices__comments",
                filter=Q(
                    periods__offices__comments__number__isnull=False,
                    periods__offices__comments__dropped=False,
                    periods__offices__comments__merged_into=None,
                    periods__offices__comments__disposition="",
                    periods__offices__comments__category=CommentCategory.SUBSTANTIVE,
                ),
            )
        )
    )
    if has_role(user, Role.BOARD):
        for draft in visible.filter(state=DraftState.CONCURRENCE):
            mine.decisions.append(
                Waiting("Concurrence by the review board", draft, draft.get_absolute_url())
            )
    for draft in visible.filter(
        state=DraftState.APPROVAL,
        signatory=user,
        steps__kind=StepKind.APPROVAL,
        steps__decision=Decision.PENDING,
    ).distinct():
        mine.decisions.append(Waiting("Approval as signatory", draft, draft.get_absolute_url()))
    if is_library_staff(user):
        mine.to_issue = [
            Waiting("Issue", draft, draft.get_absolute_url())
            for draft in visible.filter(state=DraftState.APPROVED)
        ]
    return mine
