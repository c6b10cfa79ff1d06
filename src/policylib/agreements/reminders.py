"""Remind an agreement's owner office by email before the agreement expires.

The windows come from `POLICYLIB_AGREEMENTS_REMINDER_DAYS` (90, 30 and 7 days by default). On
each run, a signed agreement that expires within a window gets the reminder of the narrowest
window it is in, unless that reminder was already sent for this expiration date. So each
agreement is reminded at most once per window, a late first run sends one reminder rather than
three, and an agreement extended to a new date is reminded again before that date.

A reminder is recorded (`AgreementReminder`, unique per agreement, window and expiration date)
before its email is sent, so two runs at once cannot both send it; when sending fails the record
is removed and the next run tries again.
"""

import datetime
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from policylib.accounts.access import email_may_carry
from policylib.agreements.models import Agreement, AgreementReminder, OfficeContact, Stage
from policylib.audit import services as audit
from policylib.emails import absolute, label


@dataclass
class ReminderRun:
    """What one run did."""

    sent: list[AgreementReminder] = field(default_factory=list)
    no_address: list[Agreement] = field(default_factory=list)
    failed: list[tuple[Agreement, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"Reminded {r.recipients} that {r.agreement.identifier} expires on "
            f"{r.expires_on:%b %d, %Y} ({r.window_days}-day reminder)."
            for r in self.sent
        ]
        lines += [
            f"{a.identifier}: no reminder address for {a.owner_office} and no point of contact "
            "email; add one in the administration pages."
            for a in self.no_address
        ]
        lines += [
            f"{a.identifier}: the reminder could not be sent: {why}" for a, why in self.failed
        ]
        lines.append(f"{len(self.sent)} reminder(s) sent.")
        return lines


def reminder_windows() -> list[int]:
    """The configured windows, narrowest first."""
    return sorted({days for days in settings.POLICYLIB_AGREEMENTS_REMINDER_DAYS if days >= 0})


def window_for(days_left: int, windows: list[int]) -> int | None:
    """The narrowest window that `days_left` falls in, if any."""
    return next((days for days in windows if days_left <= days), None)


def due_reminders(*, today: datetime.date | None = None) -> list[tuple[Agreement, int]]:
    """The agreements to remind today, each with the window its reminder is for."""
    today = today or timezone.localdate()
    windows = reminder_windows()
    if not windows:
        return []
    candidates = (
        Agreement.objects.filter(
            stage=Stage.SIGNED,
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=windows[-1]),
        )
        .select_related("owner_office")
        .order_by("expires_on", "identifier")
    )
    sent = set(
        AgreementReminder.objects.filter(agreement__in=candidates).values_list(
            "agreement_id", "window_days", "expires_on"
        )
    )
    due = []
    for agreement in candidates:
        window = window_for((agreement.expires_on - today).days, windows)
        if window is not None and (agreement.pk, window, agreement.expires_on) not in sent:
            due.append((agreement, window))
    return due


def recipients(agreement: Agreement) -> list[str]:
    """The owner office's reminder addresses, then the point of contact's."""
    addresses = list(
        OfficeContact.objects.filter(office=agreement.owner_office_id).values_list(
            "email", flat=True
        )
    )
    if agreement.contact_email:
        addresses.append(agreement.contact_email)
    return list(dict.fromkeys(address.strip().lower() for address in addresses))


def send_due_reminders(*, today: datetime.date | None = None) -> ReminderRun:
    """Send every reminder due today, each at most once."""
    today = today or timezone.localdate()
    run = ReminderRun()
    for agreement, window in due_reminders(today=today):
        to = recipients(agreement)
        if not to:
            run.no_address.append(agreement)
            continue
        try:
            with transaction.atomic():
                reminder = AgreementReminder.objects.create(
                    agreement=agreement,
                    window_days=window,
                    expires_on=agreement.expires_on,
                    recipients=", ".join(to),
                )
        except IntegrityError:
            continue  # another run claimed this reminder a moment ago
        try:
            _send(agreement=agreement, to=to, today=today)
        except (smtplib.SMTPException, OSError) as error:
            reminder.delete()
            run.failed.append((agreement, str(error) or error.__class__.__name__))
            continue
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
        audit.record(
            actor=None,
            action="agreement.reminder_sent",
            target=agreement,
            note=f"{window}-day expiration reminder sent to {reminder.recipients}.",
        )
        run.sent.append(reminder)
    return run


def _send(*, agreement: Agreement, to: list[str], today: datetime.date) -> None:
    days = (agreement.expires_on - today).days
    when = {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")
    # Email leaves the library's access control: only a public agreement's details travel in it,
    # its identifier included.
    public = email_may_carry(agreement)
    body = render_to_string(
        "agreements/email/reminder.txt",
        {
            "agreement": agreement,
            "public": public,
            "parties": agreement.parties.all(),
            "when": when,
            "name": label(agreement),
            "link": absolute(agreement.get_absolute_url()),
        },
    )
    named = f"Agreement {label(agreement)}" if public else "An agreement of your office"
    EmailMessage(
        subject=f"{named} expires {when} ({agreement.expires_on:%b %d, %Y})",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    ).send()
