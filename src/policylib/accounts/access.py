"""Who may see and do what. The one place access rules live.

Every list, page, file download, relation list, feed, search result and API response starts
from `visible_documents(user)` or asks `can(user, action, document)`. A document a reader may
not see does not exist for them: its views answer 404 and its title appears nowhere.

The rules:
- Library staff (the `library.change_document` permission) see and manage everything.
- Drafts are seen only by library staff.
- Public documents: anyone. Internal: anyone signed in. Restricted: members of one of the
  document's `restricted_to` groups (a Restricted document with no group is for staff only).
- Drafts in the Development Tools: see `visible_drafts` below.
- Agreements (the MOA/MOU Library) follow the same markings; draft agreements are for staff.
- Delegations of authority, positions and authorities are readable by anyone; the library
  documents they cite keep their own marking. The delegations report is for staff.
"""

from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from policylib.agreements.models import Agreement, Stage
from policylib.delegations.models import Delegation
from policylib.library.models import Document, Marking, Status
from policylib.reviews.models import (
    OPI_ROLES,
    ApprovalStep,
    Comment,
    Draft,
    OfficeMembership,
    OfficeReview,
    Role,
    StepKind,
)


class Action(StrEnum):
    VIEW = "view"
    DOWNLOAD = "download"
    SEND = "send"
    EDIT = "edit"
    ISSUE = "issue"
    SUPERSEDE = "supersede"
    CANCEL = "cancel"
    ARCHIVE = "archive"


READ_ACTIONS = frozenset({Action.VIEW, Action.DOWNLOAD, Action.SEND})
STAFF_PERMISSION = "library.change_document"


def is_library_staff(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and user.has_perm(STAFF_PERMISSION)
    )


def _marking_filter(user, model=Document) -> Q:
    """The marking rule, for any model with `marking` and a `restricted_to` set of groups."""
    allowed = Q(marking=Marking.PUBLIC)
    if getattr(user, "is_authenticated", False) and user.is_active:
        links = model.restricted_to.through
        owner = model.restricted_to.field.m2m_field_name()
        member_of_a_named_group = Exists(
            links.objects.filter(**{f"{owner}_id": OuterRef("pk"), "group__user": user})
        )
        allowed |= Q(marking=Marking.INTERNAL)
        allowed |= Q(marking=Marking.RESTRICTED) & Q(member_of_a_named_group)
    return allowed


