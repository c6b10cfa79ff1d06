"""What an expiration reminder may say: an agreement's identifier, title and parties travel only
when the agreement is Public; otherwise it is "an agreement of your office" and a link."""

import pytest

from policylib.agreements.reminders import send_due_reminders
from policylib.library.models import Marking
from policylib.testing.mail import links_in, unopened

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _windows(settings):
    settings.POLICYLIB_AGREEMENTS_REMINDER_DAYS = [90, 30, 7]
    settings.POLICYLIB_SITE_URL = "https://library.example.org"


@pytest.mark.parametrize("marking", [Marking.INTERNAL, Marking.RESTRICTED])
def test_a_reminder_names_no_internal_or_restricted_agreement(
    make_agreement, office_contact, today, mailoutbox, les_group, marking
):
    agreement = make_agreement(
        "Staffing of the detention clinics",
        identifier="MOA 26-77",
        expires_in=10,
        marking=marking,
        restricted_to=[les_group] if marking == Marking.RESTRICTED else [],
    )
    send_due_reminders(today=today)

    [message] = mailoutbox
    text = f"{message.subject}\n{message.body}"
    assert "MOA 26-77" not in text
    assert "Staffing of the detention clinics" not in text
    assert message.subject.startswith("An agreement of your office expires in 10 days")
    assert f"https://library.example.org/agreements/{agreement.pk}/" in message.body


def test_a_reminder_names_a_public_agreement(make_agreement, office_contact, today, mailoutbox):
    make_agreement("Transport of detainees", identifier="MOA 26-78", expires_in=10)
    send_due_reminders(today=today)

    [message] = mailoutbox
    assert message.subject.startswith(
        "Agreement MOA 26-78: Transport of detainees expires in 10 days"
    )
    assert message.body.startswith("Agreement MOA 26-78: Transport of detainees expires in 10 days")


def test_a_reminder_links_to_the_agreement_on_the_sites_address(
    make_agreement, office_contact, today, mailoutbox
):
    agreement = make_agreement("Transport of detainees", identifier="MOA 26-78", expires_in=10)
    send_due_reminders(today=today)

    links = links_in(mailoutbox)
    assert [link.url for link in links] == [
        f"https://library.example.org{agreement.get_absolute_url()}"
    ]
    assert unopened(links) == []
