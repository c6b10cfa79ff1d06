"""Who may do what in the review round through the API: outsiders see nothing of a draft in
review (404, nothing of its title), the wrong role is a 403 problem that says why, changes need
a token, and the rules' refusals are 409 problems in the services' words."""

import datetime

import pytest

from policylib.api.tests.conftest import api_client, is_problem
from policylib.reviews import services

pytestmark = pytest.mark.django_db

TITLE = "Deviation from the Escort Policy (revised)"


def client(user):
    api = api_client(user)
    api.default_format = "json"
    return api


@pytest.fixture
def in_review(open_period, field_dpc, field_reviewer, field_ops):
    """Rita has commented for Field Operations."""
    office_review = open_period.offices.get(office=field_ops)
    services.assign_reviewer(
        by=field_dpc,
        office_review=office_review,
        reviewer=field_reviewer,
        due_on=open_period.due_on,
    )
    comment = services.add_comment(
        by=field_reviewer,
        office_review=office_review,
        category="substantive",
        text="Name who approves.",
        proposed_change="Add the Field Office Director.",
        section="2",
    )
    return {
        "draft": open_period.draft,
        "period": open_period,
        "office_review": office_review,
        "comment": comment,
    }


def addresses(objects) -> dict[str, str]:
    draft, period = objects["draft"], objects["period"]
    office_review = objects["office_review"]
    first_file = draft.history.order_by("number").first().file
    return {
        "draft": f"/api/v1/drafts/{draft.pk}/",
        "saves": f"/api/v1/drafts/{draft.pk}/saves/",
        "compare": f"/api/v1/drafts/{draft.pk}/compare/?old=1&new=2",
        "file": f"/api/v1/drafts/{draft.pk}/files/{first_file.pk}/",
        "periods": f"/api/v1/drafts/{draft.pk}/periods/",
        "period": f"/api/v1/periods/{period.pk}/",
        "matrix": f"/api/v1/periods/{period.pk}/matrix/",
        "xlsx": f"/api/v1/periods/{period.pk}/matrix/xlsx/",
        "csv": f"/api/v1/periods/{period.pk}/matrix/csv/",
        "office_review": f"/api/v1/office-reviews/{office_review.pk}/",
    }


def test_a_reader_sees_nothing_of_a_draft_in_review(in_review, reader):
    alice = client(reader)
    for name, url in addresses(in_review).items():
        response = alice.get(url)
        is_problem(response, 404)
        assert TITLE.encode() not in response.content, name
    listing = alice.get("/api/v1/drafts/?show=all")
    assert listing.status_code == 200
    assert listing.json()["count"] == 0
    mine = alice.get("/api/v1/my-reviews/").json()
    assert TITLE not in str(mine)


def test_an_office_not_invited_sees_nothing_of_it(in_review, enforcement_dpc):
    eve = client(enforcement_dpc)
    for url in addresses(in_review).values():
        is_problem(eve.get(url), 404)
    # Nor can it act on it.
    office_review = in_review["office_review"]
    is_problem(
        eve.post(
            f"/api/v1/office-reviews/{office_review.pk}/comments/",
            {"section": "1", "category": "editorial", "text": "x", "proposed_change": "y"},
        ),
        404,
    )


def test_a_reviewer_of_another_invited_office_does_not_see_this_offices_work(
    in_review, ms_reviewer
):
    ross = client(ms_reviewer)
    # He may see the draft (his office was invited) but not Field Operations' workspace.
    assert ross.get(addresses(in_review)["draft"]).status_code == 200
    is_problem(ross.get(addresses(in_review)["office_review"]), 404)
    comment = in_review["comment"]
    is_problem(ross.patch(f"/api/v1/comments/{comment.pk}/edit/", {"text": "Mine now."}), 404)
    is_problem(ross.post(f"/api/v1/comments/{comment.pk}/drop/", {}), 404)


def test_anonymous_callers_see_no_draft_and_cannot_act(in_review, current_directive, anonymous):
    for url in addresses(in_review).values():
        is_problem(anonymous.get(url), 404)
    mine = anonymous.get("/api/v1/my-reviews/").json()
    assert not any(mine.values())
    assert anonymous.get("/api/v1/drafts/").json()["count"] == 0
    is_problem(anonymous.post(f"/api/v1/documents/{current_directive.pk}/check-out/"), 401)


