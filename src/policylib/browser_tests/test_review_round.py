"""A whole review-and-comment round in the browser, by keyboard alone.

A reader follows a Current directive by email. An author revises it (a working copy; the
version in force stays published) and opens a comment period to three offices; two DPCs assign
reviewers; a reviewer's bare question is refused with the reason, then her substantive and
editorial comments go in; one office submits its comments, one answers "no comment", the third
misses the deadline and the daily task closes the period; the OPI answers every comment in the
matrix and downloads it as a workbook; the board concurs, the signatory approves, library staff
issue version 2, the reader is emailed, and the versions page shows the redline between
versions 1 and 2. axe-core checks every page on the way.
"""

import datetime
import functools
import io
import time

import pytest

from policylib.browser_tests import browsing, data
from policylib.browser_tests.browsing import assert_accessible, expect, sign_in_by_keyboard

pytestmark = pytest.mark.browser


def _in_content(step):
    """The step, taken in the page's content: on a page just opened, the skip link first."""

    @functools.wraps(step)
    def in_content(page, *args, **kwargs):
        browsing.skip_to_content(page)
        return step(page, *args, **kwargs)

    return in_content


# Every control this journey uses is in the content; the header is only for signing in and out.
check_box = _in_content(browsing.check_box)
choose_radio = _in_content(browsing.choose_radio)
press_enter_on = _in_content(browsing.press_enter_on)
tab_to = _in_content(browsing.tab_to)
type_into = _in_content(browsing.type_into)

MY_REVIEWS = "/development/my-reviews/"
# What My reviews adds to a step's link, so each row's link names its draft.
ON_REVISED = f" — {data.REVISED.identifier}: {data.REVISED.title}"
DRAFT_LINK = f"{data.REVISED.identifier}: {data.REVISED.title}"
SUBSTANTIVE = "State who approves leg restraints: the shift supervisor, in writing."
EDITORIAL = "Write “leg restraints” instead of “leg irons”."
LONG_FORM = 120  # Tab stops on a form with every program area and group to choose from


def _docx(*lines: str) -> bytes:
    from docx import Document as WordDocument

    document = WordDocument()
    for line in lines:
        document.add_paragraph(line)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _heading(page):
    return page.get_by_role("heading", level=1)


def _message(page):
    return page.locator(".usa-alert--success, .usa-alert--info").first


def _choose_option(page, label: str, text: str) -> None:
    """Tab to a select and pick an option by typing its first letters, as a keyboard user does."""
    tab_to(page, label)
    page.keyboard.type(text)
    chosen = page.evaluate("() => document.activeElement.selectedOptions[0].textContent")
    assert chosen.startswith(text), f"{label}: {chosen!r} chosen instead of {text!r}"


def _dpc_assigns(page, axe_source, dpc: data.Member, office: data.OfficeInfo, reviewer) -> None:
    sign_in_by_keyboard(page, dpc, next_url=MY_REVIEWS)
    expect(_heading(page)).to_have_text("My reviews")
    assert_accessible(page, axe_source)
    press_enter_on(page, f"Position of {office.label}{ON_REVISED}")
    expect(_heading(page)).to_have_text(f"{office.label} reviews {data.REVISED.identifier}")
    assert_accessible(page, axe_source)
    _choose_option(page, "Reviewer", reviewer.first_name)
    press_enter_on(page, "Assign")
    expect(_message(page)).to_contain_text(f"{reviewer.full_name} was asked to review.")
    reviewers = page.get_by_role("table", name="Reviewers assigned")
    expect(reviewers).to_contain_text(reviewer.full_name)


def _submit_position(page, axe_source, dpc, office, answer: str) -> None:
    sign_in_by_keyboard(page, dpc, next_url=MY_REVIEWS)
    press_enter_on(page, f"Position of {office.label}{ON_REVISED}")
    expect(_heading(page)).to_have_text(f"{office.label} reviews {data.REVISED.identifier}")
    assert_accessible(page, axe_source)  # the consolidation view: edit, merge, drop
    press_enter_on(page, "Submit the office's position")
    expect(_heading(page)).to_have_text("Submit the office's position")
    assert_accessible(page, axe_source)
    choose_radio(page, "Submit the office's comments", answer)
    press_enter_on(page, "Submit")
    expect(_message(page)).to_contain_text(f"The position of {office.label} was submitted.")


def _decide(page, axe_source, person, waiting: str, button: str, yes: str) -> None:
    sign_in_by_keyboard(page, person, next_url=MY_REVIEWS)
    press_enter_on(page, waiting + ON_REVISED)
    expect(_heading(page)).to_have_text(data.REVISED.title)
    press_enter_on(page, button)
    expect(_heading(page)).to_have_text("Concurrence" if "concurrence" in button else "Approval")
    assert_accessible(page, axe_source)
    choose_radio(page, yes, yes)
    type_into(page, "Comments", "No objection.")
    press_enter_on(page, "Record the decision")
    expect(_message(page)).to_contain_text("Your decision was recorded.")


