"""What every email the library sends shares: how it names a record, and links that work.

A mail client has no page to resolve a link against, so every link in an email is absolute on
the site's configured address (`POLICYLIB_SITE_URL`, see docs/configuration.md), never on the
address of whatever request happened to cause the email.
"""

from django.conf import settings

from policylib.accounts.access import email_may_carry


def absolute(path: str) -> str:
    """`path` (such as "/documents/12/") as a full link on the site's address."""
    if "://" in path:
        return path
    return settings.POLICYLIB_SITE_URL + ("" if path.startswith("/") else "/") + path


def label(record) -> str:
    """How email names a document, draft or agreement: "RFC 6955: Diffie-Hellman Proof-of-..."

    Only for a record `email_may_carry` allows; see `name_or`.
    """
    identifier = (record.identifier or "").strip()
    title = (record.title or "").strip()
    if identifier and title:
        return f"{identifier}: {title}"
    return identifier or title


def name_or(record, otherwise: str) -> str:
    """The record's label where email may carry it, else `otherwise` (which names nothing)."""
    return label(record) if email_may_carry(record) else otherwise
