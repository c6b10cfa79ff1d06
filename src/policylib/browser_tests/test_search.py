"""A reader searches: suggestions while typing, chosen with the keyboard; Advanced Search with
facets that narrow the results."""

import re

import pytest

from policylib.browser_tests import data
from policylib.browser_tests.browsing import expect, press_enter_on, tab_to

pytestmark = pytest.mark.browser

SEARCH_BOX = "Search the library"


def _box(page):
    """The search box in the site's header (the home page has a second one)."""
    header = page.get_by_role("navigation", name="Primary navigation")
    return header.get_by_role("combobox", name=SEARCH_BOX)


def _suggestions(page):
    return page.locator("#search-live-header").get_by_role("option")


def _chosen(page) -> str:
    """The text of the suggestion the search box points at (aria-activedescendant)."""
    active = _box(page).get_attribute("aria-activedescendant")
    assert active, "No suggestion is chosen."
    option = page.locator(f"#{active}")
    expect(option).to_have_attribute("aria-selected", "true")
    ring = option.evaluate("option => getComputedStyle(option).outlineStyle")
    assert ring != "none", "The chosen suggestion is not visibly marked."
    return option.locator(".search-live__title").inner_text()


def test_suggestions_appear_while_typing_and_enter_opens_the_chosen_one(page):
    page.goto("/")
    box = _box(page)
    box.click()
    page.keyboard.type(data.LIVE_WORD[:6], delay=40)

    expect(_suggestions(page)).to_have_count(1)
    expect(_suggestions(page).first).to_contain_text(data.LIVE_DOC.title)
    expect(box).to_have_attribute("aria-expanded", "true")

    page.keyboard.press("ArrowDown")
    assert _chosen(page) == data.LIVE_DOC.title
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(data.LIVE_DOC.title)


def test_a_keyboard_user_moves_through_suggestions_and_chooses_one(page):
    page.goto(f"/categories/{data.CATEGORY_SLUG}/")
    tab_to(page, SEARCH_BOX)
    page.keyboard.type(data.FACET_WORD, delay=40)
    titles = [doc.title for doc in data.FACET_DOCS]
    expect(_suggestions(page)).to_have_count(len(titles))

    page.keyboard.press("ArrowDown")
    first = _chosen(page)
    page.keyboard.press("ArrowUp")  # from the first, up wraps round to the last
    last = _chosen(page)
    page.keyboard.press("ArrowDown")  # and down again comes back to the first
    assert _chosen(page) == first
    page.keyboard.press("ArrowDown")
    second = _chosen(page)
    assert {first, second, last} == set(titles)

    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(second)


def test_escape_closes_the_suggestions_and_enter_then_searches_the_words(page):
    page.goto("/")
    tab_to(page, SEARCH_BOX)
    box = _box(page)
    page.keyboard.type(data.FACET_WORD, delay=40)
    expect(_suggestions(page)).to_have_count(len(data.FACET_DOCS))

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#search-live-header")).to_be_hidden()
    expect(box).to_have_value(data.FACET_WORD)  # closing the list keeps the words

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=lanyard"))
    summary = page.get_by_role("status").filter(has_text="result")
    expect(summary).to_contain_text(f"{len(data.FACET_DOCS)} results for {data.FACET_WORD}")
    page.get_by_role("link", name=data.FACET_DOCS[0].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(data.FACET_DOCS[0].title)


@pytest.mark.parametrize("keyboard", [False, True], ids=["pointer", "keyboard"])
def test_advanced_search_and_facets_narrow_the_results(page, keyboard):
    page.goto("/")
    if keyboard:
        press_enter_on(page, "Advanced Search…")
        expect(page.get_by_role("heading", level=1)).to_have_text("Advanced Search")
        tab_to(page, "Words in the title")
        page.keyboard.type(data.FACET_WORD)
        page.keyboard.press("Enter")
    else:
        page.get_by_role("link", name="Advanced Search…").first.click()
        page.get_by_label("Words in the title").fill(data.FACET_WORD)
        page.locator("form.search-advanced").get_by_role("button", name="Search").click()

    summary = page.get_by_role("status").filter(has_text="result")
    results = page.locator(".search-results > li")
    expect(summary).to_contain_text(f"{len(data.FACET_DOCS)} results")
    expect(results).to_have_count(len(data.FACET_DOCS))

    facets = page.get_by_role("navigation", name="Narrow the results")
    expect(facets).to_contain_text("Directive (2)")
    if keyboard:
        press_enter_on(page, "Handbook")
    else:
        facets.get_by_role("link", name="Handbook").click()

    expect(summary).to_contain_text("1 result")
    expect(results).to_have_count(1)
    handbook = data.FACET_DOCS[2]
    expect(results.first).to_contain_text(handbook.title)
    expect(facets.locator("[aria-current=true]")).to_contain_text("Handbook (1)")
    expect(page.get_by_label("Words in the title")).to_have_value(data.FACET_WORD)

    if keyboard:
        press_enter_on(page, "Any type")
    else:
        facets.get_by_role("link", name="Any type").click()
    expect(results).to_have_count(len(data.FACET_DOCS))
