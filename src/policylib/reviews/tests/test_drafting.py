import pytest
from django.db import IntegrityError, transaction

from policylib.audit.models import AuditEntry
from policylib.library.models import Status
from policylib.reviews import services
from policylib.reviews.models import Draft, DraftState
from policylib.reviews.tests.conftest import PDF, upload

pytestmark = pytest.mark.django_db


def test_an_author_checks_out_a_working_copy_and_the_current_version_stays_as_it_was(
    author, current_directive
):
    draft = services.check_out(by=author, document=current_directive)

    current_directive.refresh_from_db()
    assert current_directive.status == Status.CURRENT
    assert draft.revises == current_directive
    assert draft.version == 2
    assert (draft.identifier, draft.title, draft.office) == (
        current_directive.identifier,
        current_directive.title,
        current_directive.opi,
    )
    assert draft.file.sha256 == current_directive.files.get().sha256, "starts from the PDF"
    first = draft.history.get()
    assert first.number == 1
    assert first.change_note == "Checked out from version 1."
    assert AuditEntry.objects.filter(action="review.checked_out", target_id=str(draft.pk)).exists()
    assert AuditEntry.objects.filter(
        action="document.checked_out", target_id=str(current_directive.pk)
    ).exists()


def test_only_one_working_copy_at_a_time(author, owner, current_directive):
    services.check_out(by=author, document=current_directive)
    with pytest.raises(services.ReviewError, match="already checked out by Dana Author"):
        services.check_out(by=owner, document=current_directive)
    assert Draft.objects.count() == 1


def test_the_database_itself_refuses_a_second_open_working_copy(author, current_directive):
    first = services.check_out(by=author, document=current_directive)
    with pytest.raises(IntegrityError), transaction.atomic():
        Draft.objects.create(
            revises=current_directive,
            library=first.library,
            identifier=first.identifier,
            title="Second copy",
            document_type=first.document_type,
            office=first.office,
        )


def test_someone_outside_the_opi_cannot_revise(reader, field_dpc, current_directive):
    for person in (reader, field_dpc):
        with pytest.raises(services.NotAllowed):
            services.check_out(by=person, document=current_directive)


def test_a_superseded_document_cannot_be_checked_out(author, make_document):
    old = make_document("Old escort policy", status=Status.SUPERSEDED)
    with pytest.raises(services.NotAllowed):
        services.check_out(by=author, document=old)


def test_every_save_is_kept_in_the_history_with_its_change_note(working_copy, author):
    services.save_draft(
        by=author, draft=working_copy, change_note="Shorter summary.", summary="Deviations."
    )
    notes = list(working_copy.history.values_list("number", "change_note"))
    assert notes == [
        (3, "Shorter summary."),
        (2, "Revised the escort section."),
        (1, "Checked out from version 1."),
    ]
    second = working_copy.history.get(number=2)
    assert second.file.original_name == "escort-v2.docx"
    assert second.metadata["title"] == "Deviation from the Escort Policy (revised)"
    entry = AuditEntry.objects.filter(action="review.draft_saved").first()
    assert entry.changes["summary"] == [
        "Requests to deviate from the escort standard.",
        "Deviations.",
    ]
    assert entry.note == "Shorter summary."


def test_a_save_needs_a_change_note_and_a_change(working_copy, author):
    with pytest.raises(services.ReviewError, match="change note"):
        services.save_draft(by=author, draft=working_copy, change_note=" ", summary="x")
    with pytest.raises(services.ReviewError, match="Nothing changed"):
        services.save_draft(by=author, draft=working_copy, change_note="No change.")


def test_a_draft_file_must_be_docx_or_pdf(working_copy, author):
    with pytest.raises(services.ReviewError, match=r"not a Word \(DOCX\) or PDF document"):
        services.save_draft(
            by=author,
            draft=working_copy,
            change_note="Notes",
            upload=upload("notes.docx", b"just some plain text"),
        )
    saved = services.save_draft(
        by=author, draft=working_copy, change_note="PDF now", upload=upload("v2.pdf", PDF)
    )
    assert saved.file.content_type == "application/pdf"


