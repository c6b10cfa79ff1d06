"""Reminders before RevCom due dates: reviewers and DPCs, once per window, never to those who
have answered, overdue shown."""

import datetime
import io

import pytest
from django.core.management import call_command

from policylib.reviews import reminders, services
from policylib.reviews.models import DueReminder
from policylib.reviews.tests.conftest import today

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


@pytest.fixture
def assigned(open_period, field_dpc, field_reviewer, field_ops):
    """Frank asked Rita to review for Field Operations by day 20; the office is due on day 30."""
    office_review = open_period.offices.get(office=field_ops)
    return services.assign_reviewer(
        by=field_dpc, office_review=office_review, reviewer=field_reviewer, due_on=days(20)
    )


def sent_to(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def test_nothing_is_sent_while_every_due_date_is_far_off(assigned, mailoutbox):
    mailoutbox.clear()
    run = reminders.send_due_reminders(on=today())
    assert run.sent == []
    assert mailoutbox == []


def test_a_reviewer_is_reminded_seven_days_before_and_only_once(assigned, mailoutbox):
    mailoutbox.clear()
    on = days(13)  # Rita's review is due in 7 days
    reminders.send_due_reminders(on=on)
    assert sent_to(mailoutbox) == ["rita@example.org"]
    message = mailoutbox[0]
    assert "Your review for Field Operations" in message.body
    assert "due in 7 days" in message.body
    assert "/development/office-reviews/" in message.body
    assert "/development/my-reviews/" in message.body
    # The same day again, or the next day inside the same window: nothing more.
    reminders.send_due_reminders(on=on)
    reminders.send_due_reminders(on=days(14))
    assert len(mailoutbox) == 1
    # The 1-day window is a new reminder.
    reminders.send_due_reminders(on=days(19))
    assert len(mailoutbox) == 2
    assert "due in 1 day" in mailoutbox[1].body


def test_an_overdue_review_is_reminded_once_and_marked_overdue(assigned, mailoutbox):
    mailoutbox.clear()
    # The run was missed until after the due date: one reminder, not one per window.
    reminders.send_due_reminders(on=days(22))
    assert sent_to(mailoutbox) == ["rita@example.org"]
    assert "[OVERDUE]" in mailoutbox[0].body
    assert "OVERDUE by 2 days" in mailoutbox[0].body
    assert "overdue" in mailoutbox[0].subject
    reminders.send_due_reminders(on=days(23))
    # The DPCs' own 7-day reminders start now; Rita hears nothing more.
    assert sent_to(mailoutbox).count("rita@example.org") == 1


def test_dpcs_are_reminded_of_their_office_position(open_period, mailoutbox):
    mailoutbox.clear()
    reminders.send_due_reminders(on=open_period.due_on - datetime.timedelta(days=1))
    assert sent_to(mailoutbox) == ["frank@example.org", "mike@example.org"]
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert "The position of Field Operations" in bodies["frank@example.org"]
    assert "The position of Mission Support" in bodies["mike@example.org"]


def test_those_who_answered_are_not_reminded(
    assigned, open_period, ms_dpc, field_reviewer, mission_support, mailoutbox
):
    services.add_comment(
        by=field_reviewer,
        office_review=assigned.office_review,
        category="editorial",
        text="Spell out HQDRO.",
        section="1",
    )
    services.submit_position(
        by=ms_dpc, office_review=open_period.offices.get(office=mission_support), no_comment=True
    )
    mailoutbox.clear()
    reminders.send_due_reminders(on=open_period.due_on - datetime.timedelta(days=1))
    # Rita has commented and Mission Support has answered: only Frank still owes something.
    assert sent_to(mailoutbox) == ["frank@example.org"]


def test_a_reviewer_who_marked_the_review_done_is_not_reminded(
    assigned, field_reviewer, mailoutbox
):
    services.complete_assignment(by=field_reviewer, assignment=assigned)
    mailoutbox.clear()
    reminders.send_due_reminders(on=days(19))
    assert "rita@example.org" not in sent_to(mailoutbox)


def test_nothing_is_reminded_once_the_period_is_closed(open_period, mailoutbox):
    services.close_due_periods(today=open_period.due_on + datetime.timedelta(days=1))
    mailoutbox.clear()
    reminders.send_due_reminders(on=open_period.due_on + datetime.timedelta(days=1))
    assert mailoutbox == []


def test_the_reminder_is_recorded_before_it_is_sent(assigned, mailoutbox, monkeypatch):
    """A crash after the record is written sends nothing twice; a failed send is retried."""
    mailoutbox.clear()
    seen_records = []

    def failing_send(items, *, on):
        seen_records.append(DueReminder.objects.filter(recipient=items[0].recipient).count())
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr(reminders, "_send", failing_send)
    run = reminders.send_due_reminders(on=days(13))
    assert seen_records == [1]  # claimed before the attempt
    assert [why for _, why in run.failed] == ["SMTP server unreachable"]
    assert not DueReminder.objects.exists()  # released, so the next run tries again
    monkeypatch.undo()
    reminders.send_due_reminders(on=days(13))
    assert sent_to(mailoutbox) == ["rita@example.org"]
    assert DueReminder.objects.get().sent_at is not None


def test_a_claimed_reminder_is_not_sent_again(assigned, field_reviewer, mailoutbox):
    """Another run (or one that crashed after sending) holds the record: nothing is resent."""
    mailoutbox.clear()
    DueReminder.objects.create(
        recipient=field_reviewer,
        kind="assignment",
        object_id=assigned.pk,
        due_on=assigned.due_on,
        window_days=7,
    )
    reminders.send_due_reminders(on=days(13))
    assert mailoutbox == []


def test_the_command_reports_what_it_sent(assigned, mailoutbox):
    mailoutbox.clear()
    out = io.StringIO()
    call_command("reviews", "remind", "--today", days(19).isoformat(), stdout=out)
    text = out.getvalue()
    assert "Reminded rita@example.org: Your review for Field Operations" in text
    assert "1 reminder(s) sent." in text
    assert sent_to(mailoutbox) == ["rita@example.org"]


def test_the_command_can_queue_the_work_for_the_task_worker(open_period, mailoutbox):
    out = io.StringIO()
    call_command("reviews", "remind", "--enqueue", stdout=out)
    assert "Queued." in out.getvalue()


def test_the_task_sends_what_is_due(assigned, mailoutbox, settings):
    from policylib.reviews.tasks import send_due_reminders

    settings.POLICYLIB_REVCOM_REMINDER_DAYS = [30]
    mailoutbox.clear()
    result = send_due_reminders.enqueue()
    # Rita (due in 20 days) and both DPCs (due in 30).
    assert result.return_value == 3
    assert sent_to(mailoutbox) == ["frank@example.org", "mike@example.org", "rita@example.org"]


def test_a_restricted_draft_is_not_named_in_the_reminder(assigned, mailoutbox):
    draft = assigned.office_review.period.draft
    draft.marking = "internal"
    draft.save(update_fields=["marking"])
    mailoutbox.clear()
    reminders.send_due_reminders(on=days(13))
    assert draft.title not in mailoutbox[0].body
    assert "a draft marked Internal" in mailoutbox[0].body
