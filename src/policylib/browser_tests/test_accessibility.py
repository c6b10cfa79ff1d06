"""Every main page, as the browser shows it, has no serious or critical WCAG 2.1 AA violation
that axe-core finds.

To check a new page, add it to PAGES (reached by its address), or write a test beside the ones at
the end that first gets the page into the state to check (signed in, a menu open, …).
"""

import re

import pytest

from policylib.browser_tests import data
from policylib.browser_tests.browsing import axe_violations, describe, expect, sign_in

pytestmark = pytest.mark.browser

# name: address. Pages a visitor reaches without signing in.
PAGES = {
    "home": "/",
    "documents": "/documents/",
    "category": f"/categories/{data.CATEGORY_SLUG}/",
    "recently-issued": "/documents/recent/",
    "references": "/references/",
    "archives": "/archives/",
    "search-results": f"/search/?q={data.FACET_WORD}",
    "search-no-results": "/search/?q=nothingmatchesthisword",
    "search-empty": "/search/",
    "advanced-search": "/search/advanced/",
    "advanced-search-results": f"/search/advanced/?title={data.FACET_WORD}",
    "help": "/help/",
    "about": "/about/",
    "development-tools": "/development/",
    "login": "/accounts/login/",
    "login-with-reason": "/accounts/login/?next=/subscriptions/",
    "not-found": "/no-such-page/",
}
# Staff pages, as the librarian sees them.
STAFF_PAGES = {
    "admin-index": "/admin/",
    "admin-documents": "/admin/library/document/",
    "admin-documents-filtered": "/admin/library/document/?status__exact=current&q=DTP",
    "admin-add-document": "/admin/library/document/add/",
}


def assert_accessible(page, axe_source: str) -> None:
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_public_page(page, axe_source, path):
    page.goto(path)
    assert_accessible(page, axe_source)


def _open_document(page, doc: data.Doc) -> None:
    page.goto(f"/categories/{data.CATEGORY_SLUG}/")
    page.get_by_role("link", name=doc.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(doc.title)


def test_document_page(page, axe_source):
    _open_document(page, data.ESCORT)
    assert_accessible(page, axe_source)


def test_print_page(page, axe_source):
    _open_document(page, data.ESCORT)
    _follow(page, page.get_by_role("link", name="Print this"), r"/documents/\d+/print/$")
    assert_accessible(page, axe_source)


def test_pages_signed_in_and_send_this(page, axe_source):
    sign_in(page, data.READER)
    assert_accessible(page, axe_source)  # the home page, with the reader's header
    _open_document(page, data.ESCORT)
    _follow(page, page.get_by_role("link", name="Send this"), r"/documents/\d+/send/$")
    assert_accessible(page, axe_source)
    page.get_by_role("button", name="Send").click()  # empty: the form shows its errors
    expect(page.locator(".usa-error-message").first).to_be_visible()
    assert_accessible(page, axe_source)


def test_login_with_an_error(page, axe_source):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(data.READER.username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, axe_source)


def test_live_search_suggestions_open(page, axe_source):
    page.goto("/")
    page.locator("#search-q-header").click()
    page.keyboard.type(data.FACET_WORD, delay=40)
    options = page.locator("#search-live-header").get_by_role("option")
    expect(options).to_have_count(len(data.FACET_DOCS))
    page.keyboard.press("ArrowDown")
    assert_accessible(page, axe_source)


def test_home_on_a_phone_with_the_menu_open(page, axe_source):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    assert_accessible(page, axe_source)
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name="Primary navigation")).to_be_visible()
    assert_accessible(page, axe_source)


@pytest.mark.parametrize("path", STAFF_PAGES.values(), ids=STAFF_PAGES.keys())
def test_staff_page(page, axe_source, path):
    sign_in(page, data.LIBRARIAN)
    page.goto(path)
    assert_accessible(page, axe_source)


def test_staff_document_change_form(page, axe_source):
    sign_in(page, data.LIBRARIAN)
    page.goto("/admin/library/document/?q=" + data.ESCORT.identifier.replace(" ", "+"))
    page.get_by_role("link", name=data.ESCORT.identifier, exact=True).click()
    expect(page.locator("#id_title")).to_have_value(data.ESCORT.title)
    assert_accessible(page, axe_source)


FONT = "(el) => getComputedStyle(el).fontFamily"


def _assert_in_the_sites_font(page, element) -> None:
    """Compared text reads like every other text of the site: its sans font, not a serif."""
    site = page.locator("main p").first.evaluate(FONT)
    assert "serif" not in site.replace("sans-serif", "")
    assert element.evaluate(FONT) == site
    assert page.locator(".redline .redline-mark").first.evaluate(FONT) == site


