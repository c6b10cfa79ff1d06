"""A reader uses the MOA/MOU Library and the Delegations Library by keyboard alone, and every page
on the way has no serious or critical WCAG 2.1 AA violation."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from policylib.browser_tests import data
from policylib.browser_tests.browsing import (
    assert_accessible,
    expect,
    press_enter_on,
    tab_to,
)

pytestmark = pytest.mark.browser

EN_DASH = "\N{EN DASH}"
AGREEMENT_LINK = f"{data.AGREEMENT_IDENTIFIER}: {data.AGREEMENT_TITLE}"


def _heading(page):
    return page.get_by_role("heading", level=1)


def _is_the_agreement_file(response) -> bool:
    return response.url.endswith(f"/{data.AGREEMENT_FILE}") and response.request.method == "GET"


def test_a_keyboard_user_browses_agreements_by_party_status_and_expiration(page, axe_source):
    page.goto("/")
    press_enter_on(page, "MOA/MOU Library")
    expect(_heading(page)).to_have_text("MOA/MOU Library")
    assert_accessible(page, axe_source)

    # By party: the party's page lists its one agreement.
    press_enter_on(page, "By party")
    expect(_heading(page)).to_have_text("Agreements by party")
    assert_accessible(page, axe_source)
    press_enter_on(page, data.PARTY)
    expect(_heading(page)).to_have_text(f"Agreements with {data.PARTY}")
    expect(page.get_by_role("status")).to_have_text("1 agreement, soonest expiration first.")
    assert_accessible(page, axe_source)

    # The agreement: expiring soon, its modification and its signed file.
    opened_on = timezone.localdate()
    press_enter_on(page, AGREEMENT_LINK)
    expect(_heading(page)).to_have_text(data.AGREEMENT_TITLE)
    status = page.get_by_role("region", name="Status")
    expect(status).to_contain_text("This agreement expires in")
    # Counted from the day the page is drawn: the library may have been built the day before.
    shown = re.search(r"expires in (\d+) days, on (\w{3} \d{2}, \d{4})", status.inner_text())
    assert shown, status.inner_text()
    expires_on = datetime.datetime.strptime(shown[2], "%b %d, %Y").date()
    counts = {(expires_on - day).days for day in (opened_on, timezone.localdate())}
    assert int(shown[1]) in counts
    modifications = page.locator("section", has=page.locator("#modifications-heading"))
    expect(modifications.get_by_role("heading", level=3)).to_have_text(
        f"Modification 1: {data.AGREEMENT_MODIFICATION}"
    )
    expect(page.locator(".agreement-status")).to_have_text("Expiring soon")
    assert_accessible(page, axe_source)
    with page.expect_response(_is_the_agreement_file) as pdf:
        press_enter_on(page, data.AGREEMENT_FILE)
    assert pdf.value.status == 200
    assert pdf.value.headers["content-type"] == "application/pdf"
    assert page.context.request.get(pdf.value.url).body().startswith(b"%PDF-")

    # By status and party, with the list's filters.
    page.wait_for_load_state()
    _leave_the_pdf_for(page, "/agreements/")
    expect(_heading(page)).to_have_text("MOA/MOU Library")
    tab_to(page, "Status")
    page.keyboard.type("Expiring")
    tab_to(page, "Party", limit=3)
    page.keyboard.type("Marlowe")
    press_enter_on(page, "Apply")
    expect(page).to_have_url(re.compile(r"status=expiring.*party=mcso"))
    expect(page.locator(".result-count")).to_have_text(f"Showing 1{EN_DASH}1 of 1 agreement.")
    expect(page.get_by_role("link", name=AGREEMENT_LINK)).to_be_visible()
    assert_accessible(page, axe_source)

    # Expiring soon: the agreement is there, with its date.
    expiring = page.get_by_role("link", name=re.compile(r"^Expiring in the next \d+ days$"))
    press_enter_on(page, expiring.inner_text().strip())
    expect(_heading(page)).to_contain_text("Agreements expiring in the next")
    row = page.get_by_role("row").filter(has_text=data.AGREEMENT_IDENTIFIER)
    expect(row).to_contain_text(data.PARTY)
    assert_accessible(page, axe_source)


def _leave_the_pdf_for(page, path: str) -> None:
    """Go from the PDF the browser shows to `path`. Closing its PDF viewer, Chromium may start
    the same navigation again itself; Playwright then reports ours as interrupted "by another
    navigation" to the same address. That one arrives: wait for it rather than go again, which
    would only restart it."""
    try:
        page.goto(path)
    except PlaywrightError as error:
        if "interrupted by another navigation" not in str(error):
            raise
        page.wait_for_url(f"**{path}", wait_until="load")


def test_a_keyboard_user_follows_a_delegation_up_its_chain_to_the_source(page, axe_source):
    page.goto("/")
    press_enter_on(page, "Delegations Library")
    expect(_heading(page)).to_have_text("Delegations Library")
    assert_accessible(page, axe_source)

    # Who may exercise the authority: both delegates, their chains sound.
    press_enter_on(page, data.AUTHORITY)
    expect(_heading(page)).to_have_text("Who may exercise this authority?")
    holders = page.get_by_role("table", name="Positions that hold this authority today")
    for position, holder in (
        (data.CHIEF, data.CHIEF_HOLDER),
        (data.SUPERVISOR, data.SUPERVISOR_HOLDER),
    ):
        row = holders.get_by_role("row", name=re.compile(f"^{re.escape(position)} "))
        expect(row).to_contain_text(holder)
        expect(row).to_contain_text("Sound")
    assert_accessible(page, axe_source)

    # The supervisor's delegation, its limits and its chain from the source.
    press_enter_on(page, f"Delegation from {data.CHIEF}")
    expect(_heading(page)).to_have_text(f"Delegation of authority: {data.AUTHORITY}")
    expect(page.get_by_text(data.DELEGATION_LIMITS)).to_be_visible()
    chain = page.get_by_role("list", name="Chain from the source")
    expect(chain.get_by_role("listitem")).to_have_count(3)
    expect(chain.get_by_role("listitem").first).to_contain_text(data.ESCORT.title)
    expect(chain.get_by_role("listitem").last).to_contain_text(f"{data.CHIEF} → {data.SUPERVISOR}")
    assert_accessible(page, axe_source)

    # Up one link, then to the directive it comes from.
    press_enter_on(page, f"Delegation from {data.DIRECTOR} to {data.CHIEF}")
    expect(page.get_by_text(f"{data.DIRECTOR} to {data.CHIEF}").first).to_be_visible()
    assert_accessible(page, axe_source)
    press_enter_on(page, f"{data.ESCORT.identifier}: {data.ESCORT.title}")
    expect(_heading(page)).to_have_text(data.ESCORT.title)

    # The supervisor's position: what it may do.
    page.go_back()
    press_enter_on(page, data.CHIEF)
    expect(_heading(page)).to_have_text(data.CHIEF)
    may_do = page.locator("section", has=page.locator("#may-do-heading"))
    expect(may_do).to_contain_text(data.AUTHORITY)
    delegated = page.locator("section", has=page.locator("#delegated-heading"))
    expect(delegated).to_contain_text(data.SUPERVISOR)
    assert_accessible(page, axe_source)
