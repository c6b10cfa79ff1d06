"""Email for subscribers: links back to the site and one-click unsubscribe tokens."""

from django.core import signing
from django.urls import reverse

from policylib.emails import absolute

UNSUBSCRIBE_SALT = "policylib.subscriptions.unsubscribe"


def unsubscribe_token(subscription_id: int) -> str:
    """A token that ends one subscription, for a link that works without logging in.

    It never expires: an unsubscribe link in an old email must still work.
    """
    return signing.dumps(subscription_id, salt=UNSUBSCRIBE_SALT, compress=False)


def subscription_id_from(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(subscription_id: int) -> str:
    return absolute(reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscription_id)]))
