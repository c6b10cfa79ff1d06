"""Email about documents."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from policylib import ratelimits
from policylib.accounts.access import email_link, email_may_carry
from policylib.emails import absolute, label
from policylib.library.models import Document


def send_document_link(
    *, document: Document, to: str, sender_name: str, sender_email: str, note: str = ""
) -> None:
    """ "Send this": email a link to a document, with the sender's note."""
    # Email leaves the library's access control, so only a public document's title travels in it.
    public = email_may_carry(document)
    body = render_to_string(
        "library/email/send_this.txt",
        {
            "document": document,
            "name": label(document) if public else "",
            "public": public,
            "link": absolute(email_link(document)),
            "sender_name": sender_name,
            "note": note,
        },
    )
    subject = label(document) if public else "a document in the library"
    EmailMessage(
        subject=f"{sender_name} sent you {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[sender_email],
    ).send()


def send_this_per_hour() -> int:
    """How many "Send this" emails one person may send in an hour (see docs/configuration.md)."""
    return max(int(settings.POLICYLIB_SEND_THIS_PER_HOUR), 0)


def send_this_wait(request) -> int:
    """Count one "Send this" email for the sender: 0 to go ahead, or the seconds to wait."""
    return ratelimits.wait(request, group="library.send_this", per_hour=send_this_per_hour())