def visible_documents(user, queryset: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """The documents `user` may see, narrowed from `queryset` (all documents by default)."""
    documents = Document.objects.all() if queryset is None else queryset
    if is_library_staff(user):
        return documents
    return documents.filter(_marking_filter(user)).exclude(status=Status.DRAFT)


def can(user, action: Action | str, document: Document) -> bool:
    """May `user` do `action` to `document`?"""
    action = Action(action)
    if is_library_staff(user):
        return True
    if action not in READ_ACTIONS:
        return False
    return _may_read(user, document)


def _may_read(user, document: Document) -> bool:
    if document.status == Status.DRAFT:
        return False
    if document.marking == Marking.PUBLIC:
        return True
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if document.marking == Marking.INTERNAL:
        return True
    return document.restricted_to.filter(user=user).exists()


def get_document_or_404(user, pk: int, action: Action = Action.VIEW) -> Document:
    """The document, or 404 when it does not exist or `user` may not `action` it."""
    try:
        document = Document.objects.select_related("library", "document_type", "opi").get(pk=pk)
    except Document.DoesNotExist:
        raise Http404("No such document.") from None
    if not can(user, action, document):
        # The same answer as a missing document, so nothing is learnt by guessing.
        raise Http404("No such document.")
    return document


def marking_label(document: Document) -> str:
    """How a document's handling is shown to those who may see it."""
    if document.marking != Marking.RESTRICTED:
        return document.get_marking_display()
    groups = ", ".join(sorted(group.name for group in document.restricted_to.all()))
    return f"Restricted ({groups})" if groups else "Restricted (library staff only)"


# -- Agreements (the MOA/MOU Library) ---------------------------------------------------------


def visible_agreements(user, queryset: QuerySet[Agreement] | None = None) -> QuerySet[Agreement]:
    """The agreements `user` may see, narrowed from `queryset` (all agreements by default)."""
    agreements = Agreement.objects.all() if queryset is None else queryset
    if is_library_staff(user):
        return agreements
    return agreements.filter(_marking_filter(user, Agreement)).exclude(stage=Stage.DRAFT)


def can_view_agreement(user, agreement: Agreement) -> bool:
    """May `user` see `agreement`, its files and its modifications?"""
    return visible_agreements(user, Agreement.objects.filter(pk=agreement.pk)).exists()


def get_agreement_or_404(user, pk: int) -> Agreement:
    """The agreement, or 404 when it does not exist or `user` may not see it."""
    agreement = (
        visible_agreements(user)
        .select_related("agreement_type", "owner_office")
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404("No such agreement.")
    return agreement


# -- Delegations of authority -----------------------------------------------------------------


def visible_delegations(user, queryset: QuerySet[Delegation] | None = None) -> QuerySet[Delegation]:
    """The delegations `user` may see: all of them, since who may act is a public record."""
    return Delegation.objects.all() if queryset is None else queryset


def may_see_delegations_report(user) -> bool:
    """The report of broken delegation chains is a working list for library staff."""
    return is_library_staff(user)


# -- Drafts in the Development Tools (drafting, review and comment, approval) -----------------
#
# - Library staff see every draft.
# - The authors and policy owners of the draft's office (the OPI) see their office's drafts.
# - Everyone with a role in an office invited to a comment period sees the draft from then on.
# - Review board members see drafts once sent for concurrence; a signatory, drafts sent to them.
# - A Restricted draft is seen, besides library staff, only by those also in one of its groups.


class DraftAction(StrEnum):
    VIEW = "view"
    EDIT = "edit"  # save the record and file: the OPI's authors and policy owners
    CANCEL = "cancel"  # cancel the check-out: a policy owner, or the author who checked out
    MANAGE = "manage"  # open comment periods, send for concurrence: a policy owner
    ANSWER = "answer"  # answer comments: the OPI's authors and policy owners
    CONCUR = "concur"  # a review board member
    APPROVE = "approve"  # the signatory the draft was sent to
    ISSUE = "issue"  # library staff publish


class OfficeReviewAction(StrEnum):
    VIEW = "view"
    ASSIGN = "assign"  # the office's DPC
    COMMENT = "comment"  # the office's DPC and the reviewers assigned
    CONSOLIDATE = "consolidate"  # the office's DPC: merge, edit, drop, submit the position


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def has_role(user, role: str, office=None) -> bool:
    """Does `user` hold `role` (in `office`, or in any office when none is given)?"""
    if not _signed_in(user):
        return False
    memberships = OfficeMembership.objects.filter(user=user, role=role)
    if office is not None:
        memberships = memberships.filter(office=office)
    return memberships.exists()


def offices_with_role(user, *roles: str):
    """The offices where `user` holds one of `roles`."""
    from policylib.library.models import Office

    if not _signed_in(user):
        return Office.objects.none()
    return Office.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def visible_drafts(user, queryset: QuerySet[Draft] | None = None) -> QuerySet[Draft]:
    """The drafts `user` may see, narrowed from `queryset` (all drafts by default)."""
    drafts = Draft.objects.all() if queryset is None else queryset
    if is_library_staff(user):
        return drafts
    if not _signed_in(user):
        return drafts.none()
    in_opi = Exists(
        OfficeMembership.objects.filter(user=user, office=OuterRef("office"), role__in=OPI_ROLES)
    )
    invited = Exists(
        OfficeReview.objects.filter(period__draft=OuterRef("pk"), office__memberships__user=user)
    )
    sent_to_me = Exists(ApprovalStep.objects.filter(draft=OuterRef("pk"), assignee=user))
    allowed = Q(in_opi) | Q(invited) | Q(sent_to_me)
    if has_role(user, Role.BOARD):
        allowed |= Q(
            Exists(ApprovalStep.objects.filter(draft=OuterRef("pk"), kind=StepKind.CONCURRENCE))
        )
    in_a_named_group = Exists(
        Draft.restricted_to.through.objects.filter(draft_id=OuterRef("pk"), group__user=user)
    )
    readable = ~Q(marking=Marking.RESTRICTED) | Q(in_a_named_group)
    return drafts.filter(allowed & readable)


def can_draft(user, action: DraftAction | str, draft: Draft) -> bool:
    """May `user` do `action` to `draft`? (Who may; when is the review services' business.)"""
    action = DraftAction(action)
    if action == DraftAction.ISSUE:
        return is_library_staff(user)
    if not visible_drafts(user, Draft.objects.filter(pk=draft.pk)).exists():
        return False
    if action == DraftAction.VIEW:
        return True
    if action in (DraftAction.EDIT, DraftAction.ANSWER):
        return has_role(user, Role.AUTHOR, draft.office) or has_role(user, Role.OWNER, draft.office)
    if action == DraftAction.CANCEL:
        return has_role(user, Role.OWNER, draft.office) or (
            draft.created_by_id == user.pk and has_role(user, Role.AUTHOR, draft.office)
        )
    if action == DraftAction.MANAGE:
        return has_role(user, Role.OWNER, draft.office)
    if action == DraftAction.CONCUR:
        return has_role(user, Role.BOARD)
    if action == DraftAction.APPROVE:
        return draft.signatory_id == user.pk and has_role(user, Role.SIGNATORY)
    return False


def get_draft_or_404(user, pk: int) -> Draft:
    """The draft, or 404 when it does not exist or `user` may not see it."""
    draft = (
        visible_drafts(user)
        .select_related("office", "library", "document_type", "revises", "file")
        .filter(pk=pk)
        .first()
    )
    if draft is None:
        raise Http404("No such draft.")
    return draft


def may_revise(user, document: Document) -> bool:
    """May `user` check out a working copy of `document`? Its OPI's authors and owners may."""
    return (
        document.status == Status.CURRENT
        and document.opi_id is not None
        and can(user, Action.VIEW, document)
        and offices_with_role(user, *OPI_ROLES).filter(pk=document.opi_id).exists()
    )


def can_office_review(user, action: OfficeReviewAction | str, office_review: OfficeReview) -> bool:
    """May `user` do `action` in `office_review`, one office's part of a comment period?"""
    action = OfficeReviewAction(action)
    draft = office_review.period.draft
    if not can_draft(user, DraftAction.VIEW, draft):
        return False
    is_dpc = has_role(user, Role.DPC, office_review.office)
    if action in (OfficeReviewAction.ASSIGN, OfficeReviewAction.CONSOLIDATE):
        return is_dpc
    if action == OfficeReviewAction.COMMENT:
        return is_dpc or office_review.assignments.filter(reviewer=user).exists()
    return (
        is_library_staff(user)
        or OfficeMembership.objects.filter(user=user, office=office_review.office).exists()
    )


# A comment is its author's and its office DPC's while the office consolidates; nobody else
# (another reviewer of the office, other offices, library staff) learns it exists. Once the
# office submits its position, the comments in it are the office's answer, read by all who may
# see the draft (in its comment resolution matrix).


class CommentAction(StrEnum):
    VIEW = "view"
    CONSOLIDATE = "consolidate"  # edit, merge, drop: a DPC of the comment's office


def _in_submitted_position() -> Q:
    return Q(number__isnull=False, dropped=False, merged_into__isnull=True)


def visible_comments(user, queryset: QuerySet[Comment] | None = None) -> QuerySet[Comment]:
    """The comments `user` may read, narrowed from `queryset` (all comments by default)."""
    comments = Comment.objects.all() if queryset is None else queryset
    if not _signed_in(user):
        return comments.none()
    dpc_of = OfficeMembership.objects.filter(user=user, role=Role.DPC).values("office")
    mine = Q(author=user) | Q(office_review__office__in=dpc_of)
    return comments.filter(office_review__period__draft__in=visible_drafts(user)).filter(
        mine | _in_submitted_position()
    )


def can_comment(user, action: CommentAction | str, comment: Comment) -> bool:
    """May `user` do `action` to `comment`?"""
    action = CommentAction(action)
    office_review = comment.office_review
    if not can_draft(user, DraftAction.VIEW, office_review.period.draft):
        return False
    is_dpc = has_role(user, Role.DPC, office_review.office)
    if action == CommentAction.CONSOLIDATE:
        return is_dpc
    if is_dpc or (comment.author_id is not None and comment.author_id == user.pk):
        return True
    return comment.number is not None and not comment.is_consolidated_away


# -- Email ------------------------------------------------------------------------------------


def email_may_carry(record: Document | Draft | Agreement) -> bool:
    """May an email name `record`: its title, identifier, summary or other details?

    Email leaves the server: it is forwarded, kept, read on any device, beyond the reach of
    these rules. So only what anyone may read travels in it: a Public document or agreement that
    is not a draft, or a Public draft in the drafting tools (those emails are about the draft).
    Anything else is named only by a link to sign in and read it; whether the recipient may be
    told at all is still asked of `can`, `can_draft` or `can_view_agreement`.
    """
    if record.marking != Marking.PUBLIC:
        return False
    if isinstance(record, Document):
        return record.status != Status.DRAFT
    if isinstance(record, Agreement):
        return record.stage != Stage.DRAFT
    return isinstance(record, Draft)


def email_link(record: Document | Draft | Agreement) -> str:
    """The address an email links `record` by (a path; the sender makes it absolute).

    A document's readable address carries its title (`/documents/12/escort-policy/`), so one
    the email may not name is linked by its number alone, which opens the same page for whoever
    may read it after signing in.
    """
    if isinstance(record, Document) and not email_may_carry(record):
        return reverse("library:document_short", args=[record.pk])
    return record.get_absolute_url()


__all__ = [
    "Action",
    "CommentAction",
    "DraftAction",
    "OfficeReviewAction",
    "can",
    "can_comment",
    "can_draft",
    "can_office_review",
    "can_view_agreement",
    "email_link",
    "email_may_carry",
    "get_agreement_or_404",
    "get_document_or_404",
    "get_draft_or_404",
    "has_role",
    "is_library_staff",
    "marking_label",
    "may_revise",
    "may_see_delegations_report",
    "offices_with_role",
    "visible_agreements",
    "visible_comments",
    "visible_delegations",
    "visible_documents",
    "visible_drafts",
]
