"""A redline between two saves of a draft: its text (body and file) and its record."""

import pytest
from django.urls import reverse

from policylib.conftest import client_for
from policylib.reviews import history, services
from policylib.reviews.tests.conftest import docx_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_saves(working_copy, author):
    """Save 1 is the check-out, save 2 Dana's upload; save 3 rewrites section 2."""
    services.save_draft(
        by=author,
        draft=working_copy,
        change_note="Section 2 names who approves.",
        upload=upload(
            "escort-v3.docx",
            docx_bytes("Section 1. Purpose.\nSection 2. The Field Office Director approves."),
        ),
        summary="Who approves a deviation.",
    )
    return working_copy


def test_two_saves_compare_as_a_redline_of_text_and_record(two_saves):
    comparison = history.compare_saves(two_saves, 2, 3)
    changed = {f.label: (f.old, f.new) for f in comparison.changed_fields}
    assert changed["Summary"] == (
        "Requests to deviate from the escort standard.",
        "Who approves a deviation.",
    )
    assert changed["File"][0].startswith("escort-v2.docx (")
    assert changed["File"][1].startswith("escort-v3.docx (")
    segments = [(s.op, s.text) for row in comparison.text.rows for s in row.segments]
    assert ("delete", "Escorts") in segments
    assert ("insert", "The Field Office Director approves") in segments
    assert comparison.problems == []


def test_the_earlier_save_is_always_the_base(two_saves):
    comparison = history.compare_saves(two_saves, 3, 2)
    assert (comparison.old.number, comparison.new.number) == (2, 3)


def test_the_page_marks_changes_without_relying_on_colour(two_saves, author):
    response = client_for(author).get(
        reverse("reviews:compare_saves", args=[two_saves.pk]), {"old": 2, "new": 3}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Changes from save 2 to save 3" in html
    assert "<del>" in html
    assert "<ins>" in html
    # Marked in words and signs too, not by colour alone.
    assert "[+" in html
    assert "[\N{MINUS SIGN}" in html
    assert "inserted: </span>The Field Office Director approves" in html
    assert "was: </span>Requests to deviate from the escort standard." in html


def test_the_draft_page_offers_the_comparison(two_saves, author):
    html = client_for(author).get(two_saves.get_absolute_url()).content.decode()
    assert reverse("reviews:compare_saves", args=[two_saves.pk]) in html
    assert "Compare two saves" in html


def test_the_same_save_twice_is_refused_with_a_message(two_saves, author):
    response = client_for(author).get(
        reverse("reviews:compare_saves", args=[two_saves.pk]), {"old": 2, "new": 2}
    )
    assert response.status_code == 400
    assert "Choose two different saves" in response.content.decode()


def test_outsiders_cannot_compare_a_draft(two_saves, reader):
    response = client_for(reader).get(
        reverse("reviews:compare_saves", args=[two_saves.pk]), {"old": 2, "new": 3}
    )
    assert response.status_code == 404
