"""What subscription and periodic-review email may say: a document's title, identifier and
summary travel only when the document is Public; otherwise the email says only that a document
changed (or is due) and links to it."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from policylib.conftest import client_for
from policylib.library import lifecycle, services
from policylib.library.models import Marking, Status
from policylib.subscriptions.models import ReviewContact
from policylib.subscriptions.periodic_review import send_reminders
from policylib.subscriptions.sending import unsubscribe_token
from policylib.subscriptions.services import subscribe

pytestmark = pytest.mark.django_db

TITLE = "Escort of high-risk detainees"
SUMMARY = "Two officers escort every high-risk detainee."


@pytest.fixture
def marked(make_document, les_group):
    """A document of each marking, with a title, identifier and summary that must not leak."""

    def make(marking: str, **fields):
        restricted_to = [les_group] if marking == Marking.RESTRICTED else []
        return make_document(
            TITLE,
            identifier="DRO 7001",
            summary=SUMMARY,
            marking=marking,
            restricted_to=restricted_to,
            **fields,
        )

    return make


def _text(message) -> str:
    return f"{message.subject}\n{message.body}"


@pytest.mark.parametrize("marking", [Marking.INTERNAL, Marking.RESTRICTED])
def test_a_notice_about_an_internal_or_restricted_document_names_nothing(
    marked, les_member, category, committed, marking
):
    draft = marked(marking, status=Status.DRAFT, issued_on=None)
    subscribe(user=les_member, category=category)

    with committed():
        lifecycle.issue(document=draft, by=None)

    [message] = mail.outbox
    for secret in (TITLE, SUMMARY, "DRO 7001"):
        assert secret not in _text(message)
    assert message.subject == "A document you follow has changed"
    assert "Sign in to the library to read it." in message.body
    assert f"/documents/{draft.pk}/" in message.body


def test_a_notice_about_a_public_document_names_it_and_gives_its_summary(
    marked, les_member, category, committed
):
    draft = marked(Marking.PUBLIC, status=Status.DRAFT, issued_on=None)
    subscribe(user=les_member, category=category)

    with committed():
        lifecycle.issue(document=draft, by=None)

    [message] = mail.outbox
    assert message.subject == f"Issued: DRO 7001: {TITLE}"
    assert SUMMARY in message.body


@pytest.mark.parametrize("marking", [Marking.INTERNAL, Marking.RESTRICTED])
def test_the_reason_in_a_notice_does_not_name_an_internal_document_followed(
    marked, les_member, committed, marking
):
    document = marked(marking)
    subscribe(user=les_member, document=document)

    with committed():
        lifecycle.cancel(document=document, by=None)

    [message] = mail.outbox
    assert "DRO 7001" not in _text(message)
    assert "because you follow a document in" in message.body


def test_a_public_revision_does_not_name_the_internal_version_it_replaces(
    make_document, category, reader, committed
):
    old = make_document("Old internal escort rules", marking=Marking.INTERNAL)
    subscribe(user=reader, category=category)
    new = make_document("New escort rules", status=Status.DRAFT, issued_on=None)

    with committed():
        lifecycle.supersede(successor=new, predecessor=old, by=None)
        lifecycle.issue(document=new, by=None)

    [message] = mail.outbox
    assert "New escort rules" in message.subject
    assert "Old internal escort rules" not in message.body
    assert old.identifier not in message.body


@pytest.mark.parametrize("marking", [Marking.INTERNAL, Marking.RESTRICTED])
def test_the_unsubscribe_page_reached_from_an_email_names_no_internal_document(
    marked, les_member, client, marking
):
    document = marked(marking)
    subscription = subscribe(user=les_member, document=document)

    html = client.get(
        reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscription.pk)])
    ).content.decode()

    assert "Stop getting email about a document?" in html
    assert "DRO 7001" not in html
    assert TITLE not in html


def test_my_subscriptions_do_not_name_a_document_the_reader_can_no_longer_open(
    marked, les_member, les_group
):
    document = marked(Marking.RESTRICTED)
    subscribe(user=les_member, document=document)
    les_member.groups.remove(les_group)

    html = client_for(les_member).get(reverse("subscriptions:mine")).content.decode()

    assert "A document you can no longer open" in html
    assert TITLE not in html
    assert "DRO 7001" not in html


def _reminder_for(document, office) -> str:
    ReviewContact.objects.create(office=office, email="addrm-policy@example.org")
    services.update_document(document=document, by=None, review_by=datetime.date(2025, 3, 1))
    send_reminders(on=datetime.date(2024, 12, 5))
    [message] = mail.outbox
    return _text(message)


@pytest.mark.parametrize("marking", [Marking.INTERNAL, Marking.RESTRICTED])
def test_a_review_reminder_does_not_name_an_internal_or_restricted_document(
    marked, office, marking
):
    text = _reminder_for(marked(marking), office)

    assert TITLE not in text
    assert "DRO 7001" not in text
    assert "(sign in to read it)" in text


def test_a_review_reminder_names_a_public_document(marked, office):
    text = _reminder_for(marked(Marking.PUBLIC), office)

    assert f"DRO 7001: {TITLE}" in text
