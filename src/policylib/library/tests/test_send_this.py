""" "Send this": what the email may carry, a sender's name on one line, and a limit per hour."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from policylib.accounts.access import email_link
from policylib.conftest import client_for
from policylib.library.models import Marking, Status
from policylib.testing.mail import links_in, unopened

pytestmark = pytest.mark.django_db

TITLE = "Escort of high-risk detainees"
SUMMARY = "Two officers escort every high-risk detainee."


@pytest.fixture(autouse=True)
def _no_sends_counted_yet():
    """The hourly counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def _send(user, document, **fields):
    data = {"to": "colleague@example.org", "sender_name": "Alice", "sender_email": "a@example.org"}
    return client_for(user).post(reverse("library:send", args=[document.pk]), data | fields)


def _text(message) -> str:
    return f"{message.subject}\n{message.body}"


@pytest.mark.parametrize(
    ("marking", "status"),
    [
        (Marking.INTERNAL, Status.CURRENT),
        (Marking.RESTRICTED, Status.CURRENT),
        (Marking.PUBLIC, Status.DRAFT),
    ],
)
def test_send_this_names_no_internal_restricted_or_draft_document(
    make_document, librarian, marking, status
):
    document = make_document(
        TITLE, identifier="DRO 7001", summary=SUMMARY, marking=marking, status=status
    )
    assert _send(librarian, document).status_code == 302

    [message] = mail.outbox
    for secret in (TITLE, SUMMARY, "DRO 7001", document.slug):
        assert secret not in _text(message)
    # Linked by its number alone: its readable address carries the title.
    assert f"/documents/{document.pk}/\n" in message.body


def test_send_this_names_a_public_document_in_force(make_document, reader):
    document = make_document(TITLE, identifier="DRO 7001")
    _send(reader, document)

    [message] = mail.outbox
    assert message.subject == f"Alice sent you DRO 7001: {TITLE}"
    assert f"DRO 7001: {TITLE}" in message.body


@pytest.mark.parametrize("name", ["Alice\r\nBcc: everyone@example.org", "Alice\nSmith", "A\x85B"])
def test_a_name_with_a_line_break_is_refused_with_a_message(make_document, reader, name):
    response = _send(reader, make_document(TITLE), sender_name=name)

    assert response.status_code == 400
    assert "Your name must be on one line" in response.content.decode()
    assert mail.outbox == []


def test_a_sender_over_the_hourly_limit_gets_a_readable_429_and_nothing_is_sent(
    make_document, reader, les_member, settings
):
    settings.POLICYLIB_SEND_THIS_PER_HOUR = 3
    document = make_document(TITLE)
    for _ in range(3):
        assert _send(reader, document).status_code == 302

    response = _send(reader, document)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many requests" in html
    assert "3 emails an hour" in html
    assert 'aria-label="Primary navigation"' in html, "the site's own page, with its menu"
    assert int(response["Retry-After"]) > 0
    assert len(mail.outbox) == 3
    assert _send(les_member, document).status_code == 302, "the limit is per person"


def test_the_form_tells_the_sender_the_limit(make_document, reader):
    html = client_for(reader).get(reverse("library:send", args=[make_document(TITLE).pk]))
    assert "You may send up to 10 links an hour." in html.content.decode()


@pytest.mark.parametrize("marking", [Marking.PUBLIC, Marking.INTERNAL])
def test_send_this_links_on_the_sites_address_whatever_host_the_request_came_by(
    make_document, reader, settings, marking
):
    settings.POLICYLIB_SITE_URL = "https://policies.example.gov"
    document = make_document(TITLE, identifier="DRO 7001", marking=marking)
    data = {"to": reader.email, "sender_name": "Alice", "sender_email": "a@example.org"}
    url = reverse("library:send", args=[document.pk])
    assert client_for(reader).post(url, data, HTTP_HOST="localhost").status_code == 302

    links = links_in(mail.outbox)
    assert [link.url for link in links] == [f"https://policies.example.gov{email_link(document)}"]
    # Signed out, a document that is not public is not found (it is not even named).
    assert unopened(links, anonymous=marking == Marking.PUBLIC) == []
