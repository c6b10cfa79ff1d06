import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from policylib.conftest import client_for
from policylib.library import lifecycle, services
from policylib.library.models import DocumentType, Office, Status
from policylib.subscriptions.models import ReviewContact, ReviewPeriod, ReviewReminder
from policylib.subscriptions.periodic_review import send_reminders
from policylib.testing.mail import links_in, unopened

pytestmark = pytest.mark.django_db
D = datetime.date


def _review_by(document) -> D:
    document.refresh_from_db()
    return document.review_schedule.review_by


def test_a_directive_is_due_for_review_three_years_after_issue(make_document):
    document = make_document("Escort policy", issued_on=D(2024, 2, 29))
    assert _review_by(document) == D(2027, 2, 28)


def test_a_notice_is_due_after_one_year(make_document):
    notice = DocumentType.objects.create(name="Notice", slug="notice")
    document = make_document("Change notice", document_type=notice, issued_on=D(2024, 5, 1))
    assert _review_by(document) == D(2025, 5, 1)


def test_staff_set_periods_per_type_and_dates_per_document(make_document, directive_type):
    document = make_document("Escort policy", issued_on=D(2024, 5, 1))
    ReviewPeriod.objects.create(document_type=directive_type, months=24)
    assert _review_by(document) == D(2026, 5, 1), "existing documents follow the new period"

    services.update_document(document=document, by=None, review_by=D(2025, 1, 15))
    assert _review_by(document) == D(2025, 1, 15), "a date set on the document wins"


def test_a_document_leaves_the_review_schedule_when_it_is_no_longer_in_force(make_document):
    document = make_document("Escort policy")
    lifecycle.cancel(document=document, by=None)
    document.refresh_from_db()
    assert not hasattr(document, "review_schedule")


def test_drafts_have_no_review_date_until_issued(make_document):
    draft = make_document("Draft", status=Status.DRAFT, issued_on=None)
    assert not hasattr(draft, "review_schedule")
    lifecycle.issue(document=draft, by=None, issued_on=D(2025, 1, 1))
    assert _review_by(draft) == D(2028, 1, 1)


@pytest.fixture
def due(make_document, office):
    ReviewContact.objects.create(office=office, email="addrm-policy@example.org")
    return make_document("Escort policy", issued_on=D(2022, 3, 1))  # review by 2025-03-01


def test_the_opi_is_reminded_once_per_window(due):
    run = send_reminders(on=D(2024, 12, 5))  # 86 days before: the 90-day window
    assert len(run.sent) == 1
    [message] = mail.outbox
    assert message.to == ["addrm-policy@example.org"]
    assert "Escort policy" in message.body
    assert "Mar 01, 2025 (in 86 days)" in message.body

    assert send_reminders(on=D(2024, 12, 6)).sent == [], "same window: not again"
    assert len(send_reminders(on=D(2025, 2, 1)).sent) == 1, "the 30-day window"
    assert len(send_reminders(on=D(2025, 3, 2)).sent) == 1, "overdue"
    assert send_reminders(on=D(2025, 4, 2)).sent == []
    assert len(mail.outbox) == 3
    assert "overdue by 1 day" in mail.outbox[-1].body
    windows = sorted(ReviewReminder.objects.values_list("window_days", flat=True))
    assert windows == [0, 30, 90]


def test_a_late_first_run_sends_one_reminder_not_three(due):
    send_reminders(on=D(2025, 3, 10))
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_on_the_next_run(due, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    run = send_reminders(on=D(2024, 12, 5))
    assert run.sent == []
    assert len(run.failed) == 1
    assert not ReviewReminder.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert len(send_reminders(on=D(2024, 12, 5)).sent) == 1


def test_without_an_office_contact_library_staff_are_reminded(make_document, librarian):
    make_document("Escort policy", issued_on=D(2022, 3, 1))
    send_reminders(on=D(2024, 12, 5))
    assert mail.outbox[0].to == [librarian.email]


def test_the_command_sends_the_reminders_due_today(due):
    out = io.StringIO()
    call_command("review_reminders", stdout=out)
    assert "reminder(s) sent" in out.getvalue()


def test_the_dashboard_shows_overdue_and_upcoming_reviews_by_office(
    make_document, office, librarian, reader
):
    other = Office.objects.create(name="Enforcement", abbreviation="ENF")
    make_document("Long overdue", issued_on=D(2001, 1, 1))
    make_document("Due soon", opi=other, issued_on=datetime.date.today().replace(day=1)
                  - datetime.timedelta(days=3 * 365 - 40))  # fmt: skip
    make_document("Not due", issued_on=datetime.date.today())

    page = client_for(librarian).get(reverse("subscriptions:periodic_review")).content.decode()
    assert "Overdue (1)" in page
    assert "Long overdue" in page
    assert "Not due" not in page
    assert "Upcoming (1)" in page
    assert "Due soon" in page
    assert "1 overdue" in page

    only_enf = client_for(librarian).get(
        reverse("subscriptions:periodic_review"), {"office": other.pk, "within": 90}
    )
    assert "Long overdue" not in only_enf.content.decode()

    assert client_for(reader).get(reverse("subscriptions:periodic_review")).status_code == 403


def test_a_reminder_links_to_the_document_and_the_dashboard_on_the_sites_address(
    make_document, librarian, settings
):
    settings.POLICYLIB_SITE_URL = "https://policies.example.gov"
    document = make_document("Escort policy", identifier="DRO 11064.1", issued_on=D(2022, 3, 1))
    send_reminders(on=D(2024, 12, 5))

    [message] = mail.outbox
    assert "- DRO 11064.1: Escort policy\n" in message.body
    links = links_in(mail.outbox)
    assert [link.url for link in links] == [
        f"https://policies.example.gov{document.get_absolute_url()}",
        f"https://policies.example.gov{reverse('subscriptions:periodic_review')}",
    ]
    assert unopened(links) == []  # as the librarian; signed out, the dashboard asks to log in
