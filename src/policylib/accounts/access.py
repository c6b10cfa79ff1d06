"""Who may see and do what. The one place access rules live.

Every list, page, file download, relation list, feed, search result and API response starts
from `visible_documents(user)` or asks `can(user, action, document)`. A document a reader may
not see does not exist for them: its views answer 404 and its title appears nowhere.

The rules:
- Library staff (the `library.change_document` permission) see and manage everything.
- Drafts are seen only by library staff.
- Public documents: anyone. Internal: anyone signed in. Restricted: members of one of the
  document's `restricted_to` groups (a Restricted document with no group is for staff only).
"""

from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from policylib.library.models import Document, Marking, Status


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


def _marking_filter(user) -> Q:
    allowed = Q(marking=Marking.PUBLIC)
    if getattr(user, "is_authenticated", False) and user.is_active:
        member_of_a_named_group = Exists(
            Document.restricted_to.through.objects.filter(
                document_id=OuterRef("pk"), group__user=user
            )
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


__all__ = [
    "Action",
    "can",
    "get_document_or_404",
    "is_library_staff",
    "marking_label",
    "visible_documents",
]
