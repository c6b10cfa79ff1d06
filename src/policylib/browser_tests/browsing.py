"""What a person does in the browser, as small steps the journeys share."""

from __future__ import annotations

import json
import re

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import Page, expect
except ImportError:  # the `browser` fixture skips, or fails in CI, and says why
    Page = expect = None
    PlaywrightError = Exception

from policylib.browser_tests import data

# axe-core rules for WCAG 2.0 and 2.1, levels A and AA.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const text = (node) => (node && (node.innerText || node.textContent) || "").trim();
  let name = el.getAttribute("aria-label") || "";
  const labelledby = el.getAttribute("aria-labelledby");
  if (!name && labelledby) {
    name = labelledby.split(/\\s+/).map((id) => text(document.getElementById(id))).join(" ");
  }
  if (!name && el.labels && el.labels.length) name = text(el.labels[0]);
  if (!name) name = text(el);
  const image = el.querySelector && el.querySelector("img[alt]");
  if (!name && image) name = image.alt;
  if (!name) name = el.title || "";
  const style = getComputedStyle(el);
  const outlined = (s) => s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const shadow = Boolean(style.boxShadow) && style.boxShadow !== "none";
  // USWDS hides checkboxes and radios and draws their focus ring on the label's box.
  const labelRing = Array.from(el.labels || []).some(
    (label) => outlined(getComputedStyle(label, "::before")));
  return {tag: el.tagName.toLowerCase(), id: el.id,
          visible: outlined(style) || shadow || labelRing,
          name: name.replace(/\\s+/g, " ").replace(/ ?\\*$/, "")};
}"""


def focused(page: Page) -> dict | None:
    """The element that has the keyboard focus: its tag, accessible text, and focus ring."""
    try:
        return page.evaluate(_FOCUSED)
    except PlaywrightError as error:  # a key press started loading a page: ask the new one
        if "context was destroyed" not in str(error):
            raise
        page.wait_for_load_state()
        return page.evaluate(_FOCUSED)


def tab_to(page: Page, name: str, *, limit: int = 80, backwards: bool = False) -> dict:
    """Press Tab until the focused element's text is `name`; its focus must be visible."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        element = focused(page)
        if element and element["name"] == name:
            assert element["visible"], f"The keyboard focus on {name!r} is not visible."
            return element
        seen.append(element and element["name"])
    raise AssertionError(f"Tab never reached {name!r}; it went through: {seen}")


def press_enter_on(page: Page, name: str, **kwargs) -> None:
    """Reach an element with Tab alone and activate it with Enter, as a keyboard user does."""
    tab_to(page, name, **kwargs)
    page.keyboard.press("Enter")


def skip_to_content(page: Page) -> None:
    """On a page just opened (nothing has the focus yet), take the skip link past the header to
    the page's content, as keyboard users do on every page they work in."""
    if focused(page) is not None:
        return
    page.keyboard.press("Tab")
    element = focused(page)
    if element and element["name"] == "Skip to main content":
        assert element["visible"], "The keyboard focus on the skip link is not visible."
        page.keyboard.press("Enter")
    else:
        # The address ends in #main-content (a redirect keeps it), so the page opened at its
        # content already: step back, so the next Tab reaches the content's first control.
        page.keyboard.press("Shift+Tab")


def sign_in(page: Page, person: data.Person, *, next_url: str = "/") -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(person.username)
    page.get_by_label("Password").fill(data.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name=f"Log out {person.username}")).to_be_visible()


def axe_violations(page: Page, axe_source: str) -> list[dict]:
    """Serious and critical WCAG 2.1 AA violations that axe-core finds on the page as shown."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugging protocol: the site's CSP, which rightly forbids
        # inline scripts, does not apply to it.
        page.evaluate(axe_source)
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA,
    )
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """A report a person can act on: the rule, why it matters, and where on the page."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("    " + node["failureSummary"].replace("\n", "\n    "))
    return "\n".join(lines)


def assert_accessible(page: Page, axe_source: str) -> None:
    """No serious or critical WCAG 2.1 AA violation on the page as it is shown now."""
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"


def sign_in_by_keyboard(page: Page, person: data.Person, *, next_url: str = "/") -> None:
    """Log in with the keyboard alone (the address typed, as a person follows a link); whoever
    is signed in in this tab logs out first."""
    log_out = page.get_by_role("button", name=re.compile(r"^Log out "))
    if page.url.startswith("http") and log_out.count():
        press_enter_on(page, log_out.inner_text().strip())
        expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.goto(f"/accounts/login/?next={next_url}")
    type_into(page, "Username", person.username)
    page.keyboard.press("Tab")
    page.keyboard.type(data.PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=f"Log out {person.username}")).to_be_visible()


def type_into(page: Page, name: str, text: str, **kwargs) -> None:
    """Tab to a field and type, as a keyboard user fills a form."""
    tab_to(page, name, **kwargs)
    page.keyboard.type(text)


def check_box(page: Page, name: str, **kwargs) -> None:
    """Tab to a checkbox and tick it with the space bar."""
    tab_to(page, name, **kwargs)
    page.keyboard.press("Space")


def choose_radio(page: Page, first: str, wanted: str, **kwargs) -> None:
    """Tab into a group of radio buttons (at its first, `first`) and choose `wanted` with the
    arrow keys, as a keyboard user does: Tab stops once per group."""
    tab_to(page, first, **kwargs)
    for _ in range(10):
        element = focused(page)
        if element and element["name"] == wanted:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"The arrow keys never reached {wanted!r} from {first!r}.")
