"""The comment resolution matrix as a spreadsheet (XLSX, with openpyxl) and as CSV."""

import csv
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from policylib.reviews.models import Comment
from policylib.reviews.selectors import Matrix

COLUMNS = [
    ("No.", 6),
    ("Office", 28),
    ("Reviewer", 18),
    ("Section", 12),
    ("Page", 7),
    ("Line", 7),
    ("Category", 16),
    ("Comment", 50),
    ("Proposed change", 45),
    ("Rationale", 35),
    ("Answer", 22),
    ("Response", 45),
    ("Answered by", 18),
]
OFFICE_COLUMNS = [
    ("Office", 40),
    ("Response", 22),
    ("Submitted", 20),
    ("Submitted by", 20),
    ("Note", 50),
]


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def comment_row(comment: Comment) -> list:
    return [
        comment.number,
        str(comment.office_review.office),
        _person(comment.author),
        comment.section,
        comment.page,
        comment.line,
        comment.get_category_display(),
        comment.text,
        comment.proposed_change,
        comment.rationale,
        comment.get_disposition_display() if comment.disposition else "Not answered yet",
        comment.response,
        _person(comment.answered_by),
    ]


def office_rows(matrix: Matrix) -> list[list]:
    return [
        [
            str(o.office),
            o.get_response_display(),
            timezone.localtime(o.submitted_at).strftime("%Y-%m-%d %H:%M") if o.submitted_at else "",
            _person(o.submitted_by),
            o.position_note,
        ]
        for o in matrix.offices
    ]


def _text_cell(cell, value) -> None:
    # Text that starts with "=" is a formula to a spreadsheet; a comment must stay words.
    # Control characters a workbook cannot hold (pasted from elsewhere) are left out.
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _sheet(sheet, columns, rows) -> None:
    for index, (heading, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=heading)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=index)
            _text_cell(cell, value)
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def matrix_xlsx(matrix: Matrix) -> bytes:
    """A workbook with the comments (one row each, in the matrix's order) and the offices."""
    workbook = Workbook()
    comments = workbook.active
    comments.title = "Comments"
    _sheet(comments, COLUMNS, [comment_row(c) for c in matrix.comments])
    offices = workbook.create_sheet("Offices")
    _sheet(offices, OFFICE_COLUMNS, office_rows(matrix))
    draft = matrix.period.draft
    workbook.properties.title = f"Comment resolution matrix: {draft.identifier}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _csv_safe(value) -> str:
    text = "" if value is None else str(value)
    # A leading =, +, - or @ makes spreadsheet programs run the cell as a formula.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def matrix_csv(matrix: Matrix) -> str:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([heading for heading, _ in COLUMNS])
    for comment in matrix.comments:
        writer.writerow([_csv_safe(value) for value in comment_row(comment)])
    return output.getvalue()
