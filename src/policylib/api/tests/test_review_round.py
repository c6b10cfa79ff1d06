"""A full review round through the API only, with API tokens: an author revises a Current
directive; two offices are asked for comments (a third misses the deadline); reviewers comment;
one office answers "no comment"; the OPI answers every comment; the matrix exports; the board
concurs, the signatory approves, and library staff issue version 2. Every step is audited."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from policylib.api.tests.conftest import api_client, is_problem
from policylib.audit.models import AuditEntry
from policylib.library.models import Document, Status
from policylib.reviews.tests.conftest import docx_bytes, today
from policylib.subscriptions import services as subscriptions

pytestmark = pytest.mark.django_db


def client(user):
    """A client with `user`'s API token that sends JSON unless told otherwise."""
    api = api_client(user)
    api.default_format = "json"
    return api


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content.decode()[:3000]
    return response.json() if response["Content-Type"].startswith("application/json") else {}


def test_a_full_review_round_through_the_api(
    author,
    owner,
    field_dpc,
    field_reviewer,
    ms_dpc,
    ms_reviewer,
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
    dana, olga = client(author), client(owner)
    frank, rita = client(field_dpc), client(field_reviewer)
    mike, ross = client(ms_dpc), client(ms_reviewer)
    subscriptions.subscribe(user=reader, office=current_directive.opi)

    # Dana checks out a working copy of the directive in force.
    draft = ok(dana.post(f"/api/v1/documents/{current_directive.pk}/check-out/", {}), 201)
    assert draft["revises"]["id"] == current_directive.pk
    assert draft["version"] == 2
    assert "edit" in draft["actions"]
    url = f"/api/v1/drafts/{draft['id']}/"

    # She saves her revision: a new file, a new summary, a change note.
    saved = ok(
        dana.post(
            f"{url}saves/",
            {
                "summary": "Who may approve a deviation from the escort standard.",
                "change_note": "Section 2 rewritten.",
                "file": SimpleUploadedFile("escort-v2.docx", docx_bytes("Section 2. Approval.")),
            },
            format="multipart",
        ),
        201,
    )
    assert saved["number"] == 2
    assert saved["file"]["name"] == "escort-v2.docx"
    history = ok(dana.get(f"{url}saves/"))
    assert [s["change_note"] for s in history] == [
        "Section 2 rewritten.",
        "Checked out from version 1.",
    ]
    redline = ok(dana.get(f"{url}compare/", {"old": 1, "new": 2}))
    assert {f["name"] for f in redline["changed_fields"]} >= {"summary", "file"}

    # The version in force stays published; a reader cannot see the draft.
    current_directive.refresh_from_db()
    assert current_directive.status == Status.CURRENT
    assert ok(client(reader).get(f"/api/v1/documents/{current_directive.pk}/"))["id"]
    is_problem(client(reader).get(url), 404)

    # Olga opens a comment period for three offices; their DPCs are emailed.
    due = today() + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        period = ok(
            olga.post(
                f"{url}periods/",
                {
                    "offices": [field_ops.pk, mission_support.pk, enforcement.pk],
                    "due_on": due.isoformat(),
                    "instructions": "Please focus on section 2.",
                },
            ),
            201,
        )
    assert period["invited"] == 3
    assert sorted(m.to[0] for m in mailoutbox if "Comment period" in m.subject) == [
        "eve@example.org",
        "frank@example.org",
        "mike@example.org",
    ]
    offices = {o["office"]["name"]: o["id"] for o in period["offices"]}
    field, ms = offices["Field Operations"], offices["Mission Support"]

    # The DPCs assign their reviewers.
    reviewer_due = (due - datetime.timedelta(days=7)).isoformat()
    ok(
        frank.post(
            f"/api/v1/office-reviews/{field}/assignments/",
            {"reviewer": "rita", "due_on": reviewer_due},
        ),
        201,
    )
    ok(
        mike.post(
            f"/api/v1/office-reviews/{ms}/assignments/",
            {"reviewer": "ross", "due_on": reviewer_due},
        ),
        201,
    )
    mine = ok(rita.get("/api/v1/my-reviews/"))
    assert [a["what"] for a in mine["assignments"]] == ["Review for Field Operations (FO)"]

    # Rita comments; her bare question is refused with an explanation.
    refused = is_problem(
        rita.post(
            f"/api/v1/office-reviews/{field}/comments/",
            {"section": "2", "category": "substantive", "text": "Who approves deviations?"},
        ),
        400,
    )
    assert refused["errors"][0]["attr"] == "text"
    assert "bare question" in refused["detail"]
    substantive = ok(
        rita.post(
            f"/api/v1/office-reviews/{field}/comments/",
            {
                "section": "2",
                "page": "1",
                "line": "12",
                "category": "substantive",
                "text": "Section 2 does not name who approves a deviation.",
                "proposed_change": "Add: the Field Office Director approves in writing.",
                "rationale": "Officers need to know whom to ask.",
            },
        ),
        201,
    )
    ok(
        rita.post(
            f"/api/v1/office-reviews/{field}/comments/",
            {
                "section": "1",
                "category": "editorial",
                "text": "HQDRO is not spelled out.",
                "proposed_change": "Headquarters Detention and Removal Operations (HQDRO)",
            },
        ),
        201,
    )
    ok(rita.post(f"/api/v1/office-reviews/{field}/done/"))
    # Ross writes a comment his DPC drops; Mission Support answers "no comment".
    dropped = ok(
        ross.post(
            f"/api/v1/office-reviews/{ms}/comments/",
            {"section": "3", "category": "editorial", "text": "Use the serial comma."},
        ),
        201,
    )
    ok(mike.post(f"/api/v1/comments/{dropped['id']}/drop/", {"note": "House style."}))
    ok(mike.post(f"/api/v1/office-reviews/{ms}/position/", {"answer": "no_comment"}))
    # Frank edits Rita's wording and submits the office's comments.
    edited = ok(
        frank.patch(
            f"/api/v1/comments/{substantive['id']}/edit/",
            {"rationale": "Officers must know whom to ask."},
            format="json",
        )
    )
    assert edited["rationale"] == "Officers must know whom to ask."
    position = ok(frank.post(f"/api/v1/office-reviews/{field}/position/", {"answer": "comments"}))
    assert position["response"] == "comments"

    status = ok(olga.get(f"/api/v1/periods/{period['id']}/"))
    assert (status["responded"], status["invited"], status["comments"]) == (2, 3, 2)
    assert status["days_left"] in (29, 30)

    # Enforcement misses the deadline; the scheduled job closes the period.
    call_command("reviews", "close-due", "--today", (due + datetime.timedelta(days=1)).isoformat())
    status = ok(olga.get(f"/api/v1/periods/{period['id']}/"))
    assert status["is_open"] is False
    responses = {o["office"]["name"]: o["response"] for o in status["offices"]}
    assert responses == {
        "Enforcement": "no_response",
        "Field Operations": "comments",
        "Mission Support": "no_comment",
    }

    # Sending on is refused while a substantive comment is unanswered.
    refused = is_problem(olga.post(f"{url}send/", {"signatory": "sam"}), 409)
    assert "substantive comment" in refused["detail"]

    # Dana answers every comment from the matrix.
    matrix = ok(dana.get(f"/api/v1/periods/{period['id']}/matrix/"))
    comments = [c for group in matrix["groups"] for c in group["comments"]]
    assert [(c["number"], c["category"]) for c in comments] == [
        (1, "substantive"),
        (2, "editorial"),
    ]
    for comment in comments:
        answered = ok(
            dana.post(
                f"/api/v1/comments/{comment['id']}/answer/",
                {
                    "disposition": "modified" if comment["number"] == 1 else "accepted",
                    "response": "Named the Field Office Director.",
                },
            )
        )
        assert answered["disposition_label"] in ("Accepted", "Accepted with modification")

    # The matrix exports to a workbook that openpyxl reads back, and to CSV.
    export = olga.get(f"/api/v1/periods/{period['id']}/matrix/xlsx/")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(export.content))
    rows = list(workbook["Comments"].iter_rows(values_only=True))
    assert [(r[0], r[1], r[6], r[10]) for r in rows[1:]] == [
        (1, "Field Operations (FO)", "Substantive", "Accepted with modification"),
        (2, "Field Operations (FO)", "Editorial/Suggested", "Accepted"),
    ]
    offices_sheet = dict(workbook["Offices"].iter_rows(min_row=2, max_col=2, values_only=True))
    assert offices_sheet["Enforcement (ENF)"] == "No response"
    csv = olga.get(f"/api/v1/periods/{period['id']}/matrix/csv/")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Section 2 does not name" in csv.content.decode("utf-8-sig")

    # Olga sends it on; the board concurs; the signatory approves.
    sent = ok(olga.post(f"{url}send/", {"signatory": "sam", "note": "All answered."}))
    assert sent["state"] == "concurrence"
    # The signatory sees it only once the board has concurred.
    is_problem(client(signatory).post(f"{url}approval/", {"decision": "approve"}), 404)
    concurred = ok(client(board_member).post(f"{url}concurrence/", {"decision": "concur"}))
    assert concurred["state"] == "approval"
    approved = ok(client(signatory).post(f"{url}approval/", {"decision": "approve"}))
    assert approved["state"] == "approved"
    assert "issue" not in approved["actions"]

    # Library staff issue it: version 2 is Current, version 1 Superseded; subscribers hear.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        issued = ok(
            client(librarian).post(
                f"{url}issue/", {"issued_on": today().isoformat(), "note": "Issued after RevCom."}
            )
        )
    assert issued["state"] == "issued"
    version_2 = Document.objects.get(pk=issued["issued_document"]["id"])
    assert version_2.version == 2
    assert version_2.status == Status.CURRENT
    assert version_2.signatory_name == "Sam Signer"
    current_directive.refresh_from_db()
    assert current_directive.status == Status.SUPERSEDED
    assert "alice@example.org" in [address for m in mailoutbox for address in m.to]

    # Every action is in the audit trail, by the person who took it.
    by_action = {}
    for entry in AuditEntry.objects.select_related("actor"):
        by_action.setdefault(entry.action, set()).add(entry.actor.username if entry.actor else "")
    expected = {
        "review.checked_out": "dana",
        "review.draft_saved": "dana",
        "review.period_opened": "olga",
        "review.reviewer_assigned": "frank",
        "review.comment_added": "rita",
        "review.assignment_completed": "rita",
        "review.comment_dropped": "mike",
        "review.comment_edited": "frank",
        "review.position_submitted": "mike",
        "review.period_closed": "",
        "review.comment_answered": "dana",
        "review.sent_for_concurrence": "olga",
        "review.concurred": "bea",
        "review.approved": "sam",
        "review.issued": "carol",
        "document.issued": "carol",
        "document.superseded": "carol",
    }
    for action_name, who in expected.items():
        assert who in by_action.get(action_name, set()), (action_name, by_action.get(action_name))
