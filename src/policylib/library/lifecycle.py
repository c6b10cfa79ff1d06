"""The life of a document: issue, supersede, cancel, archive. The one place these rules live.

Transitions never delete anything: a superseded, cancelled or archived document stays in the
library (under Archives) with its files and links, and every transition is in the audit trail.
"""

import datetime
from collections import deque

from django.db import transaction
from django.utils import timezone

from policylib.audit import services as audit
from policylib.library.events import documents_changed
from policylib.library.models import ARCHIVED_STATUSES, Document, Status, Supersession


class LifecycleError(ValueError):
    """A transition the rules refuse; the message is meant for the person who asked."""


# Which statuses each transition starts from, and where it leads.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "issue": (frozenset({Status.DRAFT}), Status.CURRENT),
    "cancel": (frozenset({Status.DRAFT, Status.CURRENT}), Status.CANCELLED),
    "archive": (frozenset({Status.CURRENT, Status.SUPERSEDED, Status.CANCELLED}), Status.ARCHIVED),
}


def allowed_transitions(document: Document) -> list[str]:
    return [name for name, (sources, _) in TRANSITIONS.items() if document.status in sources]


def _today() -> datetime.date:
    return timezone.localdate()


def _move(
    document: Document, transition: str, *, by, on: datetime.date, note: str, changes=None
) -> None:
    sources, target = TRANSITIONS[transition]
    if document.status not in sources:
        raise LifecycleError(
            f"{document.identifier} is {document.get_status_display()}; "
            f"it cannot be {_past_tense(transition)}."
        )
    _set_status(
        document,
        target,
        by=by,
        on=on,
        action=f"document.{_past_tense(transition)}",
        note=note,
        changes=changes,
    )


def _set_status(
    document: Document, status: str, *, by, on, action: str, note: str = "", changes=None
) -> None:
    before = document.status
    document.status = status
    document.status_changed_on = on
    document.save(update_fields=["status", "status_changed_on", "updated_at"])
    documents_changed.send(sender=Document, document_ids=[document.pk])
    audit.record(
        actor=by,
        action=action,
        target=document,
        changes={
            **(changes or {}),
            "status": [before, status],
            "status_changed_on": [None, on.isoformat()],
        },
        note=note,
    )


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _past_tense(transition: str) -> str:
    return {"issue": "issued", "cancel": "cancelled", "archive": "archived"}[transition]


@transaction.atomic
def issue(
    *, document: Document, by, issued_on: datetime.date | None = None, note: str = ""
) -> Document:
    """Publish a draft: it becomes Current, and what it supersedes becomes Superseded."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    issued_on = issued_on or document.issued_on or _today()
    changes = {}
    if document.issued_on != issued_on:
        changes["issued_on"] = [_iso(document.issued_on), issued_on.isoformat()]
        document.issued_on = issued_on
        document.save(update_fields=["issued_on", "updated_at"])
    _move(document, "issue", by=by, on=issued_on, note=note, changes=changes)
    for link in document.predecessor_links.select_related("predecessor"):
        if link.on is None:
            link.on = issued_on
            link.save(update_fields=["on"])
        _retire(link.predecessor, successor=document, by=by, on=link.on)
    return document


@transaction.atomic
def supersede(
    *, successor: Document, predecessor: Document, by, on: datetime.date | None = None
) -> Supersession:
    """Record that `successor` replaces `predecessor`.

    If the successor is in force, the predecessor becomes Superseded now; if it is still a draft,
    that happens when it is issued.
    """
    # Decide on the rows as they are now, not on objects the caller may hold from earlier.
    successor = Document.objects.select_for_update().get(pk=successor.pk)
    predecessor = Document.objects.select_for_update().get(pk=predecessor.pk)
    existing = Supersession.objects.filter(predecessor=predecessor, successor=successor).first()
    if existing:
        return existing
    check_supersession(successor=successor, predecessor=predecessor)
    if on is None and successor.status == Status.CURRENT:
        on = successor.issued_on or _today()
    link = Supersession.objects.create(predecessor=predecessor, successor=successor, on=on)
    audit.record(
        actor=by,
        action="document.supersession_added",
        target=successor,
        changes={"supersedes": [None, str(predecessor)]},
    )
    if successor.status == Status.CURRENT:
        _retire(predecessor, successor=successor, by=by, on=on or _today())
    documents_changed.send(sender=Document, document_ids=[successor.pk, predecessor.pk])
    return link


def check_supersession(*, successor: Document, predecessor: Document) -> None:
    """Raise LifecycleError, with a message for a person, if the link breaks a rule."""
    check_supersession_link(successor=successor, predecessor=predecessor)
    if predecessor.status == Status.DRAFT:
        raise LifecycleError(f"{predecessor.identifier} is a draft; a draft cannot be superseded.")
    if successor.status in ARCHIVED_STATUSES:
        raise LifecycleError(
            f"{successor.identifier} is {successor.get_status_display()}; "
            "only a draft or current document can supersede another."
        )


def check_supersession_link(
    *, successor: Document, predecessor: Document, several_successors: bool = False
) -> None:
    """The rules every supersession keeps, even one recorded after the fact (bulk import).

    A document is replaced once: a second successor would give it two "Superseded By" entries
    and a history that runs backwards, so the newer document supersedes the successor instead.
    Only an import of outside records that say a document was split (`several_successors`,
    e.g. RFC 2616 obsoleted by RFCs 7230 to 7235) may record more than one.
    """
    if successor.pk == predecessor.pk:
        raise LifecycleError("A document cannot supersede itself.")
    if _reaches(predecessor, successor):
        raise LifecycleError(
            f"{predecessor.identifier} already supersedes {successor.identifier} "
            "(directly or through others); the new link would make a cycle."
        )
    if several_successors:
        return
    links = Supersession.objects.filter(predecessor_id=predecessor.pk).exclude(
        successor_id=successor.pk
    )
    if predecessor.status == Status.CURRENT:
        # A draft successor cancelled before it was issued never replaced anything.
        links = links.exclude(successor__status=Status.CANCELLED)
    current = links.select_related("successor").order_by("pk").first()
    if current is None:
        return
    first = current.successor
    if first.status == Status.DRAFT:
        raise LifecycleError(
            f"{predecessor.identifier} is already to be superseded by {first} (a draft, which "
            "replaces it when issued); a document is superseded only once."
        )
    latest = _latest_successor(first)
    if latest.pk == first.pk:
        raise LifecycleError(
            f"{predecessor.identifier} is already superseded by {first}; "
            "supersede that one instead."
        )
    raise LifecycleError(
        f"{predecessor.identifier} is already superseded by {first}, itself superseded by "
        f"{latest}; supersede {latest.identifier} instead."
    )


def _latest_successor(document: Document) -> Document:
    """The end of `document`'s line of successors in force: what a newer document replaces."""
    seen = {document.pk}
    while True:
        link = (
            Supersession.objects.filter(predecessor_id=document.pk)
            .exclude(successor__status=Status.DRAFT)
            .select_related("successor")
            .order_by("pk")
            .first()
        )
        if link is None or link.successor_id in seen:
            return document
        document = link.successor
        seen.add(document.pk)


