"""Every state a tag or badge can show is readable: its text has at least 4.5:1 contrast with
its background (WCAG 1.4.3; tags are small text).

The colours are read from the style sheets the pages load, in their order, the way the browser
applies them (later and more specific rules win): the U.S. Web Design System's, then the site's.
Each tag is checked alone and among a list item's details, where USWDS draws tags differently.
The states come from the models, so a new state without a readable colour fails here. The
browser suite checks the same tags on real pages with axe-core (browser_tests/
test_accessibility.py)."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.text import slugify

from policylib.agreements.models import AgreementStatus
from policylib.delegations.chains import LinkState
from policylib.library.models import Status
from policylib.reviews.models import CommentCategory, DraftState

# The style sheets of the pages that show tags, in the order the pages load them.
SHEETS = (
    "policylib/site.css",
    "reviews/reviews.css",
    "agreements/agreements.css",
    "delegations/delegations.css",
)
WHITE = "#ffffff"


def _tags() -> dict[str, set[str]]:
    """Each tag a template can render (name: its classes), as the templates write them."""
    tags = {f"document {s.value}": {"usa-tag", f"status-{s.value}"} for s in Status}
    tags["marking"] = {"usa-tag", "marking-tag"}
    for state in DraftState:
        tags[f"draft {state.value}"] = {"usa-tag", "draft-state", f"draft-state--{state.value}"}
    for category in CommentCategory:
        tags[f"comment {category.value}"] = {"usa-tag", f"comment-{category.value}"}
    tags["comment dropped or merged"] = {"usa-tag"}
    for status in AgreementStatus:
        tags[f"agreement {status.value}"] = {
            "usa-tag",
            "agreement-status",
            f"agreement-status--{status.value}",
        }
    for state in LinkState:
        slug = slugify(state.value)
        tags[f"delegation {slug}"] = {"usa-tag", "delegation-state", f"delegation-state--{slug}"}
    return tags


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of the sheet's rules outside @media blocks."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                name, value = declaration.split(":", 1)
                name = name.strip()
                # The sheets write a tag's colour with either; the later one wins.
                declarations["background-color" if name == "background" else name] = value.strip()
        for selector in selectors.split(","):
            rules.append((selector.strip(), declarations))
    return rules


def _uswds_rules() -> list[tuple[str, dict[str, str]]]:
    sheet = Path(settings.FRONTEND_DIR) / "@uswds" / "uswds" / "dist" / "css" / "uswds.min.css"
    if not sheet.exists():
        message = f"The U.S. Web Design System is not installed at {sheet} (run `npm ci`)."
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: a missing sheet is a failure there
        pytest.skip(message)
    return _rules(sheet.read_text())


def _site_rules() -> list[tuple[str, dict[str, str]]]:
    rules = []
    for name in SHEETS:
        path = finders.find(name)
        assert path, f"{name} is not among the static files"
        rules.extend(_rules(Path(path).read_text()))
    return rules


COMPOUND = re.compile(r"^(?:\.[\w-]+)+$")


def _style(classes: set[str], rules) -> dict[str, str]:
    """The declarations that apply to an element with these classes: rules made of classes
    only, by specificity (how many classes), then by their order in the sheets."""
    matching = []
    for order, (selector, declarations) in enumerate(rules):
        if not COMPOUND.match(selector):
            continue
        wanted = set(selector[1:].split("."))
        if wanted <= classes:
            matching.append((len(wanted), order, declarations))
    style: dict[str, str] = {}
    for _, _, declarations in sorted(matching, key=lambda m: m[:2]):
        style.update(declarations)
    return style


def _colour(value: str) -> str:
    value = value.replace("!important", "").strip().lower()
    if value in ("#fff", "white"):
        return WHITE
    match = re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", value)
    assert match, f"not a colour this test reads: {value!r}"
    digits = match.group(1)
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    dark, light = sorted((_luminance(_colour(one)), _luminance(_colour(other))))
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_does():
    assert round(contrast("#fff", "#000"), 1) == 21.0
    assert round(contrast("#ffffff", "#00a91c"), 2) == 3.14


TAGS = _tags()
# The lists of documents and agreements show tags among an item's details, where the U.S. Web
# Design System draws them light with dark text.
PLACES = {"": set(), " in a list": {"usa-collection__meta-item"}}


@pytest.fixture(scope="module")
def rules():
    return _uswds_rules() + _site_rules()


@pytest.mark.parametrize("place", PLACES.values(), ids=PLACES.keys())
@pytest.mark.parametrize("classes", TAGS.values(), ids=TAGS.keys())
def test_every_tag_state_has_readable_text(classes, place, rules):
    style = _style(classes | place, rules)
    background = style["background-color"]
    ratio = contrast(style["color"], background)
    assert ratio >= 4.5, (
        f"{' '.join(sorted(classes | place))}: {style['color']} on {background} is "
        f"{ratio:.2f}:1, below 4.5:1"
    )


def test_flags_have_readable_text():
    """The Overdue badge (on white) and a flagged delegation's problems (on its tinted row)."""
    rules = dict(_site_rules())
    overdue = rules[".overdue-flag"]
    assert contrast(overdue["color"], WHITE) >= 4.5
    assert contrast(overdue["border"].split()[-1], WHITE) >= 3, "the badge's border shows"
    flag = rules[".delegation-flag"]["color"]
    tint = rules[".delegation-node--flagged > .delegation-link"]["background-color"]
    assert contrast(flag, tint) >= 4.5
    assert contrast(flag, WHITE) >= 4.5