def _assert_the_matrix_is_wide(page, axe_source) -> None:
    """The matrix uses the window's width (wider than the 64rem reading column); on a phone
    its table scrolls sideways in its own region while the page does not."""
    table = page.locator(".matrix-table").first
    assert table.bounding_box()["width"] > 1100
    page.set_viewport_size({"width": 390, "height": 844})
    region = page.get_by_role("region", name=data.SAFETY.label)
    widths = region.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert widths[0] > widths[1], "the table scrolls inside its region"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(page, axe_source)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_site_has_an_icon(page):
    """Fetched as the browser fetches a tab's icon (opening it as a page would show Chromium's
    image viewer, whose inline styles the site's Content-Security-Policy rightly blocks)."""
    response = page.request.get("/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] == "image/x-icon"
    assert response.body().startswith(b"\x00\x00\x01\x00")


def test_edit_is_not_a_red_button(page):
    """Red reads as delete: a document's Edit looks like its other actions (outline)."""
    sign_in(page, data.LIBRARIAN)
    _open_document(page, data.ESCORT)
    edit = page.locator(".document-actions").get_by_role("link", name="Edit", exact=True)
    printing = page.locator(".document-actions").get_by_role("link", name="Print this")
    look = "(el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]"
    assert edit.evaluate(look) == printing.evaluate(look)
    assert "rgb(216, 57, 51)" not in edit.evaluate(look), "USWDS's red (secondary)"


def _follow(page, control, address: str) -> str:
    """Click a link or button and wait for the page it opens, whose address matches `address`.
    A click does not wait for the new page; axe-core run meanwhile finds no document, and a
    check that the old page also passes would pass too early."""
    control.click()
    expect(page).to_have_url(re.compile(address))
    return page.url


def _link_starting(page, text: str):
    return page.get_by_role("link", name=re.compile(f"^{re.escape(text)}")).first


def test_review_work_pages(page, axe_source):
    """The pages a round passes through that the journeys do not stop on, as its DPC and its
    author see them: the drafts list, a comparison of two saves, the period's status, a
    comment's edit, merge and drop forms, the matrix and its printable version, a new draft."""
    sign_in(page, data.TRAINING_DPC)
    page.goto("/development/drafts/")
    assert_accessible(page, axe_source)
    link = f"{data.IN_REVIEW.identifier}: {data.IN_REVIEW.title}"
    _follow(page, page.get_by_role("link", name=link), r"/drafts/\d+/$")
    expect(page.get_by_role("heading", level=1)).to_contain_text(data.IN_REVIEW.title)
    assert_accessible(page, axe_source)
    _follow(page, page.get_by_role("button", name="Compare", exact=True), r"/history/compare/")
    expect(page.locator("main")).to_contain_text("The escort officer checks them")
    assert_accessible(page, axe_source)
    _assert_in_the_sites_font(page, page.locator(".redline ins").first)
    page.go_back()
    period = _follow(page, page.get_by_role("link", name="Status", exact=True), r"/periods/\d+/$")
    assert_accessible(page, axe_source)
    office_review = _follow(
        page, page.get_by_role("link", name=data.TRAINING.name), r"/office-reviews/\d+/$"
    )
    for action, address in (
        ("Edit comment #", r"/comments/\d+/edit/$"),
        ("Merge duplicates into it", r"/comments/\d+/merge/$"),
        ("Drop comment #", r"/comments/\d+/drop/$"),
    ):
        page.goto(office_review)
        _follow(page, _link_starting(page, action), address)
        expect(page.locator("main form")).to_be_visible()
        assert_accessible(page, axe_source)

    page.context.clear_cookies()
    sign_in(page, data.AUTHOR)
    page.goto(period)
    _follow(page, page.get_by_role("link", name="Comment resolution matrix"), r"/matrix/$")
    expect(page.locator("main")).to_contain_text(data.IN_REVIEW_ANSWER)
    assert_accessible(page, axe_source)
    _assert_the_matrix_is_wide(page, axe_source)
    _follow(page, page.get_by_role("link", name="Printable version"), r"/matrix/print/(\?|$)")
    expect(page.locator("main")).to_contain_text(data.IN_REVIEW_SUBMITTED)
    assert_accessible(page, axe_source)
    page.goto("/development/drafts/new/")
    assert_accessible(page, axe_source)


# Pages of the subscribers, library staff and administrators, as each sees them.
WORK_PAGES = (
    (data.READER, "/subscriptions/"),
    (data.LIBRARIAN, "/periodic-review/"),
    (data.ADMINISTRATOR, "/audit/"),
    (data.ADMINISTRATOR, "/audit/?action=document.issued"),
)


@pytest.mark.parametrize(("person", "path"), WORK_PAGES, ids=[path for _, path in WORK_PAGES])
def test_work_page(page, axe_source, person, path):
    sign_in(page, person)
    response = page.goto(path)
    assert response.status == 200
    assert_accessible(page, axe_source)


# Where each state of each tag and badge shows, as the person who meets it there (None: anyone).
def _records_draft(state: str) -> str:
    identifier, title, _ = next(d for d in data.STATE_DRAFTS if d[2] == state)
    return f"{identifier}: {title}"


TAG_PAGES = (
    (data.RECORDS_AUTHOR, "/development/drafts/?show=all"),  # a draft in every state
    (data.RECORDS_AUTHOR, "/development/my-reviews/"),  # the office's drafts, with their state
    (None, f"/categories/{data.CATEGORY_SLUG}/"),  # Current documents
    (None, "/archives/"),  # Superseded, Cancelled, Archived
    (data.LIBRARIAN, "/documents/recent/"),  # Internal and Restricted markings
    (data.LIBRARIAN, "/agreements/"),  # every status with its count, drafts for staff
    (None, "/delegations/?scope="),  # all delegations, every state; broken chains flagged
    (None, f"/delegations/authorities/{data.AUTHORITY_SLUG}/"),
)
TAG_CLASSES = """() => Array.from(document.querySelectorAll(
    "main .usa-tag, main .delegation-flag, main .overdue-flag"))
    .flatMap((el) => [...el.classList])"""


def _state_classes() -> set[str]:
    from policylib.agreements.models import AgreementStatus
    from policylib.delegations.chains import LinkState
    from policylib.library.models import Status
    from policylib.reviews.models import DraftState

    return (
        {f"draft-state--{s}" for s in DraftState.values}
        | {f"status-{s}" for s in Status.values if s != Status.DRAFT}  # staff-only pages
        | {f"agreement-status--{s}" for s in AgreementStatus.values}
        | {f"delegation-state--{s.value.replace(' ', '-')}" for s in LinkState}
        | {"marking-tag", "delegation-flag"}
    )


def test_every_state_of_every_tag_is_readable(page, axe_source):
    """Each tag and badge state as pages show it (draft, open period, approved, issued,
    superseded, cancelled, expired, flagged, …): axe-core finds no violation, colour contrast
    included; and every state the models know is met on the way."""
    seen: set[str] = set()
    signed_in = None
    for person, path in TAG_PAGES:
        if person != signed_in:
            page.context.clear_cookies()
            if person is not None:
                sign_in(page, person)
            signed_in = person
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page, axe_source)
        seen.update(page.evaluate(TAG_CLASSES))

    # The comment tags, on the DPC's consolidation of the first period's comments.
    page.context.clear_cookies()
    sign_in(page, data.RECORDS_DPC)
    page.goto("/development/my-reviews/")
    name = f"Position of {data.RECORDS_REVIEW.label} — {_records_draft('in_review')}"
    _follow(page, page.get_by_role("link", name=name, exact=True), r"/office-reviews/\d+/$")
    assert_accessible(page, axe_source)
    seen.update(page.evaluate(TAG_CLASSES))
    expect(page.locator("main .usa-tag", has_text="Dropped")).to_have_count(1)
    expect(page.locator("main .usa-tag", has_text="Merged into")).to_have_count(1)

    missing = _state_classes() - seen
    assert not missing, f"no page on the way showed: {sorted(missing)}"
    assert {"comment-substantive", "comment-editorial"} <= seen


def test_my_reviews_links_name_their_drafts(page, axe_source):
    """The same step waits on two drafts: their links differ by the draft they open, so a list
    of links (a screen reader's) tells them apart; axe-core's rule for identical link names
    finds nothing to question."""
    sign_in(page, data.RECORDS_DPC)
    page.goto("/development/my-reviews/")
    step = f"Position of {data.RECORDS_REVIEW.label}"
    links = page.get_by_role("link", name=re.compile(f"^{re.escape(step)}"))
    expect(links).to_have_count(2)
    names = {
        links.nth(i).evaluate("(a) => a.innerText.replace(/\\s+/g, ' ').trim()") for i in range(2)
    }
    assert f"{step} — {_records_draft('in_review')}" in names, names
    assert len(names) == 2, names
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    results = page.evaluate(
        "async () => await axe.run(document,"
        " {runOnly: {type: 'rule', values: ['identical-links-same-purpose']}})"
    )
    flagged = results["violations"] + results["incomplete"]
    assert not flagged, describe(flagged)
    assert_accessible(page, axe_source)
