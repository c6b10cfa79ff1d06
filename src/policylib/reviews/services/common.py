"""What the review services share: errors, the record fields of a draft, small helpers."""

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from policylib.audit import services as audit
from policylib.library import files
from policylib.library.models import Office
from policylib.reviews.models import Draft

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


class InvalidValue(ReviewError):
    """A value of the request the rules refuse whatever the draft's state (a bad request):
    `field` names it."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


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
    """The record as the audit trail keeps it (related objects by their text)."""
    return audit.snapshot(draft, RECORD_FIELDS)


# Record fields that point at library documents: a save keeps their ids, never their titles,
# and each reader is shown only those they may see (see `policylib.reviews.history`).
DOCUMENT_FIELDS = {"supersedes"}


def history_snapshot(draft: Draft) -> dict[str, Any]:
    """The record as a save in the draft's history keeps it: documents by id."""
    snapshot = record_snapshot(draft)
    for name in DOCUMENT_FIELDS:
        snapshot[name] = sorted(getattr(draft, name).values_list("pk", flat=True))
    return snapshot


def _safe_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:255] or "draft"


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _people(office: Office, role: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, office_memberships__office=office, office_memberships__role=role
    )


def _people_with_role(role: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, office_memberships__role=role).distinct()
