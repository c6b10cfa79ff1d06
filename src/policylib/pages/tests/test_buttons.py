"""Red buttons (USWDS "secondary") are for destructive actions only: an Edit, Add or Download
button in red reads as a delete."""

import re
from pathlib import Path

import policylib

SOURCE = Path(policylib.__file__).parent
RED = "usa-button--secondary"
# A red button's words must say it destroys or ends something.
DESTRUCTIVE = re.compile(r"\b(cancel|drop|delete|remove|withdraw|terminate|rescind)", re.I)
BUTTON = re.compile(r"<(a|button)\b([^>]*)>(.*?)</\1>", re.S)


def _red_buttons():
    for template in sorted(SOURCE.rglob("templates/**/*.html")):
        for _tag, attributes, text in BUTTON.findall(template.read_text()):
            if RED in attributes:
                yield template.relative_to(SOURCE), attributes, text


def test_only_destructive_actions_are_red():
    found = list(_red_buttons())
    assert found, "the destructive actions (cancel a check-out, drop a comment) stay red"
    for template, attributes, text in found:
        # The action form shows red only when its view says the action is destructive.
        if "{% if danger %}" in attributes:
            continue
        assert DESTRUCTIVE.search(text), f"{template}: a red button that destroys nothing: {text}"


def test_edit_buttons_are_not_red():
    edits = [
        (template, attributes)
        for template in sorted(SOURCE.rglob("templates/**/*.html"))
        for _tag, attributes, text in BUTTON.findall(template.read_text())
        if re.match(r"\s*Edit\b", text) and "usa-button" in attributes
    ]
    assert len(edits) >= 3, edits  # a document's, an agreement's and a delegation's
    for template, attributes in edits:
        assert RED not in attributes, f"{template.relative_to(SOURCE)}: Edit is red"
