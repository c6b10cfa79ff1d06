"""Expiration reminders: each one emailed once, to the owner office, at the narrowest window."""

import datetime
import io
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from policylib.agreements import services
from policylib.agreements.models import AgreementReminder
from policylib.agreements.reminders import send_due_reminders
from policylib.agreements.tasks import send_expiry_reminders
from policylib.audit.models import AuditEntry
from policylib.library.models import Marking

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _windows(settings):
    settings.POLICYLIB_AGREEMENTS_REMINDER_DAYS = [90, 30, 7]
    settings.POLICYLIB_SITE_URL = "https://library.example.org"


def later(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


def test_a_reminder_is_sent_once_to_the_owner_office_and_the_contact(
    make_agreement, office_contact, today, mailoutbox
):
    agreement = make_agreement(
        "JPATS air transportation", expires_in=60, contact_email="Dana.Whitfield@example.org"
    )
    send_due_reminders(today=today)
    send_due_reminders(today=today)
    send_due_reminders(today=later(today, 1))

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["addrm.agreements@example.org", "dana.whitfield@example.org"]
    assert message.subject == (
        f"Agreement {agreement.identifier}: JPATS air transportation expires in 60 days "
        f"({agreement.expires_on:%b %d, %Y})"
    )
    assert "JPATS air transportation" in message.body
    assert "U.S. Marshals Service" in message.body
    assert f"https://library.example.org/agreements/{agreement.pk}/" in message.body
    reminder = AgreementReminder.objects.get()
    assert (reminder.window_days, reminder.expires_on) == (90, agreement.expires_on)
    assert reminder.sent_at is not None
    assert AuditEntry.objects.filter(action="agreement.reminder_sent").count() == 1


def test_each_window_reminds_once_as_the_date_comes_nearer(
    make_agreement, office_contact, today, mailoutbox
):
    make_agreement(expires_in=95)
    sent = []
    for day in range(100):
        run = send_due_reminders(today=later(today, day))
        sent += [(day, reminder.window_days) for reminder in run.sent]
    assert sent == [(5, 90), (65, 30), (88, 7)]
    assert len(mailoutbox) == 3
    assert mailoutbox[-1].subject.startswith("Agreement MOA 26-01: ")
    assert " expires in 7 days" in mailoutbox[-1].subject


def test_a_late_first_run_sends_only_the_narrowest_reminder(
    make_agreement, office_contact, today, mailoutbox
):
    make_agreement(expires_in=0)
    send_due_reminders(today=today)
    assert len(mailoutbox) == 1
    assert "expires today" in mailoutbox[0].subject
    assert list(AgreementReminder.objects.values_list("window_days", flat=True)) == [7]


def test_an_extended_agreement_is_reminded_again_before_its_new_date(
    make_agreement, office_contact, today, mailoutbox
):
    agreement = make_agreement(expires_in=20)
    send_due_reminders(today=today)
    services.add_modification(
        agreement=agreement, by=None, title="Extension", extends_to=later(today, 25)
    )
    send_due_reminders(today=today)
    assert len(mailoutbox) == 2
    assert AgreementReminder.objects.count() == 2


def test_expired_terminated_draft_and_distant_agreements_are_not_reminded(
    make_agreement, office_contact, today, mailoutbox
):
    make_agreement(expires_in=-1)
    make_agreement(expires_in=91)
    make_agreement(expires_in=None)
    make_agreement(expires_in=10, signed=False)
    terminated = make_agreement(expires_in=10)
    services.terminate(agreement=terminated, by=None, on=today)
    assert send_due_reminders(today=today).sent == []
    assert mailoutbox == []


def test_without_an_address_nothing_is_recorded_and_the_run_says_so(
    make_agreement, today, mailoutbox
):
    agreement = make_agreement(expires_in=10)
    run = send_due_reminders(today=today)
    assert run.no_address == [agreement]
    assert mailoutbox == []
    assert not AgreementReminder.objects.exists()
    assert any("no reminder address" in line for line in run.lines())


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_failed_send_is_forgotten_so_the_next_run_retries(
    make_agreement, office_contact, today, settings
):
    make_agreement(expires_in=10)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    run = send_due_reminders(today=today)
    assert run.sent == []
    assert "Connection unexpectedly closed" in run.failed[0][1]
    assert not AgreementReminder.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    assert len(send_due_reminders(today=today).sent) == 1
    assert len(mail.outbox) == 1


def test_the_email_of_an_internal_agreement_leaves_its_details_out(
    make_agreement, office_contact, today, mailoutbox
):
    make_agreement("Staffing of the detention clinics", expires_in=10, marking=Marking.INTERNAL)
    send_due_reminders(today=today)
    body = mailoutbox[0].body
    assert "Staffing of the detention clinics" not in body
    assert "U.S. Marshals Service" not in body
    assert "marked Internal" in body


def test_the_command_sends_and_a_dry_run_does_not(
    make_agreement, office_contact, today, mailoutbox
):
    agreement = make_agreement(expires_in=30)
    out = io.StringIO()
    call_command("agreements", "remind", "--dry-run", stdout=out)
    assert f"{agreement.identifier} expires" in out.getvalue()
    assert "30-day reminder to addrm.agreements@example.org" in out.getvalue()
    assert mailoutbox == []

    out = io.StringIO()
    call_command("agreements", "remind", stdout=out)
    assert "1 reminder(s) sent." in out.getvalue()
    call_command("agreements", "remind", stdout=io.StringIO())
    assert len(mailoutbox) == 1


def test_the_command_acts_as_of_another_day(make_agreement, office_contact, today, mailoutbox):
    make_agreement(expires_in=120)
    call_command(
        "agreements", "remind", f"--today={later(today, 40):%Y-%m-%d}", stdout=io.StringIO()
    )
    assert len(mailoutbox) == 1


def test_the_scheduled_task_runs_the_command(make_agreement, office_contact, mailoutbox):
    make_agreement(expires_in=5)
    result = send_expiry_reminders.enqueue()
    assert "1 reminder(s) sent." in result.return_value
    send_expiry_reminders.enqueue()
    assert len(mailoutbox) == 1


def test_the_command_can_queue_the_task(make_agreement, office_contact, mailoutbox):
    make_agreement(expires_in=5)
    out = io.StringIO()
    call_command("agreements", "remind", "--enqueue", stdout=out)
    assert "Queued the reminder task" in out.getvalue()
    # In tests the task backend runs tasks at once, as the worker would.
    assert len(mailoutbox) == 1
