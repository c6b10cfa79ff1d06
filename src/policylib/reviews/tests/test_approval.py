import datetime

import pytest

from policylib.audit.models import AuditEntry
from policylib.library import selectors as library_selectors
from policylib.library.models import Document, FileRole, Status
from policylib.reviews import services
from policylib.reviews.models import (
    CommentCategory,
    Decision,
    Disposition,
    DraftState,
    StepKind,
)
from policylib.reviews.signals import revision_issued
from policylib.reviews.tests.conftest import PDF, today, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved_draft(open_period, field_dpc, ms_dpc, author):
    """Field Operations sent a substantive and an editorial comment, Mission Support had
    none, and Dana answered the substantive one."""
    field = open_period.offices.get(office__name="Field Operations")
    substantive = services.add_comment(
        by=field_dpc,
        office_review=field,
        category=CommentCategory.SUBSTANTIVE,
        text="Nobody is named to approve deviations.",
        proposed_change="Name the Field Office Director.",
        section="2",
    )
    services.add_comment(
        by=field_dpc,
        office_review=field,
        category=CommentCategory.EDITORIAL,
        text="Spell out HQDRO.",
        proposed_change="Headquarters Detention and Removal Operations (HQDRO)",
        section="1",
    )
    services.submit_position(by=field_dpc, office_review=field)
    ms = open_period.offices.get(office__name="Mission Support")
    services.submit_position(by=ms_dpc, office_review=ms, no_comment=True)
    substantive.refresh_from_db()
    services.answer_comment(
        by=author, comment=substantive, disposition=Disposition.ACCEPTED, response="Done."
    )
    draft = open_period.draft
    draft.refresh_from_db()
    return draft


@pytest.fixture
def approved_draft(resolved_draft, owner, board_member, signatory):
    services.send_for_concurrence(by=owner, draft=resolved_draft, signatory=signatory)
    services.decide_concurrence(by=board_member, draft=resolved_draft, concur=True)
    services.decide_approval(by=signatory, draft=resolved_draft, approve=True, note="Approved.")
    resolved_draft.refresh_from_db()
    return resolved_draft


def test_substantive_comments_need_an_answer_before_concurrence(
    open_period, field_dpc, ms_dpc, owner, signatory, board_member
):
    field = open_period.offices.get(office__name="Field Operations")
    services.add_comment(
        by=field_dpc,
        office_review=field,
        category=CommentCategory.SUBSTANTIVE,
        text="Nobody is named to approve deviations.",
        proposed_change="Name the Field Office Director.",
        section="2",
    )
    services.submit_position(by=field_dpc, office_review=field)
    ms = open_period.offices.get(office__name="Mission Support")
    services.submit_position(by=ms_dpc, office_review=ms, no_comment=True)
    draft = open_period.draft
    draft.refresh_from_db()
    assert draft.state == DraftState.RESOLVING
    with pytest.raises(
        services.ReviewError, match=r"1 substantive comment\(s\) have no answer yet \(No. 1\)"
    ):
        services.send_for_concurrence(by=owner, draft=draft, signatory=signatory)


def test_unanswered_editorial_comments_do_not_hold_the_draft(
    resolved_draft, owner, signatory, board_member
):
    step = services.send_for_concurrence(by=owner, draft=resolved_draft, signatory=signatory)
    assert step.kind == StepKind.CONCURRENCE


def test_the_draft_cannot_be_sent_while_the_period_is_open(open_period, owner, signatory):
    with pytest.raises(services.ReviewError, match="in review"):
        services.send_for_concurrence(by=owner, draft=open_period.draft, signatory=signatory)


def test_the_signatory_must_hold_the_role(resolved_draft, owner, board_member, author):
    with pytest.raises(services.ReviewError, match="Choose a signatory"):
        services.send_for_concurrence(by=owner, draft=resolved_draft, signatory=author)