def _retire(predecessor: Document, *, successor: Document, by, on: datetime.date) -> None:
    # Only a document in force changes state; an archived or cancelled one keeps its status
    # and simply gains the link.
    if predecessor.status == Status.CURRENT:
        _set_status(
            predecessor,
            Status.SUPERSEDED,
            by=by,
            on=on,
            action="document.superseded",
            note=f"Superseded by {successor}",
        )


def _reaches(start: Document, goal: Document) -> bool:
    """Does `start` supersede `goal`, directly or through a chain?"""
    seen = {start.pk}
    queue = deque([start.pk])
    while queue:
        current = queue.popleft()
        for older in Supersession.objects.filter(successor_id=current).values_list(
            "predecessor_id", flat=True
        ):
            if older == goal.pk:
                return True
            if older not in seen:
                seen.add(older)
                queue.append(older)
    return False


@transaction.atomic
def cancel(*, document: Document, by, note: str = "", on: datetime.date | None = None) -> Document:
    """Withdraw a document without a replacement; it moves to the Archives."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _move(document, "cancel", by=by, on=on or _today(), note=note)
    return document


@transaction.atomic
def archive(*, document: Document, by, note: str = "", on: datetime.date | None = None) -> Document:
    """Move a document to the Archives; it stays readable there with all its links."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _move(document, "archive", by=by, on=on or _today(), note=note)
    return document


# Revisions: a document in force is revised by drafting its next version, a new record with
# the same identifier. The version in force stays published and unchanged until the revision is
# issued; then the revision takes its place and the previous version becomes Superseded.


@transaction.atomic
def draft_revision(*, previous: Document, by, **fields) -> Document:
    """A draft of the next version of `previous`, with `fields` for its record.

    The draft keeps `previous`'s library and identifier; many-to-many fields (subjects,
    categories, restricted_to, related) take an iterable of objects.
    """
    from policylib.library import services

    previous = Document.objects.select_for_update().get(pk=previous.pk)
    _check_revisable(previous)
    refused = (set(fields) - services.EDITABLE_FIELDS) | ({"library", "identifier"} & set(fields))
    if refused:
        raise LifecycleError(
            "A revision keeps the library and identifier of the version it revises; "
            f"fields not accepted: {', '.join(sorted(refused))}."
        )
    many = {name: fields.pop(name) for name in list(fields) if name in services.MANY_TO_MANY}
    revision = Document(
        library=previous.library,
        identifier=previous.identifier,
        version=previous.version + 1,
        revision_of=previous,
        status=Status.DRAFT,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **fields,
    )
    revision.full_clean(exclude=["created_by"])
    revision.save()
    for name, values in many.items():
        getattr(revision, name).set(values)
    services.record_document_created(document=revision, by=by)
    audit.record(
        actor=by,
        action="document.revision_drafted",
        target=revision,
        changes={"version": [None, revision.version], "revision_of": [None, str(previous)]},
    )
    return revision


def _check_revisable(previous: Document) -> None:
    if previous.status != Status.CURRENT:
        raise LifecycleError(
            f"{previous.identifier} is {previous.get_status_display()}; "
            "only a document in force can be revised."
        )
    if previous.revisions.exists():
        raise LifecycleError(f"{previous.identifier} already has a later version.")


@transaction.atomic
def issue_revision(
    *, revision: Document, by, issued_on: datetime.date | None = None, note: str = ""
) -> Document:
    """Issue a revision: it becomes Current and the version it revises becomes Superseded."""
    revision = Document.objects.select_for_update().get(pk=revision.pk)
    if revision.revision_of_id is None:
        raise LifecycleError(f"{revision.identifier} is not a revision of another document.")
    previous = Document.objects.select_for_update().get(pk=revision.revision_of_id)
    if previous.status != Status.CURRENT:
        raise LifecycleError(
            f"{previous.identifier} version {previous.version} is "
            f"{previous.get_status_display()}; a revision replaces only the version in force."
        )
    supersede(successor=revision, predecessor=previous, by=by)
    return issue(document=revision, by=by, issued_on=issued_on, note=note)
