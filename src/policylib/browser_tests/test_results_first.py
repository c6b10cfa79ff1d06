"""Results first: on a phone and on a desktop, the first result is at most three Tabs after the
search box; on a phone the facets fold behind "Filter results", which opens them, and a facet
still narrows the results; a "Skip to results" link shows when it has the focus."""

import pytest

from policylib.browser_tests import data
from policylib.browser_tests.browsing import (
    assert_accessible,
    expect,
    focused,
    press_enter_on,
    tab_to,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENS = {"phone": PHONE, "desktop": DESKTOP}
RESULTS = f"/search/?q={data.FACET_WORD}"
MOST_TABS = 3


def _open_results(page, screen: dict) -> None:
    page.set_viewport_size(screen)
    page.goto(RESULTS)
    expect(page.locator(".search-results > li")).to_have_count(len(data.FACET_DOCS))


def _search_box(page):
    """The search box a reader sees on the results page: the last one shown (a phone hides the
    header's behind "Menu")."""
    return page.get_by_label("Search the library", exact=True).locator("visible=true").last


def _first_result(page) -> str:
    return page.locator(".search-results > li").first.get_by_role("link").first.inner_text()


def _facets(page):
    return page.get_by_role("navigation", name="Narrow the results")


@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_the_first_result_is_at_most_three_tabs_after_the_search_box(page, screen):
    _open_results(page, screen)
    first = _first_result(page)
    _search_box(page).focus()

    passed = []
    for _ in range(60):
        page.keyboard.press("Tab")
        element = focused(page)
        if element and element["name"] == first:
            break
        passed.append(element and element["name"])
    else:
        raise AssertionError(f"Tab never reached the first result; it went through: {passed}")
    tabs = len(passed) + 1
    assert tabs <= MOST_TABS, f"{tabs} Tabs to the first result, through: {passed}"
    assert element["visible"], "The keyboard focus on the first result is not visible."

    # On a desktop the facets are open beside the results; on a phone they wait behind a
    # control that says what it holds.
    if screen is DESKTOP:
        expect(_facets(page)).to_be_visible()
        expect(page.get_by_text("Filter results", exact=True)).to_be_hidden()
    else:
        expect(_facets(page)).to_have_count(0)
        expect(page.get_by_text("Filter results", exact=True)).to_be_visible()


def test_on_a_phone_filter_results_opens_the_facets_and_one_narrows_them(page):
    _open_results(page, PHONE)
    _search_box(page).focus()
    press_enter_on(page, "Filter results")

    facets = _facets(page)
    expect(facets).to_be_visible()
    expect(facets).to_contain_text("Directive (2)")
    press_enter_on(page, "Handbook")

    handbook = data.FACET_DOCS[2]
    results = page.locator(".search-results > li")
    expect(page.get_by_role("status").filter(has_text="result")).to_contain_text("1 result")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text(handbook.title)
    # The chosen facet is where the reader left it, behind the same control.
    expect(facets).to_have_count(0)
    page.get_by_text("Filter results", exact=True).click()
    expect(facets.locator("[aria-current=true]")).to_contain_text("Handbook (1)")


@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_skip_to_results_shows_on_focus_and_lands_before_the_first_result(page, screen):
    _open_results(page, screen)
    skip = page.get_by_role("link", name="Skip to results")
    expect(skip).not_to_be_in_viewport()  # out of sight until it has the focus

    tab_to(page, "Skip to results")
    expect(skip).to_be_in_viewport(ratio=1)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == _first_result(page)


def test_results_on_a_phone_pass_axe(page, axe_source):
    _open_results(page, PHONE)
    assert_accessible(page, axe_source)
    page.get_by_text("Filter results", exact=True).click()
    expect(_facets(page)).to_be_visible()
    assert_accessible(page, axe_source)