def test_changes_need_a_token_even_when_signed_in(in_review, owner):
    session = api_client(owner, token=False)
    assert session.get(addresses(in_review)["draft"]).status_code == 200
    body = is_problem(session.post(f"/api/v1/drafts/{in_review['draft'].pk}/cancel/", {}), 401)
    assert "API token" in body["detail"]


def test_the_wrong_role_is_a_403_that_says_who_may(in_review, author, field_reviewer):
    draft = in_review["draft"]
    body = is_problem(client(author).post(f"/api/v1/drafts/{draft.pk}/send/", {}), 400)
    assert body["errors"][0]["attr"] == "signatory"
    body = is_problem(
        client(field_reviewer).post(
            f"/api/v1/office-reviews/{in_review['office_review'].pk}/position/",
            {"answer": "comments"},
        ),
        403,
    )
    assert "Only a DPC of Field Operations" in body["detail"]


def test_a_reader_may_not_revise_a_document_they_can_read(current_directive, reader):
    body = is_problem(
        client(reader).post(f"/api/v1/documents/{current_directive.pk}/check-out/"), 403
    )
    assert "authors and policy owners" in body["detail"]


def test_a_second_check_out_is_refused_with_who_holds_it(working_copy, owner, current_directive):
    body = is_problem(
        client(owner).post(f"/api/v1/documents/{current_directive.pk}/check-out/"), 409
    )
    assert "already checked out by Dana Author" in body["detail"]


def test_a_bare_question_is_refused_with_the_reason(in_review, field_reviewer):
    body = is_problem(
        client(field_reviewer).post(
            f"/api/v1/office-reviews/{in_review['office_review'].pk}/comments/",
            {"section": "2", "category": "editorial", "text": "Is this needed?"},
        ),
        400,
    )
    assert body["errors"] == [
        {"code": "invalid", "detail": services.BARE_QUESTION_MESSAGE, "attr": "text"}
    ]


def test_a_reviewers_due_date_after_the_offices_is_refused(in_review, field_dpc, field_ops):
    late = (in_review["period"].due_on + datetime.timedelta(days=1)).isoformat()
    body = is_problem(
        client(field_dpc).post(
            f"/api/v1/office-reviews/{in_review['office_review'].pk}/assignments/",
            {"reviewer": "rita", "due_on": late},
        ),
        409,
    )
    assert "no later than the office's own" in body["detail"]


def test_editing_a_draft_in_review_is_a_409_in_the_rules_words(in_review, author):
    body = is_problem(
        client(author).post(
            f"/api/v1/drafts/{in_review['draft'].pk}/saves/",
            {"title": "A new title", "change_note": "Retitled."},
        ),
        409,
    )
    assert "editing is not open now" in body["detail"]
    assert body["code"] == "refused"


def test_a_draft_file_downloads_for_those_who_may_see_it(in_review, field_dpc):
    response = client(field_dpc).get(addresses(in_review)["file"])
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content)[:2] == b"%P"


def test_my_reviews_lists_what_waits_for_a_dpc(in_review, ms_dpc):
    mine = client(ms_dpc).get("/api/v1/my-reviews/").json()
    assert [w["what"] for w in mine["office_positions"]] == ["Position of Mission Support (MS)"]
    assert mine["office_positions"][0]["due_on"] == in_review["period"].due_on.isoformat()
    assert mine["office_positions"][0]["overdue"] is False


