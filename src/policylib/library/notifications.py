"""Email about documents."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from policylib.library.models import Document, Marking


def send_document_link(
    *, document: Document, link: str, to: str, sender_name: str, sender_email: str, note: str = ""
) -> None:
    """ "Send this": email a link to a document, with the sender's note."""
    # Email leaves the library's access control, so only a public document's title travels in it.
    public = document.marking == Marking.PUBLIC
    body = render_to_string(
        "library/email/send_this.txt",
        {
            "document": document,
            "public": public,
            "link": link,
            "sender_name": sender_name,
            "note": note,
        },
    )
    subject = document.title if public else "a document in the library"
    EmailMessage(
        subject=f"{sender_name} sent you {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[sender_email],
    ).send()