def test_the_board_concurs_and_the_draft_goes_to_the_signatory(
    resolved_draft,
    owner,
    board_member,
    signatory,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_for_concurrence(
            by=owner, draft=resolved_draft, signatory=signatory, note="All answered."
        )
    assert [m.to for m in mailoutbox] == [["bea@example.org"]]
    mailoutbox.clear()
    with pytest.raises(services.NotAllowed):
        services.decide_concurrence(by=signatory, draft=resolved_draft, concur=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_concurrence(
            by=board_member, draft=resolved_draft, concur=True, note="Concur."
        )

    resolved_draft.refresh_from_db()
    assert resolved_draft.state == DraftState.APPROVAL
    concurrence, approval = resolved_draft.steps.order_by("id")
    assert (concurrence.decision, concurrence.decided_by, concurrence.decision_note) == (
        Decision.CONCURRED,
        board_member,
        "Concur.",
    )
    assert concurrence.sent_by == owner
    assert concurrence.send_note == "All answered."
    assert (approval.kind, approval.assignee, approval.decision) == (
        StepKind.APPROVAL,
        signatory,
        Decision.PENDING,
    )
    assert "sam@example.org" in [m.to[0] for m in mailoutbox]


def test_the_board_returns_the_draft_with_comments(
    resolved_draft, owner, board_member, signatory, author
):
    services.send_for_concurrence(by=owner, draft=resolved_draft, signatory=signatory)
    with pytest.raises(services.ReviewError, match="needs comments"):
        services.decide_concurrence(by=board_member, draft=resolved_draft, concur=False)
    services.decide_concurrence(
        by=board_member, draft=resolved_draft, concur=False, note="Cite the statute."
    )
    resolved_draft.refresh_from_db()
    assert resolved_draft.state == DraftState.DRAFTING
    assert resolved_draft.steps.get().decision == Decision.RETURNED
    # Returned drafts can be edited and sent again.
    services.save_draft(
        by=author, draft=resolved_draft, change_note="Cited the statute.", summary="Cites 8 USC."
    )
    services.send_for_concurrence(by=owner, draft=resolved_draft, signatory=signatory)
    assert AuditEntry.objects.filter(action="review.returned_by_board").exists()


def test_only_the_named_signatory_approves_and_may_return_it(
    resolved_draft, owner, board_member, signatory, django_user_model, board_office
):
    from policylib.reviews.models import OfficeMembership, Role

    other = django_user_model.objects.create_user(username="victor")
    OfficeMembership.objects.create(user=other, office=board_office, role=Role.SIGNATORY)
    services.send_for_concurrence(by=owner, draft=resolved_draft, signatory=signatory)
    services.decide_concurrence(by=board_member, draft=resolved_draft, concur=True)
    with pytest.raises(services.NotAllowed):
        services.decide_approval(by=other, draft=resolved_draft, approve=True)
    services.decide_approval(by=signatory, draft=resolved_draft, approve=False, note="Shorter.")
    resolved_draft.refresh_from_db()
    assert resolved_draft.state == DraftState.DRAFTING
    assert AuditEntry.objects.filter(action="review.returned_by_signatory").exists()


def test_issuing_a_revision_publishes_version_2_and_supersedes_version_1(
    approved_draft, librarian, current_directive, signatory
):
    received = []

    def listener(sender, document, previous, draft, **kwargs):
        received.append((document, previous, draft))

    revision_issued.connect(listener)
    try:
        document = services.issue_draft(
            by=librarian, draft=approved_draft, issued_on=datetime.date(2026, 3, 2)
        )
    finally:
        revision_issued.disconnect(listener)

    current_directive.refresh_from_db()
    assert document.status == Status.CURRENT
    assert (document.identifier, document.version) == (current_directive.identifier, 2)
    assert document.revision_of == current_directive
    assert document.issued_on == datetime.date(2026, 3, 2)
    assert document.title == "Deviation from the Escort Policy (revised)"
    assert document.signatory == "Sam Signer, Assistant Director for Policy"
    assert document.opi == current_directive.opi
    assert document.files.get(role=FileRole.PRIMARY).original_name == "escort-v2.docx"
    assert current_directive.status == Status.SUPERSEDED
    assert list(current_directive.superseded_by.all()) == [document]
    assert current_directive.title == "Deviation from the Escort Policy", "version 1 unchanged"
    assert document in library_selectors.recently_issued(librarian)
    assert current_directive not in library_selectors.recently_issued(librarian)
    approved_draft.refresh_from_db()
    assert approved_draft.state == DraftState.ISSUED
    assert approved_draft.issued_document == document
    assert received == [(document, current_directive, approved_draft)]
    for action in ("review.issued", "document.issued", "document.superseded"):
        assert AuditEntry.objects.filter(action=action).exists(), action


def test_only_library_staff_issue(approved_draft, owner, signatory):
    for person in (owner, signatory):
        with pytest.raises(services.NotAllowed):
            services.issue_draft(by=person, draft=approved_draft)


def test_a_draft_is_issued_only_once_approved(resolved_draft, librarian):
    with pytest.raises(services.ReviewError, match="issuing is not open"):
        services.issue_draft(by=librarian, draft=resolved_draft)


def test_the_signed_copy_is_published_when_given(approved_draft, librarian):
    document = services.issue_draft(
        by=librarian, draft=approved_draft, signed_file=upload("signed.pdf", PDF)
    )
    primary = document.files.get(role=FileRole.PRIMARY)
    assert (primary.original_name, primary.content_type) == ("signed.pdf", "application/pdf")
    assert document.issued_on == today()


def test_a_signed_file_that_is_not_a_document_is_refused_and_nothing_is_issued(
    approved_draft, librarian, current_directive
):
    with pytest.raises(services.ReviewError, match="not a PDF or Word"):
        services.issue_draft(
            by=librarian, draft=approved_draft, signed_file=upload("signed.pdf", b"hello")
        )
    current_directive.refresh_from_db()
    approved_draft.refresh_from_db()
    assert current_directive.status == Status.CURRENT
    assert approved_draft.state == DraftState.APPROVED
    assert Document.objects.filter(identifier=current_directive.identifier).count() == 1


def test_the_issued_version_can_be_revised_in_turn(approved_draft, librarian, author):
    version_2 = services.issue_draft(by=librarian, draft=approved_draft)
    draft = services.check_out(by=author, document=version_2)
    assert draft.version == 3


def test_a_new_document_is_issued_and_supersedes_what_it_names(
    author,
    owner,
    board_member,
    signatory,
    librarian,
    library,
    directive_type,
    office,
    make_document,
):
    old = make_document("Old camera guidance", identifier="DRO 2001-7")
    draft = services.start_draft(
        by=author,
        office=office,
        library=library,
        identifier="DRO 2026-1",
        title="Body-worn cameras",
        document_type=directive_type,
        supersedes=[old],
        upload=upload("cameras.pdf", PDF),
    )
    _approve(draft, owner=owner, board_member=board_member, signatory=signatory)
    document = services.issue_draft(by=librarian, draft=draft)
    old.refresh_from_db()
    assert (document.version, document.revision_of) == (1, None)
    assert document.status == Status.CURRENT
    assert old.status == Status.SUPERSEDED
    assert list(old.superseded_by.all()) == [document]


def test_issuing_refuses_to_supersede_a_document_superseded_since_the_draft_named_it(
    author,
    owner,
    board_member,
    signatory,
    librarian,
    library,
    directive_type,
    office,
    make_document,
):
    from policylib.library import lifecycle

    old = make_document("Detainee Transfers", identifier="DRO 11064.1")
    draft = services.start_draft(
        by=author,
        office=office,
        library=library,
        identifier="DRO 11064.3",
        title="Transfers",
        document_type=directive_type,
        supersedes=[old],
        upload=upload("transfers.pdf", PDF),
    )
    _approve(draft, owner=owner, board_member=board_member, signatory=signatory)
    first = make_document("Detainee Transfers", identifier="DRO 11064.2")
    lifecycle.supersede(successor=first, predecessor=old, by=librarian)

    with pytest.raises(services.ReviewError) as refused:
        services.issue_draft(by=librarian, draft=draft)

    assert str(refused.value) == (
        "DRO 11064.1 is already superseded by DRO 11064.2: Detainee Transfers; "
        "supersede that one instead."
    )
    draft.refresh_from_db()
    assert draft.state == DraftState.APPROVED
    assert not Document.objects.filter(identifier="DRO 11064.3").exists()
    assert list(old.superseded_by.all()) == [first]


def _approve(draft, *, owner, board_member, signatory) -> None:
    """Concurrence and approval, each given: the draft is ready to issue."""
    services.send_for_concurrence(by=owner, draft=draft, signatory=signatory)
    services.decide_concurrence(by=board_member, draft=draft, concur=True)
    services.decide_approval(by=signatory, draft=draft, approve=True)