def test_a_review_round_from_check_out_to_the_redline_of_version_2(
    page, browser, site, axe_source, tmp_path
):
    # Alice, a reader, follows the directive in force by email.
    sign_in_by_keyboard(page, data.READER, next_url=f"/categories/{data.REVIEW_CATEGORY_SLUG}/")
    press_enter_on(page, data.REVISED.title)
    press_enter_on(page, "Follow this document by email")
    expect(_message(page)).to_contain_text("You will get an email when this document changes.")

    # Dana, author and policy owner in the OPI, finds the directive and checks it out.
    sign_in_by_keyboard(page, data.AUTHOR, next_url=f"/categories/{data.REVIEW_CATEGORY_SLUG}/")
    press_enter_on(page, data.REVISED.title)
    expect(_heading(page)).to_have_text(data.REVISED.title)
    version_1_url = page.url
    press_enter_on(page, "Revise this document")
    expect(_heading(page)).to_have_text("Revise this document")
    assert_accessible(page, axe_source)
    type_into(page, "Why revise it? (optional)", "Leg restraints for long transports.")
    press_enter_on(page, "Check out a working copy")
    expect(_heading(page)).to_have_text(data.REVISED.title)
    status = page.get_by_role("region", name="Draft status")
    expect(status).to_contain_text(f"Working copy of {data.REVISED.identifier}, version 1")
    assert_accessible(page, axe_source)
    draft_url = page.url

    # She uploads her revision, choosing the file from the keyboard.
    revision = tmp_path / "DTP-0010-v2.docx"
    lines = (data.REVISED.title, data.REVISED.identifier, data.REVISED.summary)
    revision.write_bytes(_docx(*lines, data.REVISED_V2_TEXT))
    press_enter_on(page, "Edit the draft")
    expect(_heading(page)).to_have_text(f"Edit draft: {data.REVISED.identifier}")
    assert_accessible(page, axe_source)
    # USWDS names its file input by what it does; the label above it says which file. The
    # browser starts catching the picker some time after it is asked to: ask before the walk.
    with page.expect_file_chooser() as chooser:
        tab_to(page, "Drag file here or choose from folder", limit=LONG_FORM)
        page.keyboard.press("Space")
    chooser.value.set_files(revision)
    type_into(page, "Change note", "Leg restraints added to section 1.")
    press_enter_on(page, "Save")
    expect(_message(page)).to_contain_text("Saved.")
    history = page.get_by_role("table", name="Every save of this draft")
    expect(history).to_contain_text("Leg restraints added to section 1.")
    expect(history.get_by_role("link", name=revision.name)).to_be_visible()

    # The version in force stays published, unchanged, for every reader.
    visitor = browser.new_context(base_url=site.url)
    try:
        public = visitor.new_page()
        public.goto(version_1_url)
        expect(public.get_by_role("heading", level=1)).to_have_text(data.REVISED.title)
        expect(public.locator(".usa-tag.status-current")).to_have_text("Current")
        expect(public.get_by_role("link", name="DTP-0010.pdf")).to_be_visible()
        expect(public.get_by_text("Revise this document")).to_have_count(0)
        expect(public.get_by_text(revision.name)).to_have_count(0)
    finally:
        visitor.close()

    # She opens a comment period to three offices.
    press_enter_on(page, "Open a comment period")
    expect(_heading(page)).to_have_text("Open a comment period")
    assert_accessible(page, axe_source)
    for office in (data.LATE, data.FIELD, data.SUPPORT):  # in the order the form lists them
        check_box(page, office.label)
    type_into(page, "Instructions", "Please look at section 1 above all.")
    press_enter_on(page, "Open the comment period")
    expect(_heading(page)).to_have_text(f"Comment period on {data.REVISED.identifier}")
    stats = page.get_by_role("list", name="Status")
    expect(stats).to_contain_text("0 of 3 offices responded")
    assert_accessible(page, axe_source)
    period_url = page.url
    # The DPCs were emailed, by the task worker, which may take a moment on a busy machine.
    for dpc in (data.FIELD_DPC, data.SUPPORT_DPC, data.LATE_DPC):
        _wait_for_log(site, f"To: {dpc.email}")

    # Each DPC assigns a reviewer of the office.
    _dpc_assigns(page, axe_source, data.FIELD_DPC, data.FIELD, data.FIELD_REVIEWER)
    _dpc_assigns(page, axe_source, data.SUPPORT_DPC, data.SUPPORT, data.SUPPORT_REVIEWER)

    # Rita's bare question is refused with the reason; then her two comments go in.
    sign_in_by_keyboard(page, data.FIELD_REVIEWER, next_url=MY_REVIEWS)
    assert_accessible(page, axe_source)
    press_enter_on(page, f"Review for {data.FIELD.label}{ON_REVISED}")
    press_enter_on(page, "Add a comment")
    expect(_heading(page)).to_have_text("Add a comment")
    assert_accessible(page, axe_source)
    type_into(page, "Section", "1")
    choose_radio(page, "Substantive", "Substantive")
    type_into(page, "Comment", "Who approves leg restraints?")
    press_enter_on(page, "Add the comment")
    expect(page.get_by_role("alert")).to_contain_text("This comment is a bare question.")
    expect(page.locator("textarea[name=text]")).to_have_value("Who approves leg restraints?")
    assert_accessible(page, axe_source)
    type_into(page, "Proposed change", SUBSTANTIVE)
    press_enter_on(page, "Add the comment")
    expect(_message(page)).to_contain_text("Your comment was added")

    press_enter_on(page, "Add a comment")
    type_into(page, "Section", "1")
    type_into(page, "Page", "2")
    choose_radio(page, "Substantive", "Editorial/Suggested")
    type_into(page, "Comment", "“Leg irons” is an old term.")
    type_into(page, "Proposed change", EDITORIAL)
    type_into(page, "Rationale", "The training materials say leg restraints.")
    press_enter_on(page, "Add the comment")
    expect(page.locator(".comment-card")).to_have_count(2)
    press_enter_on(page, "I have finished my review")
    expect(_message(page)).to_contain_text("Marked done.")

    # Field Operations submits its comments; Mission Support has none.
    _submit_position(page, axe_source, data.FIELD_DPC, data.FIELD, "Submit the office's comments")
    _submit_position(page, axe_source, data.SUPPORT_DPC, data.SUPPORT, "No comment")

    # Enforcement never answers: after the due date the daily task closes the period.
    after_due = datetime.date.today() + datetime.timedelta(days=60)
    closed = site.command("reviews", "close-due", "--today", after_due.isoformat())
    # (The demo library's own comment period, due by then too, closes as well.)
    ours = [
        line
        for line in closed.splitlines()
        if line.startswith(f"Closed: {data.REVISED.identifier} ")
    ]
    assert len(ours) == 1, closed
    assert ours[0].endswith("; 1 office(s) without a response."), closed

    # Dana answers every comment from the matrix and downloads it.
    sign_in_by_keyboard(page, data.AUTHOR, next_url=MY_REVIEWS)
    press_enter_on(page, DRAFT_LINK)
    expect(_heading(page)).to_have_text(data.REVISED.title)
    press_enter_on(page, "Comment resolution matrix")
    expect(_heading(page)).to_have_text("Comment resolution matrix")
    assert_accessible(page, axe_source)
    press_enter_on(page, "Answer to comment No. 1")
    expect(_heading(page)).to_have_text("Answer comment No. 1")
    assert_accessible(page, axe_source)
    choose_radio(page, "Accepted", "Accepted with modification")
    type_into(page, "Response", "The shift supervisor approves, and records it.")
    press_enter_on(page, "Save the answer")
    expect(_message(page)).to_contain_text("Comment No. 1 was answered.")
    press_enter_on(page, "Answer to comment No. 2")
    choose_radio(page, "Accepted", "Accepted")
    press_enter_on(page, "Save the answer")
    expect(_message(page)).to_contain_text("Comment No. 2 was answered.")
    matrix = page.locator("main")
    expect(matrix).to_contain_text("Accepted with modification")
    expect(matrix).to_contain_text(SUBSTANTIVE)
    expect(matrix).to_contain_text(f"{data.LATE.label}: No response")
    expect(matrix).to_contain_text(f"{data.SUPPORT.label}: No comment")
    assert_accessible(page, axe_source)

    with page.expect_download() as download:
        press_enter_on(page, "Download XLSX")
    saved = tmp_path / download.value.suggested_filename
    assert saved.name.startswith("comment-matrix-DTP-0010-")
    assert saved.suffix == ".xlsx"
    download.value.save_as(saved)
    _assert_workbook(saved)

    # The period's page tells the same.
    page.goto(period_url)
    expect(page.get_by_role("list", name="Status")).to_contain_text("2 of 3 offices responded")
    expect(page.get_by_role("table", name="Invited offices and their answers")).to_contain_text(
        "No response"
    )

    # She sends it on; the board concurs; the signatory approves.
    page.goto(draft_url)
    press_enter_on(page, "Send for concurrence and approval")
    expect(_heading(page)).to_have_text("Send for concurrence and approval")
    assert_accessible(page, axe_source)
    _choose_option(page, "Signatory", data.SIGNATORY.full_name)
    type_into(page, "Note", "Every comment is answered.")
    press_enter_on(page, "Send")
    expect(_message(page)).to_contain_text("The draft was sent to the review board.")

    _decide(
        page, axe_source, data.BOARD_MEMBER, "Concurrence by the review board",
        "Decide on concurrence", "Concur",
    )  # fmt: skip
    _decide(
        page, axe_source, data.SIGNATORY, "Approval as signatory", "Decide on approval",
        "Approve for issue",
    )  # fmt: skip

    # Library staff issue it: version 2 is published.
    sign_in_by_keyboard(page, data.LIBRARIAN, next_url=MY_REVIEWS)
    expect(page.get_by_role("table", name="Drafts to issue")).to_contain_text(data.REVISED.title)
    press_enter_on(page, "Issue" + ON_REVISED)
    expect(_heading(page)).to_have_text(data.REVISED.title)
    press_enter_on(page, "Issue")
    expect(_heading(page)).to_have_text("Issue")
    assert_accessible(page, axe_source)
    press_enter_on(page, "Issue")
    expect(_message(page)).to_contain_text("Issued as version 2.")
    expect(_heading(page)).to_have_text(data.REVISED.title)
    expect(page.locator(".usa-tag.status-current")).to_have_text("Current")
    version_2_url = page.url
    assert version_2_url != version_1_url
    # Alice hears of it by email, from the task worker.
    _wait_for_email(site, data.READER.email, f"Revised: {data.REVISED.identifier}: ")

    # Version 1 is superseded by it.
    page.goto(version_1_url)
    expect(page.get_by_role("region", name="Status")).to_contain_text("no longer in force")

    # The versions page lists both, and compares them as a redline.
    page.goto(version_2_url)
    press_enter_on(page, "All versions of this document")
    expect(_heading(page)).to_have_text(
        f"Versions of {data.REVISED.identifier}: {data.REVISED.title}"
    )
    expect(page.get_by_role("table")).to_contain_text("Version 2 (latest)")
    assert_accessible(page, axe_source)
    tab_to(page, "Compare version")  # the first list: version 1 (chosen already) …
    press_enter_on(page, "Compare")  # … with version 2, and the button
    expect(_heading(page)).to_have_text("Changes from version 1 to version 2")
    _wait_for_the_text(page)
    redline = page.locator(".redline")
    expect(redline.locator("ins").first).to_contain_text("leg")
    assert_accessible(page, axe_source)
    # In the site's own sans font, like the text above it.
    font = "(el) => getComputedStyle(el).fontFamily"
    text = page.locator("main p").first.evaluate(font)
    assert redline.locator("ins").first.evaluate(font) == text


