"""Tell subscribers when a document is issued, revised, superseded or cancelled.

Events come from the library's audit trail (each lifecycle transition is one entry) and from
the versions app (a revision recorded on a document in force). They are handled after the
change commits, in a background task; a person is emailed at most once per event, and never
about a document they may not see (checked for each recipient with the access module). Issuing a
new version is one email, not two: it tells of the version it supersedes.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from policylib import search
from policylib.accounts.access import Action, can, email_link, email_may_carry
from policylib.audit.models import AuditEntry
from policylib.emails import label
from policylib.library.models import Category, Document, Office, Supersession
from policylib.subscriptions.models import Notification, Subscription, Topic
from policylib.subscriptions.sending import absolute, unsubscribe_url

logger = logging.getLogger(__name__)

# Audit actions that are events for subscribers, and what the email calls them.
AUDIT_EVENTS = {
    "document.issued": "issued",
    "document.superseded": "superseded",
    "document.cancelled": "cancelled",
}
VERBS = {
    "issued": "was issued",
    "revised": "was revised",
    "superseded": "was superseded",
    "cancelled": "was cancelled",
}


def _with_ancestors(model, ids: set[int]) -> set[int]:
    found, frontier = set(ids), set(ids)
    while frontier:
        parents = set(
            model.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
        frontier = parents - found
        found |= frontier
    return found


def _lineage(document: Document) -> list[int]:
    from policylib.versions.selectors import lineage_ids

    return lineage_ids(document)


def _previous_version(document: Document) -> Document | None:
    chain = _lineage(document)
    position = chain.index(document.pk)
    return Document.objects.filter(pk=chain[position - 1]).first() if position else None


def _told_by_the_next_version(document: Document) -> set[int]:
    """Who learns of `document`'s supersession from the email about its next version.

    When issuing the next version is what superseded `document`, that email says so; its
    readers are not sent a second one. A supersession recorded later, on a version already in
    force, is news of its own.
    """
    chain = _lineage(document)
    position = chain.index(document.pk)
    if position + 1 == len(chain):
        return set()
    successor = Document.objects.filter(pk=chain[position + 1]).first()
    link = Supersession.objects.filter(predecessor=document, successor=successor).first()
    issued = (
        AuditEntry.objects.filter(
            action="document.issued",
            target_type=ContentType.objects.get_for_model(Document),
            target_id=str(successor.pk) if successor else "",
        )
        .order_by("at")
        .first()
    )
    if link is None or issued is None or link.created_at > issued.at:
        return set()
    return {
        user_id
        for user_id, subscriptions in matching(successor).items()
        if _may_be_told(subscriptions[0].user, successor)
    }


def _may_be_told(user, document: Document) -> bool:
    return bool(user.is_active and user.email and can(user, Action.VIEW, document))


def matching(document: Document) -> dict[int, list[Subscription]]:
    """The subscriptions an event on `document` concerns, by user id (access not checked)."""
    category_ids = _with_ancestors(Category, set(document.categories.values_list("pk", flat=True)))
    office_ids = _with_ancestors(Office, {document.opi_id}) if document.opi_id else set()
    found = (
        Subscription.objects.filter(topic=Topic.DOCUMENT, document_id__in=_lineage(document))
        | Subscription.objects.filter(topic=Topic.CATEGORY, category_id__in=category_ids)
        | Subscription.objects.filter(topic=Topic.OFFICE, office_id__in=office_ids)
    )
    by_user: dict[int, list[Subscription]] = defaultdict(list)
    for subscription in found.select_related("user", "category", "office", "document"):
        by_user[subscription.user_id].append(subscription)
    searches = Subscription.objects.filter(topic=Topic.SEARCH).select_related("user")
    for subscription in searches:
        if search_matches(subscription, document):
            by_user[subscription.user_id].append(subscription)
    return by_user


def search_matches(subscription: Subscription, document: Document) -> bool:
    """Does `document` answer the subscriber's saved search (as the subscriber)?"""
    saved = subscription.search
    if saved.get("document_type") and document.document_type.slug != saved["document_type"]:
        return False
    if saved.get("library") and document.library.slug != saved["library"]:
        return False
    if saved.get("opi") and document.opi_id not in _with_ancestors_below(Office, saved["opi"]):
        return False
    if saved.get("category"):
        categories = set(document.categories.values_list("pk", flat=True))
        if not categories & _with_ancestors_below(Category, saved["category"]):
            return False
    text = (saved.get("text") or "").strip()
    if not text:
        return True
    # The words are matched by the search engine, as the subscriber, narrowed by this
    # document's own type, library, office and issue date so the answer is short, and in every
    # scope: a saved search also hears when a matching document is superseded.
    query = search.SearchQuery(
        text=text,
        scope="all",
        document_type=document.document_type.slug,
        library=document.library.slug,
        opi=document.opi_id,
        issued_from=document.issued_on,
        issued_to=document.issued_on,
        per_page=100,
    )
    try:
        results = search.search(query, subscription.user)
    except search.SearchError as exc:
        logger.warning("Saved search %s could not run: %s", subscription.pk, exc)
        return False
    if results.approximate:  # spelling-tolerant guesses are not a match
        return False
    return any(hit.document_id == document.pk for hit in results.hits)


