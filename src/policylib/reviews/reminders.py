"""Reminders before RevCom due dates: reviewers before their assignment is due, DPCs before
their office's position is due.

Reminders follow windows of days before the due date (`POLICYLIB_REVCOM_REMINDER_DAYS`, 7 and
1 by default); the narrowest window also covers what is already overdue. Each run reminds a
person of an item in the narrowest window it is in, unless that reminder was already sent for
this due date, so an item is reminded at most once per window and a late run sends one
reminder, not two. The reminder is recorded before its email goes out, so two runs (or a run
that crashes after sending) cannot send it twice; when sending fails the record is removed and
the next run tries again.

Nobody is reminded of what they have already done: a reviewer who has marked their review
done or has commented, a DPC whose office has answered, or anything in a closed period.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from policylib.reviews.models import (
    Assignment,
    Comment,
    DueReminder,
    OfficeResponse,
    OfficeReview,
    ReminderKind,
    Role,
)
from policylib.reviews.notifications import _label, _link

logger = logging.getLogger(__name__)


def windows() -> list[int]:
    """The configured windows, narrowest first."""
    return sorted({int(d) for d in getattr(settings, "POLICYLIB_REVCOM_REMINDER_DAYS", [7, 1])})


def window_for(days_left: int, windows: list[int]) -> int | None:
    """The narrowest window `days_left` falls in (an overdue item is in the narrowest)."""
    return next((days for days in windows if days_left <= days), None)


@dataclass
class Item:
    """One thing due for one person."""

    recipient: object
    kind: str
    object_id: int
    due_on: datetime.date
    window: int
    what: str
    draft_label: str
    link: str


def _assignments(on: datetime.date, last_window: int):
    commented = Comment.objects.filter(
        office_review=OuterRef("office_review"), author=OuterRef("reviewer")
    )
    return (
        Assignment.objects.filter(
            completed_at__isnull=True,
            reviewer__is_active=True,
            office_review__response=OfficeResponse.PENDING,
            office_review__period__closed_at__isnull=True,
            office_review__period__starts_on__lte=on,
            due_on__lte=on + datetime.timedelta(days=last_window),
        )
        .exclude(reviewer__email="")
        .exclude(Exists(commented))
        .select_related("reviewer", "office_review__office", "office_review__period__draft")
    )


def _positions(on: datetime.date, last_window: int):
    return OfficeReview.objects.filter(
        response=OfficeResponse.PENDING,
        period__closed_at__isnull=True,
        period__starts_on__lte=on,
        period__due_on__lte=on + datetime.timedelta(days=last_window),
    ).select_related("office", "period__draft")


def _dpcs(office_review: OfficeReview):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            office_memberships__office=office_review.office_id,
            office_memberships__role=Role.DPC,
        )
        .exclude(email="")
        .distinct()
    )


def due_items(*, on: datetime.date) -> list[Item]:
    """What to remind today: every item in a window whose reminder was not sent yet."""
    spans = windows()
    if not spans:
        return []
    found: list[Item] = []
    for assignment in _assignments(on, spans[-1]):
        office_review = assignment.office_review
        window = window_for((assignment.due_on - on).days, spans)
        found.append(
            Item(
                recipient=assignment.reviewer,
                kind=ReminderKind.ASSIGNMENT,
                object_id=assignment.pk,
                due_on=assignment.due_on,
                window=window,
                what=f"Your review for {office_review.office}",
                draft_label=_label(office_review.period.draft),
                link=_link(office_review.get_absolute_url()),
            )
        )
    for office_review in _positions(on, spans[-1]):
        due_on = office_review.period.due_on
        window = window_for((due_on - on).days, spans)
        for dpc in _dpcs(office_review):
            found.append(
                Item(
                    recipient=dpc,
                    kind=ReminderKind.POSITION,
                    object_id=office_review.pk,
                    due_on=due_on,
                    window=window,
                    what=f"The position of {office_review.office}",
                    draft_label=_label(office_review.period.draft),
                    link=_link(office_review.get_absolute_url()),
                )
            )
    return [item for item in found if item.window is not None and not _already(item)]


def _already(item: Item) -> bool:
    return DueReminder.objects.filter(
        recipient=item.recipient,
        kind=item.kind,
        object_id=item.object_id,
        due_on=item.due_on,
        window_days=item.window,
    ).exists()


@dataclass
class ReminderRun:
    """What one run did."""

    sent: list[Item] = field(default_factory=list)
    failed: list[tuple[Item, str]] = field(default_factory=list)

    def lines(self, on: datetime.date) -> list[str]:
        lines = [
            f"Reminded {item.recipient.email}: {item.what} on {item.draft_label}, "
            f"{_when(item.due_on, on)}."
            for item in self.sent
        ]
        lines += [
            f"Could not remind {item.recipient.email} ({item.what}): {why}"
            for item, why in self.failed
        ]
        lines.append(f"{len(self.sent)} reminder(s) sent.")
        return lines


def _when(due_on: datetime.date, on: datetime.date) -> str:
    days = (due_on - on).days
    if days < 0:
        return f"OVERDUE by {-days} day{'s' if days != -1 else ''} (was due {due_on:%b %d, %Y})"
    if days == 0:
        return f"due today ({due_on:%b %d, %Y})"
    return f"due in {days} day{'s' if days != 1 else ''} ({due_on:%b %d, %Y})"


def send_due_reminders(*, on: datetime.date | None = None) -> ReminderRun:
    """Send the reminders due `on` (today): one email per person listing their items."""
    on = on or timezone.localdate()
    run = ReminderRun()
    by_person: dict[int, list[Item]] = defaultdict(list)
    for item in due_items(on=on):
        by_person[item.recipient.pk].append(item)
    for items in by_person.values():
        claimed = _claim(items)
        if not claimed:
            continue
        records = [record for _, record in claimed]
        mine = [item for item, _ in claimed]
        try:
            _send(mine, on=on)
        except Exception as exc:  # SMTP errors, timeouts: the next run tries again
            logger.warning("RevCom reminder to %s failed: %s", mine[0].recipient, exc)
            DueReminder.objects.filter(pk__in=[r.pk for r in records]).delete()
            run.failed.extend((item, str(exc)) for item in mine)
            continue
        DueReminder.objects.filter(pk__in=[r.pk for r in records]).update(sent_at=timezone.now())
        run.sent.extend(mine)
    return run


def _claim(items: list[Item]) -> list[tuple[Item, DueReminder]]:
    claimed = []
    for item in items:
        try:
            with transaction.atomic():
                record = DueReminder.objects.create(
                    recipient=item.recipient,
                    kind=item.kind,
                    object_id=item.object_id,
                    due_on=item.due_on,
                    window_days=item.window,
                )
        except IntegrityError:
            continue  # another run has it
        claimed.append((item, record))
    return claimed


def _send(items: list[Item], *, on: datetime.date) -> None:
    items = sorted(items, key=lambda item: item.due_on)
    overdue = sum(1 for item in items if item.due_on < on)
    subject = f"RevCom: {len(items)} review item{'s' if len(items) != 1 else ''} due soon"
    if overdue:
        subject = f"RevCom: {overdue} overdue, {len(items)} in all"
    rows = [
        {"item": item, "when": _when(item.due_on, on), "overdue": item.due_on < on}
        for item in items
    ]
    body = render_to_string(
        "reviews/email/due_reminder.txt",
        {
            "rows": rows,
            "dashboard": _link(reverse("reviews:dashboard")),
            "windows": " and ".join(str(days) for days in sorted(windows(), reverse=True)),
        },
    )
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[items[0].recipient.email],
    ).send()
