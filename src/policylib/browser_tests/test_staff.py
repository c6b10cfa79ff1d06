"""Library staff upload a revised document, issue it, and readers see the old one superseded."""

import io
import re

import pytest

from policylib.browser_tests import data
from policylib.browser_tests.browsing import expect, sign_in

pytestmark = pytest.mark.browser


def _pdf(title: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, title)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _choose_in_autocomplete(page, row, text: str) -> None:
    """Pick an option of the admin's autocomplete (select2) widget by typing, as staff do."""
    row.locator(".select2-selection").click()
    dropdown = page.locator(".select2-container--open .select2-dropdown")
    dropdown.locator(".select2-search__field").fill(text)
    option = dropdown.locator(".select2-results__option", has_text=text)
    expect(option).to_have_count(1)
    option.click()


def test_staff_issue_a_revision_that_supersedes_a_document(page, tmp_path):
    sign_in(page, data.LIBRARIAN)
    page.get_by_role("link", name="Manage library").click()
    page.get_by_role("link", name="Documents", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("document to change")
    page.get_by_role("link", name="Add document").click()

    # The new document: a draft with its PDF, linked to what it replaces.
    page.locator("#id_library").select_option(label="Directives and Guidance")
    page.locator("#id_identifier").fill(data.SUCCESSOR_IDENTIFIER)
    page.locator("#id_title").fill(data.SUCCESSOR_TITLE)
    page.locator("#id_summary").fill("Inspections every six months, by a certified mechanic.")
    page.locator("#id_document_type").select_option(label=data.BUS_SAFETY.document_type)
    page.locator("#id_categories_from").select_option(label=data.CATEGORY)
    page.locator("#id_categories_add").click()
    upload = tmp_path / "DTP-0002-Rev-1.pdf"
    upload.write_bytes(_pdf(data.SUCCESSOR_TITLE))
    page.locator("#id_new_file").set_input_files(upload)

    supersedes = page.locator(".inline-group", has_text="Supersedes")
    supersedes.get_by_role("button", name=re.compile("Add another")).click()
    new_row = supersedes.locator("tr.form-row:not(.empty-form)").last
    _choose_in_autocomplete(page, new_row, data.BUS_SAFETY.identifier)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    row = page.locator("#result_list tr", has_text=data.SUCCESSOR_IDENTIFIER)
    expect(row).to_contain_text("Draft")

    # Issue it: the draft becomes Current, and what it supersedes becomes Superseded.
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Issue the selected drafts")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 document(s) issued.")
    expect(row).to_contain_text("Current")

    # A reader now finds the revision in its program area, and the old one marked superseded.
    page.goto(f"/categories/{data.CATEGORY_SLUG}/")
    page.get_by_role("link", name=data.SUCCESSOR_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(data.SUCCESSOR_TITLE)
    expect(page.get_by_role("link", name="DTP-0002-Rev-1.pdf")).to_be_visible()
    page.get_by_role("region", name="Supersedes").get_by_role(
        "link", name=data.BUS_SAFETY.title
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(data.BUS_SAFETY.title)
    expect(page.get_by_role("region", name="Status")).to_contain_text(
        f"superseded by {data.SUCCESSOR_IDENTIFIER}: {data.SUCCESSOR_TITLE}"
    )
    superseded_by = page.get_by_role("region", name="Superseded By")
    expect(superseded_by.get_by_role("link", name=data.SUCCESSOR_TITLE)).to_be_visible()
    expect(page.locator(".usa-tag.status-superseded")).to_have_text("Superseded")


def test_the_supersedes_picker_never_offers_the_document_itself(page):
    sign_in(page, data.LIBRARIAN)
    page.goto(f"/admin/library/document/?q={data.ESCORT.identifier}")
    page.get_by_role("link", name=data.ESCORT.identifier, exact=True).click()
    expect(page.locator("#id_identifier")).to_have_value(data.ESCORT.identifier)

    supersedes = page.locator(".inline-group", has_text="Supersedes")
    supersedes.get_by_role("button", name=re.compile("Add another")).click()
    row = supersedes.locator("tr.form-row:not(.empty-form)").last
    row.locator(".select2-selection").click()
    dropdown = page.locator(".select2-container--open .select2-dropdown")
    search = dropdown.locator(".select2-search__field")
    search.fill(data.ESCORT.title)
    expect(dropdown.locator(".select2-results__option")).to_have_text(["No results found"])
    search.fill("DTP 000")
    expect(dropdown.locator(".select2-results__option", has_text=data.ESCORT.title)).to_have_count(
        0
    )
    expect(
        dropdown.locator(
            ".select2-results__option", has_text=re.compile(f"^{data.BUS_SAFETY.identifier}: ")
        )
    ).to_have_count(1)
