from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from policylib.emails import absolute
from policylib.pages.models import Feedback


def one_line(text: str) -> str:
    """`text` fit for an email header, where a line break would make the message fail to send
    (Django refuses it as header injection): every run of white space becomes one space."""
    return " ".join(text.split())


def _page_link(page: str) -> str:
    """The page the feedback is about, as a link staff can open from their mail."""
    page = one_line(page)
    if page.startswith("/") and not page.startswith("//"):
        return absolute(page)
    return page or "(not given)"


def library_staff_emails() -> list[str]:
    """Where feedback goes: the configured addresses, else active staff with an email."""
    if settings.POLICYLIB_LIBRARY_STAFF_EMAILS:
        return list(settings.POLICYLIB_LIBRARY_STAFF_EMAILS)
    staff = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return sorted(set(staff.values_list("email", flat=True)))


def submit_feedback(*, form_data: dict, user) -> Feedback:
    """Store feedback first (so it is never lost), then email it to the library staff."""
    feedback = Feedback.objects.create(
        **form_data, user=user if getattr(user, "is_authenticated", False) else None
    )
    recipients = library_staff_emails()
    if recipients:
        transaction.on_commit(
            lambda: send_mail(
                subject=f"Library feedback: {one_line(feedback.subject)}",
                message=(
                    f"From: {feedback.name} <{feedback.email}>\n"
                    f"Page: {_page_link(feedback.page)}\n\n{feedback.message}\n"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
                fail_silently=True,
            )
        )
    return feedback