def test_a_revision_keeps_its_identifier(working_copy, author):
    with pytest.raises(services.ReviewError, match="keeps the library, identifier and OPI"):
        services.save_draft(
            by=author, draft=working_copy, change_note="Renumber", identifier="DRO 99"
        )


def test_a_reviewer_cannot_edit_the_draft(open_period, field_dpc):
    with pytest.raises(services.NotAllowed):
        services.save_draft(
            by=field_dpc, draft=open_period.draft, change_note="Mine now", title="Mine"
        )


def test_the_draft_is_frozen_while_a_comment_period_is_open(open_period, author):
    with pytest.raises(services.ReviewError, match="in review"):
        services.save_draft(
            by=author, draft=open_period.draft, change_note="Sneaky", title="Changed"
        )


def test_cancelling_the_check_out_releases_the_lock_and_keeps_the_draft(
    working_copy, author, current_directive
):
    services.cancel_check_out(by=author, draft=working_copy, note="Not needed after all.")

    working_copy.refresh_from_db()
    assert working_copy.state == DraftState.CANCELLED
    assert working_copy.history.count() == 2, "the history is kept"
    current_directive.refresh_from_db()
    assert current_directive.status == Status.CURRENT
    assert current_directive.title == "Deviation from the Escort Policy"
    again = services.check_out(by=author, document=current_directive)
    assert again.pk != working_copy.pk
    assert AuditEntry.objects.filter(action="review.check_out_cancelled").exists()


def test_only_an_owner_or_the_author_who_checked_out_may_cancel(
    working_copy, django_user_model, office, field_dpc
):
    from policylib.reviews.models import OfficeMembership, Role

    other_author = django_user_model.objects.create_user(username="otto")
    OfficeMembership.objects.create(user=other_author, office=office, role=Role.AUTHOR)
    for person in (other_author, field_dpc):
        with pytest.raises(services.NotAllowed):
            services.cancel_check_out(by=person, draft=working_copy)


def test_cancelling_during_review_closes_the_period_and_tells_the_dpcs(
    open_period, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_check_out(by=owner, draft=open_period.draft)
    open_period.refresh_from_db()
    assert not open_period.is_open
    assert sorted(m.to[0] for m in mailoutbox) == ["frank@example.org", "mike@example.org"]
    assert "withdrawn" in mailoutbox[0].subject


def test_an_author_starts_a_new_draft(author, library, directive_type, office, category):
    draft = services.start_draft(
        by=author,
        office=office,
        library=library,
        identifier="DRO 2025-01",
        title="Body-worn cameras",
        document_type=directive_type,
        categories=[category],
        upload=upload("cameras.docx"),
    )
    assert draft.revises is None
    assert draft.version == 1
    assert draft.state == DraftState.DRAFTING
    assert list(draft.categories.all()) == [category]
    assert draft.history.get().change_note == "Draft started."
    assert AuditEntry.objects.filter(action="review.draft_started").exists()


def test_a_new_draft_needs_an_identifier_of_its_own(
    author, library, directive_type, office, current_directive
):
    with pytest.raises(services.ReviewError, match="already used"):
        services.start_draft(
            by=author,
            office=office,
            library=library,
            identifier=current_directive.identifier,
            title="Clash",
            document_type=directive_type,
        )


def test_only_the_offices_authors_start_drafts_for_it(field_dpc, library, directive_type, office):
    with pytest.raises(services.NotAllowed):
        services.start_draft(
            by=field_dpc,
            office=office,
            library=library,
            identifier="X",
            title="X",
            document_type=directive_type,
        )


def test_a_save_cannot_hand_the_draft_to_an_office_its_author_does_not_write_for(
    author, library, directive_type, office, field_ops
):
    draft = services.start_draft(
        by=author,
        office=office,
        library=library,
        identifier="DRO 0902",
        title="Body cameras",
        document_type=directive_type,
    )
    with pytest.raises(services.InvalidValue, match="Field Operations") as refused:
        services.save_draft(by=author, draft=draft, change_note="Moved.", office=field_ops)
    assert refused.value.field == "office"
    draft.refresh_from_db()
    assert draft.office == office
    assert draft.history.count() == 1
