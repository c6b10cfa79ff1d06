"""Subscribing and unsubscribing."""

from typing import Any

from django.db import transaction

from policylib.accounts.access import Action, can, visible_documents
from policylib.library.models import Category, Document, Office
from policylib.subscriptions.models import Subscription, Topic
from policylib.subscriptions.sending import subscription_id_from

SEARCH_KEYS = ("text", "document_type", "category", "opi", "library")


class SubscriptionError(ValueError):
    """A subscription the library refuses; the message is meant for the person who asked."""


def _check_email(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise SubscriptionError("Log in to subscribe.")
    if not user.email:
        raise SubscriptionError(
            "Your account has no email address, so the library cannot write to you. "
            "Ask library staff to add one."
        )


@transaction.atomic
def subscribe(
    *,
    user,
    category: Category | None = None,
    office: Office | None = None,
    document: Document | None = None,
    search: dict[str, Any] | None = None,
    search_name: str = "",
) -> Subscription:
    """Follow one thing. Following it again returns the existing subscription."""
    _check_email(user)
    targets = [t for t in (category, office, document, search) if t]
    if len(targets) != 1:
        raise SubscriptionError("Choose one thing to follow.")
    if document is not None:
        if not can(user, Action.VIEW, document):
            raise SubscriptionError("No such document.")
        return Subscription.objects.get_or_create(user=user, topic=Topic.DOCUMENT,
                                                  document=document)[0]  # fmt: skip
    if category is not None:
        return Subscription.objects.get_or_create(user=user, topic=Topic.CATEGORY,
                                                  category=category)[0]  # fmt: skip
    if office is not None:
        return Subscription.objects.get_or_create(user=user, topic=Topic.OFFICE,
                                                  office=office)[0]  # fmt: skip
    saved = {key: search[key] for key in SEARCH_KEYS if search.get(key)}
    if not saved:
        raise SubscriptionError("A saved search needs words or at least one filter.")
    existing = Subscription.objects.filter(user=user, topic=Topic.SEARCH, search=saved).first()
    if existing:
        return existing
    return Subscription.objects.create(
        user=user, topic=Topic.SEARCH, search=saved, search_name=search_name.strip()[:200]
    )


def unsubscribe(*, user, subscription_id: int) -> bool:
    """End one of `user`'s subscriptions. False if there was none."""
    deleted, _ = Subscription.objects.filter(pk=subscription_id, user=user).delete()
    return bool(deleted)


def subscription_for_token(token: str) -> tuple[bool, Subscription | None]:
    """Is the signed link genuine, and which subscription (if it still exists) it names."""
    subscription_id = subscription_id_from(token)
    if subscription_id is None:
        return False, None
    subscription = (
        Subscription.objects.filter(pk=subscription_id)
        .select_related("category", "office", "document")
        .first()
    )
    return True, subscription


def unsubscribe_by_token(token: str) -> tuple[bool, Subscription | None]:
    """End the subscription a signed link names. Returns (valid link, subscription ended).

    Ending it twice is not an error: the second click finds it already gone.
    """
    valid, subscription = subscription_for_token(token)
    if subscription is not None:
        Subscription.objects.filter(pk=subscription.pk).delete()
    return valid, subscription


def subscriptions_of(user):
    return Subscription.objects.filter(user=user).select_related("category", "office", "document")


def readable_documents(user, subscriptions) -> set[int]:
    """Which followed documents `user` may still open (access can change after following)."""
    ids = {s.document_id for s in subscriptions if s.document_id}
    readable = visible_documents(user, Document.objects.filter(pk__in=ids))
    return set(readable.values_list("pk", flat=True))
