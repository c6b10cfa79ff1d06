"""A reader finds a document by browsing, downloads it, prints it and sends it on."""

import re

import pytest

from policylib.browser_tests import data
from policylib.browser_tests.browsing import expect, press_enter_on, tab_to

pytestmark = pytest.mark.browser

DOCUMENT_URL = re.compile(r"/documents/\d+/escort-of-detainees-by-ground-transportation/$")


def _is_the_pdf(response) -> bool:
    return "/files/" in response.url and response.request.method == "GET"


def _assert_pdf(page, response) -> None:
    """The browser got the PDF itself, shown in its viewer, and saving it gives the file."""
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="DTP-0001.pdf"' in response.headers["content-disposition"]
    # The viewer keeps the body for itself; fetch it again as the viewer's Save would.
    saved = page.context.request.get(response.url)
    assert saved.body().startswith(b"%PDF-")
    assert int(response.headers["content-length"]) == len(saved.body())


def test_a_reader_browses_from_home_to_a_document_and_opens_its_pdf(page):
    page.goto("/")
    page.get_by_role("navigation", name="Primary navigation").get_by_role(
        "link", name="Documents"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")

    page.get_by_role("link", name=data.CATEGORY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(data.CATEGORY)
    expect(page.get_by_role("status")).to_contain_text(f"of {len(data.DOCUMENTS)} documents")

    page.get_by_role("link", name=data.ESCORT.title).click()
    expect(page).to_have_url(DOCUMENT_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text(data.ESCORT.title)
    crumbs = page.get_by_role("navigation", name="You are here")
    expect(crumbs.get_by_role("link")).to_have_text(["Home", "Documents", data.CATEGORY])
    expect(page.get_by_text(data.ESCORT.summary)).to_be_visible()

    with page.expect_response(_is_the_pdf) as pdf:
        page.get_by_role("link", name="DTP-0001.pdf").click()
    _assert_pdf(page, pdf.value)


def test_a_keyboard_user_browses_to_a_document_and_opens_its_pdf(page):
    page.goto("/")
    press_enter_on(page, "Documents")
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    press_enter_on(page, data.CATEGORY)
    expect(page.get_by_role("heading", level=1)).to_have_text(data.CATEGORY)
    press_enter_on(page, data.ESCORT.title)
    expect(page).to_have_url(DOCUMENT_URL)

    with page.expect_response(_is_the_pdf) as pdf:
        press_enter_on(page, "DTP-0001.pdf")
    _assert_pdf(page, pdf.value)


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page):
    page.goto(f"/categories/{data.CATEGORY_SLUG}/")
    tab_to(page, "Skip to main content", limit=1)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main-content$"))
    tab_to(page, "Home")  # the breadcrumb is the first link inside the content


@pytest.mark.parametrize("keyboard", [False, True], ids=["pointer", "keyboard"])
def test_print_this_gives_a_clean_page_of_the_record(page, keyboard):
    page.goto("/documents/")
    page.get_by_role("link", name=data.CATEGORY).click()
    page.get_by_role("link", name=data.ESCORT.title).click()

    if keyboard:
        press_enter_on(page, "Print this")
    else:
        page.get_by_role("link", name="Print this").click()

    expect(page).to_have_url(re.compile(r"/documents/\d+/print/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(data.ESCORT.title)
    expect(page.get_by_text(data.ESCORT.identifier, exact=True)).to_be_visible()
    expect(page.get_by_role("navigation")).to_have_count(0)  # no site menus on paper
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Back to the document")).to_be_hidden()


@pytest.mark.parametrize("keyboard", [False, True], ids=["pointer", "keyboard"])
def test_send_this_asks_a_visitor_to_log_in_then_emails_the_link(page, site, keyboard):
    recipient = f"dana.{'keys' if keyboard else 'mouse'}@example.org"
    page.goto("/documents/")
    page.get_by_role("link", name=data.CATEGORY).click()
    page.get_by_role("link", name=data.ESCORT.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(data.ESCORT.title)
    document_url = page.url

    if keyboard:
        press_enter_on(page, "Send this")
    else:
        page.get_by_role("link", name="Send this").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.get_by_text("Log in to send this document by email.")).to_be_visible()

    if keyboard:
        tab_to(page, "Username")
        page.keyboard.type(data.READER.username)
        page.keyboard.press("Tab")
        page.keyboard.type(data.PASSWORD)
        page.keyboard.press("Enter")
    else:
        page.get_by_label("Username").fill(data.READER.username)
        page.get_by_label("Password").fill(data.PASSWORD)
        page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Send this document")
    expect(page.get_by_label("Your name")).to_have_value(data.READER.username)
    expect(page.get_by_label("Your email address")).to_have_value(data.READER.email)

    if keyboard:
        tab_to(page, "Recipient's email address")
        page.keyboard.type(recipient)
        tab_to(page, "A note to go with the link (optional)", limit=3)
        page.keyboard.type("The escort rules we discussed.")
        press_enter_on(page, "Send")
    else:
        page.get_by_label("Recipient's email address").fill(recipient)
        page.get_by_label("A note to go with the link (optional)").fill(
            "The escort rules we discussed."
        )
        page.get_by_role("button", name="Send").click()

    expect(page).to_have_url(document_url)
    expect(page.get_by_role("status")).to_have_text(
        f"A link to this document was sent to {recipient}."
    )
    # Mail goes to the data folder's mail/ (no SMTP host is set): the message really went out.
    log = site.server_log()
    assert f"To: {recipient}" in log
    assert document_url in log
    assert "The escort rules we discussed." in log


def test_a_visitor_who_is_not_signed_in_sees_the_log_in_link_and_no_send_form(page):
    page.goto("/documents/")
    page.get_by_role("link", name=data.CATEGORY).click()
    page.get_by_role("link", name=data.ESCORT.title).click()
    page.get_by_role("link", name="Send this").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/documents/\d+/send/$"))
    expect(page.get_by_label("Recipient's email address")).to_have_count(0)


def test_signing_in_returns_the_reader_to_the_page_they_were_on(page):
    page.goto(f"/categories/{data.CATEGORY_SLUG}/")
    page.get_by_role("link", name="Log in").click()
    sign_in_heading = page.get_by_role("heading", level=1)
    expect(sign_in_heading).to_have_text("Log in")
    page.get_by_label("Username").fill(data.READER.username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")

    page.get_by_label("Password").fill(data.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(f"/categories/{data.CATEGORY_SLUG}/$"))
    expect(page.get_by_role("button", name=f"Log out {data.READER.username}")).to_be_visible()

    page.get_by_role("button", name=f"Log out {data.READER.username}").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_a_keyboard_user_signs_in(page):
    page.goto("/")
    press_enter_on(page, "Log in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    tab_to(page, "Username")
    page.keyboard.type(data.READER.username)
    page.keyboard.press("Tab")
    page.keyboard.type(data.PASSWORD)
    press_enter_on(page, "Log in")
    expect(page.get_by_role("button", name=f"Log out {data.READER.username}")).to_be_visible()
