"""Periodic review: each document in force has a review-by date, and its OPI is reminded.

The date is the document's own `review_by` when staff set one; otherwise its issue date plus
the review period of its type (`ReviewPeriod`, editable by staff), or 12 months for notices and
`POLICYLIB_REVIEW_MONTHS` (36 by default) for everything else.

Reminders follow windows of days before the date (`POLICYLIB_REVIEW_REMINDER_DAYS`, 90, 30
and 0 by default; 0 also covers overdue documents). Each run reminds a document of the
narrowest window it is in, unless that reminder was already sent for this review-by date, so a
document is reminded at most once per window and a late run sends one reminder, not three.
The reminder is recorded before its email goes out, so two runs cannot both send it; when
sending fails the record is removed and the next run tries again.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from policylib.accounts.access import STAFF_PERMISSION, email_link, email_may_carry
from policylib.emails import absolute, name_or
from policylib.library.models import Document, DocumentType, Office, Status
from policylib.subscriptions.models import (
    ReviewBasis,
    ReviewContact,
    ReviewPeriod,
    ReviewReminder,
    ReviewSchedule,
)

logger = logging.getLogger(__name__)

# Types reviewed yearly unless staff say otherwise (matched on the type's slug).
YEARLY_TYPES = {"notice", "notices", "change-notice"}


def today() -> datetime.date:
    return timezone.localdate()


def default_months() -> int:
    return int(getattr(settings, "POLICYLIB_REVIEW_MONTHS", 36))


def review_months(document_type: DocumentType) -> int:
    """The review period of a type, in months."""
    period = ReviewPeriod.objects.filter(document_type=document_type).first()
    if period is not None:
        return period.months
    return 12 if document_type.slug in YEARLY_TYPES else default_months()


def review_by_for(document: Document) -> tuple[datetime.date | None, str]:
    """When `document` is due for review, and why; None for a document not in force."""
    if document.status != Status.CURRENT:
        return None, ""
    if document.review_by:
        return document.review_by, ReviewBasis.SET
    start = document.issued_on or document.status_changed_on
    if start is None:
        return None, ""
    return start + relativedelta(months=review_months(document.document_type)), (
        ReviewBasis.DEFAULT
    )


def sync_schedules(document_ids: Iterable[int]) -> None:
    """Bring the review-by dates of these documents in step with them."""
    for document in Document.objects.filter(pk__in=set(document_ids)).select_related(
        "document_type"
    ):
        review_by, basis = review_by_for(document)
        if review_by is None:
            ReviewSchedule.objects.filter(document=document).delete()
        else:
            ReviewSchedule.objects.update_or_create(
                document=document, defaults={"review_by": review_by, "basis": basis}
            )


def sync_missing() -> int:
    """Schedule every document in force that has no review-by date yet (and drop stale ones)."""
    ReviewSchedule.objects.exclude(document__status=Status.CURRENT).delete()
    missing = list(
        Document.objects.filter(status=Status.CURRENT, review_schedule__isnull=True).values_list(
            "pk", flat=True
        )
    )
    for start in range(0, len(missing), 500):
        sync_schedules(missing[start : start + 500])
    return len(missing)


def resync_type(document_type: DocumentType) -> None:
    """A type's review period changed: its documents' dates follow."""
    ids = list(
        Document.objects.filter(document_type=document_type, status=Status.CURRENT).values_list(
            "pk", flat=True
        )
    )
    for start in range(0, len(ids), 500):
        sync_schedules(ids[start : start + 500])


# -- The dashboard ------------------------------------------------------------------------


def offices_under(office: Office) -> list[int]:
    """The office and all its sub-offices."""
    ids, frontier = {office.pk}, {office.pk}
    while frontier:
        frontier = set(Office.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier -= ids
        ids |= frontier
    return sorted(ids)


def due_schedules(
    *, within_days: int, office: Office | None = None, on: datetime.date | None = None
) -> QuerySet[ReviewSchedule]:
    """Documents in force due for review within `within_days` (overdue ones included)."""
    on = on or today()
    schedules = ReviewSchedule.objects.filter(
        document__status=Status.CURRENT, review_by__lte=on + datetime.timedelta(days=within_days)
    ).select_related("document", "document__opi", "document__document_type")
    if office is not None:
        schedules = schedules.filter(document__opi_id__in=offices_under(office))
    return schedules.order_by("review_by", "document__identifier")


@dataclass
class OfficeSummary:
    office: Office | None
    overdue: int = 0
    upcoming: int = 0


def summary_by_office(
    schedules: Iterable[ReviewSchedule], on: datetime.date | None = None
) -> list[OfficeSummary]:
    on = on or today()
    summaries: dict[int | None, OfficeSummary] = {}
    for schedule in schedules:
        opi = schedule.document.opi
        summary = summaries.setdefault(opi.pk if opi else None, OfficeSummary(opi))
        if schedule.review_by < on:
            summary.overdue += 1
        else:
            summary.upcoming += 1
    return sorted(
        summaries.values(), key=lambda s: (-s.overdue, s.office.name if s.office else "~")
    )


# -- Reminders ----------------------------------------------------------------------------


def reminder_windows() -> list[int]:
    """The configured windows, narrowest first (a value that is not a whole number is
    ignored, with a warning)."""
    windows = set()
    for value in getattr(settings, "POLICYLIB_REVIEW_REMINDER_DAYS", [90, 30, 0]):
        try:
            days = int(value)
        except (TypeError, ValueError):
            logger.warning("POLICYLIB_REVIEW_REMINDER_DAYS: %r is not a number of days", value)
            continue
        if days >= 0:
            windows.add(days)
    return sorted(windows)


def window_for(days_left: int, windows: list[int]) -> int | None:
    """The narrowest window `days_left` falls in (an overdue document is in the narrowest)."""
    return next((days for days in windows if days_left <= days), None)


def due_reminders(*, on: datetime.date | None = None) -> list[tuple[ReviewSchedule, int]]:
    """The documents to remind today, each with the window its reminder is for."""
    on = on or today()
    windows = reminder_windows()
    if not windows:
        return []
    due = []
    for schedule in due_schedules(within_days=windows[-1], on=on):
        window = window_for((schedule.review_by - on).days, windows)
        if window is None:
            continue
        already = ReviewReminder.objects.filter(
            document=schedule.document, review_by=schedule.review_by, window_days=window
        ).exists()
        if not already:
            due.append((schedule, window))
    return due


def recipients_for(office: Office | None) -> list[str]:
    """Who hears about an office's reviews: its review contacts, else its policy owners and
    authors in the drafting tools, else the same for the office above it, else library staff."""
    node, seen = office, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        emails = list(ReviewContact.objects.filter(office=node).values_list("email", flat=True))
        emails = emails or _owners_of(node)
        if emails:
            return sorted(set(emails))
        node = node.parent
    return _library_staff_emails()


def _owners_of(office: Office) -> list[str]:
    # The drafting tools know who owns and writes an office's documents, when installed.
    if not apps.is_installed("policylib.reviews"):
        return []
    try:
        membership = apps.get_model("reviews", "OfficeMembership")
    except LookupError:
        return []
    return [
        email
        for email in membership.objects.filter(
            office=office, role__in=["owner", "author"], user__is_active=True
        ).values_list("user__email", flat=True)
        if email
    ]


def _library_staff_emails() -> list[str]:
    configured = list(getattr(settings, "POLICYLIB_LIBRARY_STAFF_EMAILS", []))
    if configured:
        return configured
    app_label, codename = STAFF_PERMISSION.split(".")
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    with_permission = users.filter(
        user_permissions__codename=codename, user_permissions__content_type__app_label=app_label
    ) | users.filter(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    )
    return sorted(set(with_permission.values_list("email", flat=True)))


@dataclass
class ReminderRun:
    """What one run did."""

    sent: list[ReviewReminder] = field(default_factory=list)
    no_address: list[Document] = field(default_factory=list)
    failed: list[tuple[Document, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"Reminded {r.recipients} that {r.document.identifier} is due for review by "
            f"{r.review_by:%b %d, %Y} ({r.window_days}-day reminder)."
            for r in self.sent
        ]
        lines += [
            f"{d.identifier}: no address to remind for {d.opi or 'no OPI'}; add a review "
            "contact in the administration pages."
            for d in self.no_address
        ]
        lines += [
            f"{d.identifier}: the reminder could not be sent: {why}" for d, why in self.failed
        ]
        lines.append(f"{len(self.sent)} reminder(s) sent.")
        return lines


def send_reminders(*, on: datetime.date | None = None) -> ReminderRun:
    """Send the review reminders due today: one email per office, listing its documents."""
    on = on or today()
    sync_missing()
    run = ReminderRun()
    by_office: dict[int | None, list[tuple[ReviewSchedule, int]]] = defaultdict(list)
    for schedule, window in due_reminders(on=on):
        by_office[schedule.document.opi_id].append((schedule, window))
    for items in by_office.values():
        office = items[0][0].document.opi
        recipients = recipients_for(office)
        if not recipients:
            run.no_address.extend(schedule.document for schedule, _ in items)
            continue
        claimed = _claim(items, recipients)
        if not claimed:
            continue
        try:
            _send(office, claimed, recipients, on=on)
        except Exception as exc:  # SMTP errors, timeouts: the next run tries again
            logger.warning("Review reminder for %s failed: %s", office, exc)
            ReviewReminder.objects.filter(pk__in=[r.pk for r in claimed]).delete()
            run.failed.extend((r.document, str(exc)) for r in claimed)
            continue
        now = timezone.now()
        ReviewReminder.objects.filter(pk__in=[r.pk for r in claimed]).update(sent_at=now)
        run.sent.extend(claimed)
    return run


def _claim(items, recipients: list[str]) -> list[ReviewReminder]:
    claimed = []
    for schedule, window in items:
        try:
            with transaction.atomic():
                claimed.append(
                    ReviewReminder.objects.create(
                        document=schedule.document,
                        review_by=schedule.review_by,
                        window_days=window,
                        recipients=", ".join(recipients),
                    )
                )
        except IntegrityError:
            continue  # another run has it
    return claimed


def _send(office: Office | None, reminders: list[ReviewReminder], recipients, *, on) -> None:
    rows = [
        {
            "document": reminder.document,
            # Email leaves the library's access control: only what anyone may read is named.
            "shown": email_may_carry(reminder.document),
            "name": name_or(reminder.document, ""),
            "review_by": reminder.review_by,
            "days_left": (reminder.review_by - on).days,
            "days_overdue": (on - reminder.review_by).days,
            "link": absolute(email_link(reminder.document)),
        }
        for reminder in sorted(reminders, key=lambda r: r.review_by)
    ]
    overdue = sum(1 for row in rows if row["days_left"] < 0)
    subject = (
        f"{len(rows)} document{'s' if len(rows) != 1 else ''} of "
        f"{office.abbreviation or office.name if office else 'your office'} due for review"
    )
    if overdue:
        subject += f" ({overdue} overdue)"
    body = render_to_string(
        "subscriptions/email/review_reminder.txt",
        {
            "office": office,
            "rows": rows,
            "dashboard": absolute(reverse("subscriptions:periodic_review")),
        },
    )
    EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients
    ).send()
