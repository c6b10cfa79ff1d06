"""A full round in the browser: an author revises a Current directive; two offices are asked
for comments, one answers "no comment" and one misses the deadline besides a third that
comments; the OPI answers, the matrix exports, the board concurs, the signatory approves, and
issuing makes version 2 Current and version 1 Superseded. Every step is in the audit trail."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from policylib.audit.models import AuditEntry
from policylib.conftest import client_for
from policylib.library.models import Document, Status
from policylib.reviews.models import Comment, Draft, DraftState, OfficeResponse
from policylib.reviews.tests.conftest import docx_bytes, today

pytestmark = pytest.mark.django_db


def _post(client, url, data, *, expect=302):
    response = client.post(url, data)
    assert response.status_code == expect, response.content.decode()[:3000]
    return response


def test_a_full_review_round_from_check_out_to_issue(
    author,
    owner,
    field_dpc,
    field_reviewer,
    ms_dpc,
    enforcement_dpc,
    board_member,
    signatory,
    librarian,
    reader,
    current_directive,
    field_ops,
    mission_support,
    enforcement,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    dana, olga = client_for(author), client_for(owner)
    frank, rita, mike = client_for(field_dpc), client_for(field_reviewer), client_for(ms_dpc)

    # Dana sees "Revise this document" on the directive's page and checks out a working copy.
    page = dana.get(current_directive.get_absolute_url()).content.decode()
    assert "Revise this document" in page
    response = _post(dana, reverse("reviews:check_out", args=[current_directive.pk]), {})
    draft = Draft.objects.get(revises=current_directive)
    assert response["Location"] == draft.get_absolute_url()
    page = dana.get(current_directive.get_absolute_url()).content.decode()
    assert "Checked out for revision" in page
    assert "Revise this document" not in page

    # She uploads her revision with a change note.
    from django.core.files.uploadedfile import SimpleUploadedFile

    edit = {
        "title": "Deviation from the Escort Policy",
        "summary": "Who may approve a deviation from the escort standard.",
        "document_type": current_directive.document_type_id,
        "marking": "public",
        "change_note": "Section 2 rewritten.",
        "file": SimpleUploadedFile("escort-v2.docx", docx_bytes("Section 2. Approval.")),
    }
    response = dana.post(reverse("reviews:edit", args=[draft.pk]), edit)
    assert response.status_code == 302, response.content.decode()[:2000]

    # The version in force is untouched and readers still get it.
    current_directive.refresh_from_db()
    assert current_directive.status == Status.CURRENT
    assert client_for(reader).get(current_directive.get_absolute_url()).status_code == 200
    assert client_for(reader).get(draft.get_absolute_url()).status_code == 404

    # Olga opens a comment period for three offices.
    with django_capture_on_commit_callbacks(execute=True):
        _post(
            olga,
            reverse("reviews:open_period", args=[draft.pk]),
            {
                "offices": [field_ops.pk, mission_support.pk, enforcement.pk],
                "starts_on": today().isoformat(),
                "due_on": (today() + datetime.timedelta(days=30)).isoformat(),
                "instructions": "Please focus on section 2.",
            },
        )
    period = draft.periods.get()
    dpc_mail = sorted(m.to[0] for m in mailoutbox)
    assert dpc_mail == ["eve@example.org", "frank@example.org", "mike@example.org"]

    # Frank assigns Rita, who comments; a bare question is refused with an explanation.
    field = period.offices.get(office=field_ops)
    due = (period.due_on - datetime.timedelta(days=7)).isoformat()
    _post(
        frank,
        reverse("reviews:assign", args=[field.pk]),
        {"reviewer": field_reviewer.pk, "due_on": due},
    )
    dashboard = rita.get(reverse("reviews:dashboard")).content.decode()
    assert "Review for Field Operations" in dashboard
    comment_url = reverse("reviews:comment", args=[field.pk])
    refused = _post(
        rita,
        comment_url,
        {"section": "2", "category": "substantive", "text": "Who approves deviations?"},
        expect=400,
    )
    assert "bare question" in refused.content.decode()
    _post(
        rita,
        comment_url,
        {
            "section": "2",
            "page": "1",
            "line": "12",
            "category": "substantive",
            "text": "Section 2 does not name who approves a deviation.",
            "proposed_change": "Add: the Field Office Director approves deviations in writing.",
            "rationale": "Officers need to know whom to ask.",
        },
    )
    _post(
        rita,
        comment_url,
        {
            "section": "1",
            "category": "editorial",
            "text": "HQDRO is not spelled out.",
            "proposed_change": "Headquarters Detention and Removal Operations (HQDRO)",
        },
    )
    # Frank submits the office's position; Mike answers "no comment"; Eve never answers.
    _post(frank, reverse("reviews:position", args=[field.pk]), {"answer": "comments"})
    ms = period.offices.get(office=mission_support)
    _post(mike, reverse("reviews:position", args=[ms.pk]), {"answer": "no_comment"})
    status = olga.get(period.get_absolute_url()).content.decode()
    assert "2 of 3" in status
    assert "30 days left" in status or "29 days left" in status

    # The due date passes; cron closes the period; Enforcement shows "no response".
    call_command(
        "reviews", "close-due", "--today", (period.due_on + datetime.timedelta(days=1)).isoformat()
    )
    period.refresh_from_db()
    assert not period.is_open
    assert period.offices.get(office=enforcement).response == OfficeResponse.NO_RESPONSE
    status = olga.get(period.get_absolute_url()).content.decode()
    assert "No response" in status

    # Dana answers every comment from the matrix.
    for comment in Comment.objects.filter(number__isnull=False).order_by("number"):
        _post(
            dana,
            reverse("reviews:answer", args=[comment.pk]),
            {
                "disposition": "modified" if comment.number == 1 else "accepted",
                "response": "Named the Assistant Director.",
            },
        )
    matrix = olga.get(reverse("reviews:matrix", args=[period.pk])).content.decode()
    assert "Accepted with modification" in matrix
    assert "No response" in matrix

    # The matrix exports to a workbook openpyxl reads back.
    export = olga.get(reverse("reviews:matrix_xlsx", args=[period.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(export.content))
    rows = list(workbook["Comments"].iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Office", "Reviewer")
    # By number, though comment 2 is on an earlier section than comment 1.
    assert [(r[0], r[1], r[3], r[6], r[10]) for r in rows[1:]] == [
        (1, "Field Operations (FO)", "2", "Substantive", "Accepted with modification"),
        (2, "Field Operations (FO)", "1", "Editorial/Suggested", "Accepted"),
    ]
    offices = {r[0]: r[1] for r in workbook["Offices"].iter_rows(min_row=2, values_only=True)}
    assert offices == {
        "Enforcement (ENF)": "No response",
        "Field Operations (FO)": "Comments submitted",
        "Mission Support (MS)": "No comment",
    }

    # Olga sends it on; the board concurs; the signatory approves.
    _post(
        olga,
        reverse("reviews:send", args=[draft.pk]),
        {"signatory": signatory.pk, "note": "All comments answered."},
    )
    _post(
        client_for(board_member),
        reverse("reviews:concurrence", args=[draft.pk]),
        {"decision": "yes", "note": "Concur."},
    )
    _post(client_for(signatory), reverse("reviews:approval", args=[draft.pk]), {"decision": "yes"})
    draft.refresh_from_db()
    assert draft.state == DraftState.APPROVED

    # Carol issues it: version 2 is Current, version 1 Superseded, and it is recently issued.
    response = _post(
        client_for(librarian),
        reverse("reviews:issue", args=[draft.pk]),
        {"issued_on": today().isoformat(), "note": "Issued after RevCom."},
    )
    version_2 = Document.objects.get(identifier=current_directive.identifier, version=2)
    assert response["Location"] == version_2.get_absolute_url()
    current_directive.refresh_from_db()
    assert version_2.status == Status.CURRENT
    assert version_2.signatory_name == "Sam Signer"
    assert current_directive.status == Status.SUPERSEDED
    recent = client_for(reader).get(reverse("library:recent")).content.decode()
    assert version_2.title in recent
    old_page = client_for(reader).get(current_directive.get_absolute_url()).content.decode()
    assert "This document is no longer in force" in old_page

    # Every action is in the audit trail.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    expected = {
        "review.checked_out",
        "document.checked_out",
        "review.draft_saved",
        "review.period_opened",
        "review.reviewer_assigned",
        "review.comment_added",
        "review.position_submitted",
        "review.period_closed",
        "review.comment_answered",
        "review.sent_for_concurrence",
        "review.concurred",
        "review.approved",
        "review.issued",
        "document.created",
        "document.revision_drafted",
        "file.attached",
        "document.supersession_added",
        "document.issued",
        "document.superseded",
    }
    assert expected <= actions, expected - actions
