"""The review pages through the client: what each person sees, and what they are refused."""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from policylib.conftest import client_for
from policylib.reviews import services
from policylib.reviews.models import CommentCategory, Draft, DraftState
from policylib.reviews.tests.conftest import docx_bytes, today, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(open_period, field_dpc):
    """Field Operations submitted one substantive comment, one starting with "="."""
    field = open_period.offices.get(office__name="Field Operations")
    services.add_comment(
        by=field_dpc,
        office_review=field,
        category=CommentCategory.SUBSTANTIVE,
        text='=HYPERLINK("http://example.com") is not a comment.',
        proposed_change="Remove the formula.",
        section="3",
    )
    services.submit_position(by=field_dpc, office_review=field)
    return open_period


def test_review_pages_ask_people_to_sign_in(working_copy, client):
    response = client.get(working_copy.get_absolute_url())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_outsider_gets_404_for_every_page_of_a_draft(submitted, reader):
    draft = submitted.draft
    field = submitted.offices.get(office__name="Field Operations")
    comment = field.comments.get()
    alice = client_for(reader)
    for url in [
        draft.get_absolute_url(),
        reverse("reviews:edit", args=[draft.pk]),
        draft.file.get_absolute_url(),
        submitted.get_absolute_url(),
        reverse("reviews:matrix", args=[submitted.pk]),
        reverse("reviews:matrix_xlsx", args=[submitted.pk]),
        reverse("reviews:matrix_csv", args=[submitted.pk]),
        field.get_absolute_url(),
        reverse("reviews:answer", args=[comment.pk]),
    ]:
        assert alice.get(url).status_code == 404, url
    html = alice.get(reverse("reviews:drafts")).content.decode()
    assert draft.title not in html


def test_a_reviewer_without_the_role_is_refused_with_403(submitted, field_dpc, signatory):
    response = client_for(field_dpc).post(
        reverse("reviews:send", args=[submitted.draft.pk]), {"signatory": signatory.pk}
    )
    assert response.status_code == 403
    response = client_for(field_dpc).post(reverse("reviews:cancel", args=[submitted.draft.pk]), {})
    assert response.status_code == 403
    submitted.draft.refresh_from_db()
    assert submitted.draft.state == DraftState.IN_REVIEW


def test_the_document_page_shows_the_lock_to_those_who_may_see_the_working_copy(
    working_copy, current_directive, author, field_dpc, reader
):
    html = client_for(author).get(current_directive.get_absolute_url()).content.decode()
    assert "Checked out for revision" in html
    assert working_copy.get_absolute_url() in html
    for person in (reader, field_dpc):
        html = client_for(person).get(current_directive.get_absolute_url()).content.decode()
        assert "Checked out" not in html
        assert "Revise this document" not in html


def test_checking_out_twice_leads_to_the_same_working_copy(working_copy, current_directive, owner):
    response = client_for(owner).post(reverse("reviews:check_out", args=[current_directive.pk]))
    assert response["Location"] == working_copy.get_absolute_url()
    assert Draft.objects.count() == 1


def test_the_draft_page_shows_the_record_actions_and_history(working_copy, author):
    html = client_for(author).get(working_copy.get_absolute_url()).content.decode()
    assert "Working copy of" in html
    assert "Edit the draft" in html
    assert "Open a comment period" not in html, "that is the policy owner's"
    assert "Revised the escort section." in html
    assert "Checked out from version 1." in html
    assert "escort-v2.docx" in html