def _with_ancestors_below(model, pk) -> set[int]:
    """`pk` and everything under it (a parent category covers its children)."""
    try:
        found = {int(pk)}
    except (TypeError, ValueError):
        return set()
    frontier = set(found)
    while frontier:
        frontier = (
            set(model.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        )
        found |= frontier
    return found


@dataclass
class Delivery:
    sent: list[str] = field(default_factory=list)  # addresses
    skipped: int = 0
    failed: int = 0


def notify(*, event: str, document_id: int, kind: str) -> Delivery:
    """Email everyone whose subscriptions concern this event and who may see the document."""
    delivery = Delivery()
    document = (
        Document.objects.select_related("library", "document_type", "opi")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        return delivery
    previous = None
    if kind == "issued":
        previous = _previous_version(document)
        if previous is not None:
            kind = "revised"
    successors = list(document.superseded_by.all()) if kind == "superseded" else []
    try:
        search.apply_outbox()  # so a saved search sees the change it is told about
    except Exception as exc:
        logger.info("Search index not brought up to date before notifying: %s", exc)
    told_already = _told_by_the_next_version(document) if kind == "superseded" else set()
    for user_id, subscriptions in matching(document).items():
        user = subscriptions[0].user
        if user_id in told_already or not _may_be_told(user, document):
            delivery.skipped += 1
            continue
        try:
            with transaction.atomic():
                Notification.objects.create(user=user, event=event, document=document, kind=kind)
                _email(user, document, kind, subscriptions, previous=previous,
                       successors=[s for s in successors if can(user, Action.VIEW, s)])  # fmt: skip
        except IntegrityError:
            delivery.skipped += 1  # already told about this event
            continue
        except Exception as exc:  # SMTP trouble: not recorded, so a retry sends it
            logger.warning("Could not email %s about %s: %s", user.pk, event, exc)
            delivery.failed += 1
            continue
        delivery.sent.append(user.email)
    return delivery


def _email(user, document, kind, subscriptions, *, previous, successors) -> None:
    # Email leaves the library's access control: only what anyone may read is named in it.
    shown = email_may_carry(document)
    if previous is not None and not (
        can(user, Action.VIEW, previous) and email_may_carry(previous)
    ):
        previous = None
    context = {
        "user": user,
        "document": document,
        "name": label(document) if shown else "",
        "shown": shown,
        "kind": kind,
        "verb": VERBS[kind],
        "link": absolute(email_link(document)),
        "previous": label(previous) if previous is not None else "",
        "previous_status": _status_now(previous),
        "successors": [label(s) for s in successors if email_may_carry(s)],
        "supersedes": _supersedes(user, document, previous, kind),
        "reasons": [(s.describe(), unsubscribe_url(s.pk)) for s in subscriptions],
        "manage": absolute(reverse("subscriptions:mine")),
        "site_name": _site_name(),
    }
    if shown:
        subject = f"{kind.capitalize()}: {label(document)}"
    else:
        subject = "A document you follow has changed"
    first_link = context["reasons"][0][1]
    message = EmailMessage(
        subject=subject[:200],
        body=render_to_string("subscriptions/email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{first_link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.send()


def _status_now(previous: Document | None) -> str:
    if previous is None or previous.status == "current":
        return ""
    return previous.get_status_display().lower()


def _supersedes(user, document: Document, previous: Document | None, kind: str) -> list[str]:
    """The other documents a newly issued one supersedes, as far as the email may name them
    (the previous version has its own sentence)."""
    if kind not in {"issued", "revised"}:
        return []
    return [
        label(old)
        for old in document.supersedes.order_by("identifier", "pk")
        if old != previous and can(user, Action.VIEW, old) and email_may_carry(old)
    ]


def _site_name() -> str:
    from policylib.pages.models import SiteText

    return SiteText.load().site_name