def _wait_for_the_text(page) -> None:
    """Version 2's file is extracted by the server's worker; reload until its text is in."""
    pending = page.get_by_text("is still being extracted")
    for _ in range(40):
        if not pending.count():
            return
        page.wait_for_timeout(500)
        page.reload()
    raise AssertionError("The text of version 2 was never extracted.")


def _assert_workbook(path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    rows = list(workbook["Comments"].iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Office", "Reviewer")
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {1, 2}
    assert by_number[1][1] == data.FIELD.label
    assert SUBSTANTIVE in by_number[1]
    assert EDITORIAL in by_number[2]
    assert "Substantive" in by_number[1]
    assert "Accepted with modification" in by_number[1]
    assert "Editorial/Suggested" in by_number[2]
    offices = {r[0]: r[1] for r in workbook["Offices"].iter_rows(min_row=2, values_only=True)}
    assert offices == {
        data.FIELD.label: "Comments submitted",
        data.SUPPORT.label: "No comment",
        data.LATE.label: "No response",
    }


def _wait_for_email(site, to: str, subject_start: str) -> None:
    """A message to `to` whose subject starts with `subject_start`, as the server's file email
    backend writes it in the data folder (messages end in a line of dashes)."""

    def sent(log: str) -> bool:
        return any(
            f"\nTo: {to}\n" in message and f"\nSubject: {subject_start}" in message
            for message in log.split("-" * 79)
        )

    _wait_for(site, sent, f"No email to {to} about {subject_start!r} was sent")


def _wait_for_log(site, text: str) -> None:
    _wait_for(site, lambda log: text in log, f"{text!r} never appeared in the server's log")


def _wait_for(site, found, failure: str, timeout: float = 90.0) -> None:
    """Read the server's log until `found(log)`: the task worker may take a moment."""
    deadline = time.monotonic() + timeout
    while not found(site.server_log()):
        assert time.monotonic() < deadline, failure
        time.sleep(0.5)
