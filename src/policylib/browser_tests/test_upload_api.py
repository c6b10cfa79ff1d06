"""Library staff drop several files at once on a document page, see their text extracted, and are
told plainly why a file is refused; and the API, as a browser sees it."""

import io
import json

import pytest

from policylib.browser_tests import data
from policylib.browser_tests.browsing import (
    assert_accessible,
    expect,
    press_enter_on,
    sign_in_by_keyboard,
    tab_to,
)

pytestmark = pytest.mark.browser

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _drop(page, target, paths) -> None:
    """Drop files on `target` as the operating system does when a person drags them from a file
    manager: a trusted drag, entering, moving over and dropping, carrying the files."""
    target.scroll_into_view_if_needed()
    box = target.bounding_box()  # where it is in the window, as the drop's coordinates are
    assert box, "The drop target is not on the screen."
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    carried = {"items": [], "files": [str(path) for path in paths], "dragOperationsMask": 1}
    session = page.context.new_cdp_session(page)
    try:
        for kind in ("dragEnter", "dragOver", "drop"):
            session.send("Input.dispatchDragEvent", {"type": kind, "x": x, "y": y, "data": carried})
    finally:
        session.detach()


def _open_upload_document(page) -> None:
    sign_in_by_keyboard(page, data.LIBRARIAN, next_url=f"/categories/{data.REVIEW_CATEGORY_SLUG}/")
    press_enter_on(page, data.UPLOAD_DOC.title)
    expect(page.get_by_role("heading", level=1)).to_have_text(data.UPLOAD_DOC.title)
    expect(page.get_by_role("heading", name="Add or replace files")).to_be_visible()


def _extraction(page):
    return page.locator(".document-metadata div", has_text="Text extraction").locator("dd")


def test_staff_drop_several_files_and_see_their_text_extracted(page, axe_source, tmp_path):
    checklist = tmp_path / "vehicle-checklist.pdf"
    checklist.write_bytes(_pdf("Check the tires, brakes and cage doors before each transport."))
    notes = tmp_path / "log-instructions.txt"
    notes.write_text("Write each repair in the log, with the date and the mechanic's name.\n")

    _open_upload_document(page)
    assert_accessible(page, axe_source)  # the upload form as staff see it
    _drop(page, page.locator(".usa-file-input__target"), [checklist, notes])
    assert page.evaluate(
        "() => Array.from(document.querySelector('#upload input[type=file]').files)"
        ".map((f) => f.name)"
    ) == [checklist.name, notes.name]
    expect(page.locator(".usa-file-input__preview")).to_have_count(2)
    assert_accessible(page, axe_source)  # with the dropped files listed

    press_enter_on(page, "Upload")
    message = page.get_by_role("status").filter(has_text="Added 2 attachments")
    expect(message).to_contain_text(f"{checklist.name}, {notes.name}")
    files = page.get_by_role("list", name="Files")
    expect(files.get_by_role("link", name=checklist.name)).to_be_visible()
    expect(files.get_by_role("link", name=notes.name)).to_be_visible()

    # The server's worker extracts their text; the page says so once it is done.
    for _ in range(60):
        if _extraction(page).inner_text().strip() == "done":
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(_extraction(page)).to_have_text("done")
    assert_accessible(page, axe_source)


def test_a_file_that_is_not_what_its_name_says_is_refused_with_the_reason(
    page, axe_source, tmp_path
):
    disguised = tmp_path / "scan-of-log.pdf"
    disguised.write_bytes(PNG)

    _open_upload_document(page)
    # Chosen with the keyboard this time: the file picker opens from the keyboard too. The
    # browser starts catching the picker only some time after we ask it to, so we ask before the
    # walk to the field rather than just before Space, which could open the picker too soon.
    with page.expect_file_chooser() as chooser:
        tab_to(page, "Drag files here or choose from folder")
        page.keyboard.press("Space")
    chooser.value.set_files(disguised)
    press_enter_on(page, "Upload")

    alert = page.locator("#upload-status").get_by_role("alert")
    expect(alert).to_contain_text("Nothing was uploaded.")
    expect(alert).to_contain_text(f"{disguised.name}: its content is")
    expect(alert).to_contain_text("not PDF, Word (.docx), HTML, plain text or Markdown")
    assert_accessible(page, axe_source)
    page.reload()
    expect(page.get_by_role("link", name=disguised.name)).to_have_count(0)


def test_the_api_in_a_browser(page, browser, site):
    # The documents, as JSON, to anyone (public documents only).
    response = page.goto(f"/api/v1/documents/?identifier={data.ESCORT.identifier}")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    listing = json.loads(response.body())
    titles = [document["title"] for document in listing["results"]]
    assert titles == [data.ESCORT.title]

    # The interactive documentation loads. Its page is opened in a tab of its own, outside the
    # `page` fixture, whose check of Content-Security-Policy reports would fail on what the
    # documentation's scripts are refused; that is a known problem of its own, fixed apart.
    docs = browser.new_context(base_url=site.url)
    try:
        tab = docs.new_page()
        answer = tab.goto("/api/docs/")
        assert answer.status == 200
        assert answer.headers["content-type"].startswith("text/html")
        expect(tab.locator("#swagger-ui")).to_be_attached()
        schema = tab.request.get("/api/schema/")
        assert schema.ok
        assert "/api/v1/documents/" in schema.text()
    finally:
        docs.close()
