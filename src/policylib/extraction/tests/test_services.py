"""An upload gets its text extracted after commit, and the search index is told."""

import io

import pytest

from policylib import extraction
from policylib.extraction.models import ExtractedText, ExtractionState
from policylib.library import services
from policylib.library.models import DocumentType, Library, Status
from policylib.search.models import IndexOutbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return services.create_document(
        by=None,
        library=Library.objects.create(name="Directives", slug="directives"),
        identifier="D-1",
        title="Escort policy",
        document_type=DocumentType.objects.create(name="Directive", slug="directive"),
        status=Status.CURRENT,
    )


def test_upload_is_extracted_after_commit(document, django_capture_on_commit_callbacks):
    IndexOutbox.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attached = services.attach_file(
            document=document, by=None, stream=io.BytesIO(b"Viag\xe9nie rules"),
            original_name="rules.txt",
        )  # fmt: skip
    assert ExtractedText.objects.get(file=attached).state == ExtractionState.PENDING
    assert extraction.state_for(document) == "pending"
    for callback in callbacks:
        callback()
    extracted = ExtractedText.objects.get(file=attached)
    assert extracted.state == ExtractionState.DONE
    assert extracted.pages == ["Viagénie rules"]
    assert extracted.engine_version.startswith("policylib-extract")
    assert extraction.state_for(document) == "done"
    assert IndexOutbox.objects.filter(document_id=document.pk).exists()


def test_failure_is_recorded_not_raised(document, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.attach_file(
            document=document, by=None, stream=io.BytesIO(b"%PDF-1.4\n garbage"),
            original_name="broken.pdf",
        )  # fmt: skip
    state = extraction.state_for(document)
    assert state.startswith("failed: malformed"), state
    assert document.files.count() == 1  # the upload is kept


def test_missing_blob_is_a_reason(document):
    attached = services.attach_file(
        document=document, by=None, stream=io.BytesIO(b"text"), original_name="a.txt"
    )
    from policylib.library.files import blob_path

    blob_path(attached.blob).unlink()
    assert extraction.extract_now(attached.pk).label == "failed: the stored file is missing"
