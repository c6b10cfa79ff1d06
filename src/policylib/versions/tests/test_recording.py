import io

import pytest
from django.db import transaction

from policylib.library import lifecycle, services
from policylib.library.models import Status
from policylib.versions import record_version
from policylib.versions.models import DocumentVersion, TextState, VersionKind
from policylib.versions.selectors import document_and_versions

pytestmark = pytest.mark.django_db


def test_issuing_a_draft_records_its_first_version(make_document, librarian, committed):
    draft = make_document("Escort policy", status=Status.DRAFT, issued_on=None)
    assert not draft.versions.exists(), "a draft has no versions"

    with committed():
        lifecycle.issue(document=draft, by=librarian, note="Signed by the Director")

    version = draft.versions.get()
    assert version.number == 1
    assert version.kind == VersionKind.ISSUED
    assert version.recorded_by == librarian
    assert version.note == "Signed by the Director"
    assert version.metadata["title"] == "Escort policy"
    assert version.metadata["issued_on"] is not None


def test_a_version_keeps_the_file_and_its_extracted_text(make_document, attach_text, committed):
    with committed():
        document = make_document("Detention standards")
    with committed():
        stored = attach_text(document, "Detainees shall receive three meals a day.")

    version = document.versions.get()
    assert version.primary_file == stored
    assert version.metadata["file"]["sha256"] == stored.sha256
    assert version.text_state == TextState.DONE
    assert "three meals a day" in version.text


def test_a_file_that_arrives_after_the_record_completes_the_first_version(
    make_document, attach_text, committed
):
    with committed():
        document = make_document("Detention standards")
    assert document.versions.get().primary_file is None

    with committed():
        attach_text(document, "The text.")

    assert document.versions.count() == 1, "an empty first version is completed, not kept"


def test_a_new_file_for_an_issued_document_is_a_revision(make_document, attach_text, committed):
    with committed():
        document = make_document("Detention standards")
        attach_text(document, "Detainees shall receive two meals a day.")
    with committed():
        attach_text(document, "Detainees shall receive three meals a day.", name="v2.txt")

    first, second = document.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert second.kind == VersionKind.REVISED
    assert "two meals" in first.text, "the old version keeps its own text"
    assert "three meals" in second.text


def test_changes_committed_together_make_one_version(make_document, committed):
    with committed():
        document = make_document("Detention standards")
    with committed(), transaction.atomic():
        services.update_document(document=document, by=None, title="Detention Standards 2025")
        services.attach_file(
            document=document, by=None, stream=io.BytesIO(b"new"), original_name="new.txt"
        )
    assert document.versions.count() == 2
    assert document.versions.get(number=2).metadata["title"] == "Detention Standards 2025"


def test_a_record_only_change_is_recorded_as_an_update(make_document, committed):
    with committed():
        document = make_document("Detention standards", body="Some text.")
    with committed():
        services.update_document(document=document, by=None, summary="A new summary.")
    assert document.versions.get(number=2).kind == VersionKind.UPDATED


def test_status_changes_alone_make_no_new_version(make_document, committed):
    with committed():
        old = make_document("Old", body="Old text.")
        new = make_document("New", body="New text.")
    with committed():
        lifecycle.supersede(successor=new, predecessor=old, by=None)
        lifecycle.archive(document=old, by=None)
    assert old.versions.count() == 1


def test_a_change_that_rolls_back_records_nothing(make_document, committed):
    with committed():
        document = make_document("Detention standards", body="Text.")
    with committed():
        try:
            with transaction.atomic():
                services.update_document(document=document, by=None, title="Never happened")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert document.versions.count() == 1


def test_recording_the_same_content_twice_keeps_one_version(make_document):
    document = make_document("Detention standards", body="Text.")
    first = record_version(document=document, by=None)
    again = record_version(document=document, by=None)
    assert first == again
    assert DocumentVersion.objects.filter(document=document).count() == 1


def test_a_revision_issued_as_a_new_record_continues_the_history(make_document, reader, committed):
    with committed():
        version_1 = make_document("Use of force", identifier="Directive 1.0", body="Old rule.")
    with committed():
        version_2 = make_document(
            "Use of force", identifier="Directive 1.1", status=Status.DRAFT, body="New rule."
        )
        lifecycle.supersede(successor=version_2, predecessor=version_1, by=None)
        lifecycle.issue(document=version_2, by=None)

    _, versions = document_and_versions(reader, version_2.pk)
    assert [v.version.document_id for v in versions] == [version_1.pk, version_2.pk]
    _, from_the_old_page = document_and_versions(reader, version_1.pk)
    assert len(from_the_old_page) == 2


def test_a_document_replaced_together_with_others_is_not_a_version(make_document, reader,
                                                                    committed):  # fmt: skip
    with committed():
        first = make_document("First", body="One.")
        second = make_document("Second", body="Two.")
        merged = make_document("Merged", body="Both.")
        lifecycle.supersede(successor=merged, predecessor=first, by=None)
        lifecycle.supersede(successor=merged, predecessor=second, by=None)

    _, versions = document_and_versions(reader, merged.pk)
    assert [v.version.document_id for v in versions] == [merged.pk]


def test_versions_are_caught_up_for_documents_issued_before(make_document):
    from django.core.management import call_command

    document = make_document("Older document", body="Text.")  # no commit: nothing recorded
    assert not document.versions.exists()
    call_command("versions", "record", stdout=io.StringIO())
    assert document.versions.count() == 1