def test_a_new_draft_can_be_started_with_its_file(author, office, library, directive_type):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from policylib.reviews.tests.conftest import docx_bytes

    response = api_client(author).post(
        "/api/v1/drafts/",
        {
            "library": library.slug,
            "identifier": "DRO 0900",
            "opi": office.pk,
            "title": "Escort Staffing",
            "type": directive_type.slug,
            "file": SimpleUploadedFile("staffing.docx", docx_bytes()),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["file"]["name"] == "staffing.docx"
    assert body["state"] == "drafting"
    assert response["Location"] == f"/api/v1/drafts/{body['id']}/"
    missing = is_problem(client(author).post("/api/v1/drafts/", {"title": "x"}), 400)
    assert {e["attr"] for e in missing["errors"]} == {"library", "identifier", "opi", "type"}


def test_a_colleague_finds_nothing_of_another_reviewers_unsubmitted_comment(
    in_review, django_user_model, field_ops, field_dpc
):
    from policylib.reviews.models import Role
    from policylib.reviews.tests.conftest import _person

    rex = _person(django_user_model, "rex", "Rex", "Colleague", (field_ops, Role.REVIEWER))
    office_review, comment = in_review["office_review"], in_review["comment"]
    services.assign_reviewer(
        by=field_dpc, office_review=office_review, reviewer=rex, due_on=in_review["period"].due_on
    )
    api = client(rex)
    for response in (
        api.patch(f"/api/v1/comments/{comment.pk}/edit/", {"text": "Mine now."}),
        api.post(f"/api/v1/comments/{comment.pk}/drop/", {}),
        api.post(f"/api/v1/comments/{comment.pk}/merge/", {"duplicates": [comment.pk]}),
    ):
        is_problem(response, 404)
        assert b"Name who approves" not in response.content
    workspace = api.get(f"/api/v1/office-reviews/{office_review.pk}/").json()
    assert workspace["comments"] == []
    # The office's DPC consolidates it.
    frank = client(field_dpc).get(f"/api/v1/office-reviews/{office_review.pk}/").json()
    assert [c["id"] for c in frank["comments"]] == [comment.pk]


def test_a_hidden_documents_identifier_is_only_said_to_be_in_use(
    author, office, library, directive_type, make_document, les_group
):
    hidden = make_document(
        "Covert Transfer Routes",
        identifier="DRO 7777",
        marking="restricted",
        restricted_to=[les_group],
    )
    body = is_problem(
        client(author).post(
            "/api/v1/drafts/",
            {
                "library": library.slug,
                "identifier": hidden.identifier,
                "opi": office.pk,
                "title": "Escort Staffing",
                "type": directive_type.slug,
            },
        ),
        409,
    )
    assert body["detail"].startswith('"DRO 7777" is already used.')
    assert library.name not in body["detail"]
    assert hidden.title not in body["detail"]


def test_saving_cannot_move_a_draft_to_an_office_the_author_does_not_write_for(
    author, office, library, directive_type, field_ops
):
    from policylib.reviews.models import Draft, OfficeMembership, Role

    draft = services.start_draft(
        by=author,
        office=office,
        library=library,
        identifier="DRO 0901",
        title="Escort Staffing",
        document_type=directive_type,
    )
    dana = client(author)
    body = is_problem(
        dana.post(f"/api/v1/drafts/{draft.pk}/saves/", {"opi": field_ops.pk, "change_note": "x"}),
        400,
    )
    assert body["errors"][0]["attr"] == "opi"
    assert "not an author or policy owner of Field Operations" in body["detail"]
    assert Draft.objects.get(pk=draft.pk).office == office
    # Someone who writes for both offices may hand the draft over.
    OfficeMembership.objects.create(user=author, office=field_ops, role=Role.AUTHOR)
    response = dana.post(
        f"/api/v1/drafts/{draft.pk}/saves/", {"opi": field_ops.pk, "change_note": "Moved."}
    )
    assert response.status_code == 201, response.content
    assert Draft.objects.get(pk=draft.pk).office == field_ops


def test_documents_the_caller_may_not_see_leave_no_trace_in_a_draft(
    working_copy, author, owner, make_document, les_group
):
    owner.groups.add(les_group)
    hidden = make_document(
        "Covert Transfer Routes",
        identifier="DRO 7777",
        marking="restricted",
        restricted_to=[les_group],
    )
    memo = make_document("Escort Staffing Memo", identifier="DRO 0500")
    services.save_draft(
        by=owner, draft=working_copy, change_note="Replaces two.", supersedes=[hidden, memo]
    )
    dana = client(author)
    base = f"/api/v1/drafts/{working_copy.pk}/"
    for url in (base, f"{base}saves/", f"{base}compare/?old=2&new=3", "/api/v1/drafts/"):
        response = dana.get(url)
        assert response.status_code == 200, url
        assert b"Covert Transfer Routes" not in response.content, url
        assert b"DRO 7777" not in response.content, url
    detail = dana.get(base).json()
    assert [d["identifier"] for d in detail["supersedes"]] == ["DRO 0500"]
    assert detail["revises"]["identifier"] == working_copy.identifier
    saves = dana.get(f"{base}saves/").json()
    assert saves[0]["metadata"]["supersedes"] == [str(memo)]
    olga = client(owner).get(f"{base}compare/?old=2&new=3").json()
    assert "DRO 7777: Covert Transfer Routes" in str(olga["changed_fields"])
