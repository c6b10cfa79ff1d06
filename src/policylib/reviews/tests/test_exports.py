"""The comment resolution matrix as a workbook."""

import io

import pytest
from openpyxl import load_workbook

from policylib.reviews import exports, selectors, services

pytestmark = pytest.mark.django_db


def test_control_characters_in_a_comment_do_not_break_the_workbook(open_period, ms_dpc):
    """Text pasted with control characters still exports; the characters are left out."""
    office_review = open_period.offices.get(office__abbreviation="MS")
    services.add_comment(
        by=ms_dpc,
        office_review=office_review,
        category="editorial",
        text="Spell\x0b out\x01 HQDRO.",
        section="1",
    )
    services.submit_position(by=ms_dpc, office_review=office_review)
    workbook = load_workbook(io.BytesIO(exports.matrix_xlsx(selectors.matrix(open_period))))
    rows = list(workbook["Comments"].iter_rows(min_row=2, values_only=True))
    assert rows[0][7] == "Spell out HQDRO."