def test_a_bad_file_is_refused_with_a_message_and_the_typing_is_kept(working_copy, author):
    response = client_for(author).post(
        reverse("reviews:edit", args=[working_copy.pk]),
        {
            "title": "A new title I typed",
            "document_type": working_copy.document_type_id,
            "marking": "public",
            "change_note": "New file.",
            "file": SimpleUploadedFile("draft.docx", b"not really a document"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Upload the draft as DOCX or PDF" in html
    assert "A new title I typed" in html
    working_copy.refresh_from_db()
    assert working_copy.title == "Deviation from the Escort Policy (revised)"


def test_a_new_draft_through_the_page(author, library, directive_type, office):
    client = client_for(author)
    assert "Start a new draft" in client.get(reverse("reviews:drafts")).content.decode()
    data = {
        "library": library.pk,
        "identifier": "DRO 2026-3",
        "office": office.pk,
        "title": "Use of body-worn cameras",
        "document_type": directive_type.pk,
        "marking": "internal",
    }
    refused = client.post(
        reverse("reviews:new"), {**data, "file": SimpleUploadedFile("cameras.docx", b"notes")}
    )
    assert refused.status_code == 400
    assert "is not a Word (DOCX) or PDF document" in refused.content.decode()
    assert not Draft.objects.exists()

    response = client.post(
        reverse("reviews:new"),
        {**data, "file": SimpleUploadedFile("cameras.docx", docx_bytes())},
    )
    draft = Draft.objects.get()
    assert response["Location"] == draft.get_absolute_url()
    assert (draft.identifier, draft.office, draft.file.original_name) == (
        "DRO 2026-3",
        office,
        "cameras.docx",
    )


def test_the_draft_file_downloads_for_the_invited_office(open_period, field_dpc):
    response = client_for(field_dpc).get(open_period.reviewed_save.file.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_my_reviews_lists_assignments_and_marks_overdue_ones_in_words(
    open_period, field_dpc, field_reviewer
):
    field = open_period.offices.get(office__name="Field Operations")
    assignment = services.assign_reviewer(
        by=field_dpc, office_review=field, reviewer=field_reviewer, due_on=open_period.due_on
    )
    html = client_for(field_reviewer).get(reverse("reviews:dashboard")).content.decode()
    assert "Review for Field Operations" in html
    assert "overdue-flag" not in html
    assignment.due_on = today() - datetime.timedelta(days=2)
    assignment.save()
    html = client_for(field_reviewer).get(reverse("reviews:dashboard")).content.decode()
    assert '<span class="overdue-flag">Overdue</span>' in html
    dpc = client_for(field_dpc).get(reverse("reviews:dashboard")).content.decode()
    assert "Position of Field Operations" in dpc
    assert "1 reviewer(s) assigned" in dpc


def test_the_dpc_workspace_offers_assignment_and_consolidation(submitted, ms_dpc, ms_reviewer):
    ms = submitted.offices.get(office__name="Mission Support")
    client = client_for(ms_dpc)
    html = client.get(ms.get_absolute_url()).content.decode()
    assert "Assign a reviewer" in html
    assert "Submit the office&#x27;s position" in html or "Submit the office's position" in html
    response = client.post(
        reverse("reviews:assign", args=[ms.pk]),
        {"reviewer": ms_reviewer.pk, "due_on": (submitted.due_on + datetime.timedelta(days=1))},
    )
    assert response.status_code == 400
    assert "no later than the office" in response.content.decode()


def test_the_reviewer_sees_only_their_own_comments_before_submission(
    open_period, field_dpc, field_reviewer
):
    field = open_period.offices.get(office__name="Field Operations")
    services.assign_reviewer(
        by=field_dpc, office_review=field, reviewer=field_reviewer, due_on=open_period.due_on
    )
    services.add_comment(
        by=field_dpc,
        office_review=field,
        category=CommentCategory.EDITORIAL,
        text="The DPC's own note.",
        proposed_change="Fix it.",
        section="1",
    )
    html = client_for(field_reviewer).get(field.get_absolute_url()).content.decode()
    assert "The DPC&#x27;s own note." not in html
    assert "Add a comment" in html
    assert "I have finished my review" in html


def test_the_matrix_page_exports_and_prints(submitted, owner, author):
    client = client_for(owner)
    html = client.get(reverse("reviews:matrix", args=[submitted.pk])).content.decode()
    assert "Comment resolution matrix" in html
    assert "Not answered yet" in html
    assert "Download XLSX" in html
    by_section = client.get(reverse("reviews:matrix", args=[submitted.pk]) + "?by=section")
    assert "By section" in by_section.content.decode()

    workbook = load_workbook(
        io.BytesIO(client.get(reverse("reviews:matrix_xlsx", args=[submitted.pk])).content)
    )
    cell = workbook["Comments"]["H2"]
    assert cell.data_type == "s", "a comment is never a formula"
    assert cell.value.startswith("=HYPERLINK")

    response = client.get(reverse("reviews:matrix_csv", args=[submitted.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "No."
    assert rows[1][7].startswith("'=HYPERLINK"), "neutralised for spreadsheet programs"

    printed = client.get(reverse("reviews:matrix_print", args=[submitted.pk])).content.decode()
    assert "Comment resolution matrix" in printed
    assert "Answer<span" not in printed, "no action links on paper"
    answer = client_for(author).get(reverse("reviews:matrix", args=[submitted.pk]))
    assert "Answer<span" in answer.content.decode()


def test_the_period_status_page_counts_offices_comments_and_days(submitted, owner):
    html = client_for(owner).get(submitted.get_absolute_url()).content.decode()
    assert "1 of 2" in html
    assert "offices responded" in html
    assert "30 days left" in html
    assert "Awaiting response" in html


def test_answering_requires_a_response_for_not_accepted(submitted, author):
    comment = submitted.offices.get(office__name="Field Operations").comments.get()
    response = client_for(author).post(
        reverse("reviews:answer", args=[comment.pk]), {"disposition": "not_accepted"}
    )
    assert response.status_code == 400
    assert "Explain" in response.content.decode()


def test_development_tools_link_to_the_review_pages(client):
    html = client.get(reverse("pages:development")).content.decode()
    assert reverse("reviews:dashboard") in html
    assert reverse("reviews:drafts") in html


def test_staff_grant_a_role_in_the_admin_and_it_is_audited(admin_client, reader, field_ops):
    from policylib.audit.models import AuditEntry
    from policylib.reviews.models import OfficeMembership, Role

    response = admin_client.post(
        reverse("admin:reviews_officemembership_add"),
        {"user": reader.pk, "office": field_ops.pk, "role": Role.REVIEWER, "title": ""},
    )
    assert response.status_code == 302
    assert OfficeMembership.objects.filter(user=reader, office=field_ops).exists()
    entry = AuditEntry.objects.get(action="review.role_granted")
    assert entry.changes["role"][1] == "alice — Reviewer, Field Operations (FO)"
    listing = admin_client.get(reverse("admin:reviews_draft_changelist"))
    assert listing.status_code == 200


def test_review_pages_name_the_draft_by_identifier_and_title(open_period, owner, field_dpc):
    draft = open_period.draft
    name = "DRO 11064.1: Deviation from the Escort Policy (revised)"
    field = open_period.offices.get(office__name="Field Operations")
    pages = [
        (owner, open_period.get_absolute_url()),
        (field_dpc, field.get_absolute_url()),
    ]
    for user, url in pages:
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        assert f'<a href="{draft.get_absolute_url()}">{name}</a>' in response.content.decode(), url


def test_the_matrix_lists_comments_by_number_across_the_whole_window(
    open_period, field_dpc, ms_dpc, owner
):
    """Mission Support submits first (No. 1); Field Operations' No. 2 is on a later section than
    its No. 3. Read down the matrix, the numbers still run 1, 2, 3; the table has the window's
    width and scrolls sideways on a narrow screen, by keyboard too."""
    support = open_period.offices.get(office__name="Mission Support")
    services.add_comment(
        by=ms_dpc, office_review=support, category=CommentCategory.EDITORIAL, text="First.",
        section="5",
    )  # fmt: skip
    services.submit_position(by=ms_dpc, office_review=support)
    field = open_period.offices.get(office__name="Field Operations")
    for text, section in (("Second.", "4"), ("Third.", "1")):
        services.add_comment(
            by=field_dpc, office_review=field, category=CommentCategory.EDITORIAL, text=text,
            section=section,
        )  # fmt: skip
    services.submit_position(by=field_dpc, office_review=field)

    client = client_for(owner)
    html = client.get(reverse("reviews:matrix", args=[open_period.pk])).content.decode()
    rows = re.findall(r'<tr id="c(\d+)">', html)
    assert rows == ["1", "2", "3"]
    assert html.index("First.") < html.index("Second.") < html.index("Third.")
    assert re.search(r'<main id="main-content" class="grid-container maxw-none', html)
    regions = re.findall(
        r'<div class="matrix-scroll" role="region" aria-labelledby="([^"]+)"', html
    )
    assert len(regions) == 2
    assert all(f'<h2 id="{r}">' in html for r in regions)
    exported = client.get(reverse("reviews:matrix_csv", args=[open_period.pk]))
    csv_rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [row[0] for row in csv_rows[1:]] == ["1", "2", "3"]


def test_my_reviews_links_say_which_draft_each_opens(
    open_period, owner, author, field_dpc, field_ops, make_document
):
    """Two drafts wait for the same office's position: each row's link names its own draft
    (for a screen reader's list of links), besides the step."""
    other = services.check_out(
        by=author,
        document=make_document("Escort Vehicle Inspections", identifier="DRO 11065.1"),
    )
    services.save_draft(by=author, draft=other, change_note="First draft.", upload=upload())
    services.open_comment_period(by=owner, draft=other, offices=[field_ops])

    html = client_for(field_dpc).get(reverse("reviews:dashboard")).content.decode()
    links = [
        re.sub(r"<[^>]+>", "", name)
        for name in re.findall(r'<th scope="row"><a href="[^"]+">(.*?)</a></th>', html)
    ]
    assert len(links) == 2
    assert len(set(links)) == 2, links
    for draft in (open_period.draft, other):
        draft.refresh_from_db()
        name = f"Position of Field Operations (FO) — {draft.identifier}: {draft.title}"
        assert name in links, links
