"""The login page says why a signed-out reader was sent there, from where they were going."""

import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from policylib.accounts.login_reasons import LANDINGS, REASONS
from policylib.conftest import PASSWORD

pytestmark = pytest.mark.django_db

DEFAULT = "Log in to see internal and restricted documents and to use the Development Tools."


def _reason(page: str) -> str:
    found = re.search(r'id="login-reason">.*?<p class="usa-alert__text">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def _sent_to_log_in(client: Client, url: str) -> str:
    """Follow `url` signed out to the login page it sends the reader to; that page's text."""
    response = client.get(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def test_send_this_signed_out_says_log_in_to_send_it(make_document):
    document = make_document("Escort of high-risk detainees")

    page = _sent_to_log_in(Client(), reverse("library:send", args=[document.pk]))

    assert _reason(page) == "Log in to send this document by email."
    assert DEFAULT not in page


@pytest.mark.parametrize(
    ("name", "args", "reason"),
    [
        ("subscriptions:mine", [], "Log in to follow documents by email and see what you follow."),
        ("reviews:dashboard", [], REASONS["reviews:dashboard"]),
        ("reviews:office_review", [1], "Log in to review this draft and comment on it."),
        ("reviews:comment", [1], "Log in to comment on this draft."),
        ("reviews:draft", [1], "Log in to open this draft."),
        ("subscriptions:periodic_review", [], REASONS["subscriptions:periodic_review"]),
        ("audit:trail", [], "Log in to read the audit trail."),
        ("delegations:report", [], "Log in to read the delegations report."),
    ],
)
def test_each_page_that_needs_an_account_says_what_logging_in_is_for(name, args, reason):
    assert _reason(_sent_to_log_in(Client(), reverse(name, args=args))) == reason


def test_following_signed_out_asks_to_log_in_to_follow_and_lands_on_my_subscriptions(
    make_document, reader
):
    document = make_document("Escort of high-risk detainees")
    client = Client()
    response = client.post(
        reverse("subscriptions:follow"), {"topic": "document", "document": document.pk}
    )
    login = response["Location"]
    assert _reason(client.get(login).content.decode()) == "Log in to follow documents by email."

    # The follow button posts; after logging in the reader lands where following is done.
    signed_in = client.post(login, {"username": "alice", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("subscriptions:mine")
    assert client.get(signed_in["Location"]).status_code == 200


def test_after_logging_in_the_reader_goes_on_to_send_this(make_document, reader):
    document = make_document("Escort of high-risk detainees")
    url = reverse("library:send", args=[document.pk])
    client = Client()
    login = client.get(url)["Location"]

    signed_in = client.post(login, {"username": "alice", "password": PASSWORD})

    assert signed_in["Location"] == url
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "next_url",
    ["", "/", "/documents/1/", "https://elsewhere.example.org/subscriptions/", "/no/such/page/"],
)
def test_a_plain_login_or_a_page_anyone_may_open_gives_no_reason(next_url, make_document):
    make_document("Escort of high-risk detainees")
    page = Client().get(reverse("accounts:login"), {"next": next_url} if next_url else {})

    assert page.status_code == 200
    assert _reason(page.content.decode()) == ""
    assert DEFAULT in page.content.decode()


def test_every_reason_names_a_page_of_the_site():
    """A renamed page would otherwise lose its reason without a word."""
    for name in [*REASONS, *LANDINGS]:
        for args in ([], [1], [1, 1, "draft.docx"]):
            try:
                reverse(name, args=args)
                break
            except NoReverseMatch:
                continue
        else:
            pytest.fail(f"{name} names no page")
