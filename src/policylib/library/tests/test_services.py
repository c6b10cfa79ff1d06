import hashlib
import io

import pytest

from policylib.audit.models import AuditEntry
from policylib.library import services
from policylib.library.files import blob_path
from policylib.library.models import DocumentFile, FileRole, Status, Subject

pytestmark = pytest.mark.django_db


def test_every_change_is_audited_with_old_and_new_values(make_document, librarian):
    document = make_document("Original title")
    removal = Subject.objects.create(name="Removal", slug="removal")
    services.update_document(
        document=document, by=librarian, title="Better title", subjects=[removal], note="typo"
    )
    entry = AuditEntry.objects.filter(action="document.updated").get()
    assert entry.actor == librarian
    assert entry.actor_name == "carol"
    assert entry.changes == {
        "title": ["Original title", "Better title"],
        "subjects": [[], ["Removal"]],
    }
    assert entry.target_repr == str(document)


def test_an_update_that_changes_nothing_leaves_no_entry(make_document):
    document = make_document("Same")
    services.update_document(document=document, by=None, title="Same")
    assert not AuditEntry.objects.filter(action="document.updated").exists()


def test_status_cannot_be_changed_by_an_update(make_document):
    document = make_document("Doc")
    with pytest.raises(services.DocumentError, match="issue, supersede, cancel or archive"):
        services.update_document(document=document, by=None, status=Status.ARCHIVED)


def test_identifiers_are_unique_within_a_library(make_document):
    make_document("First", identifier="DROPPM Chapter 21")
    with pytest.raises(services.DocumentError, match="already used"):
        make_document("Second", identifier="DROPPM Chapter 21")


def test_files_are_stored_once_by_content_and_hashed(make_document):
    first = make_document("First", pdf=b"%PDF-1.4 same bytes")
    second = make_document("Second", pdf=b"%PDF-1.4 same bytes")
    a, b = first.files.get(), second.files.get()
    assert a.sha256 == b.sha256 == hashlib.sha256(b"%PDF-1.4 same bytes").hexdigest()
    assert a.blob == b.blob
    assert blob_path(a.blob).read_bytes() == b"%PDF-1.4 same bytes"
    assert a.size == 19
    assert a.content_type == "application/pdf"


def test_a_new_primary_file_replaces_the_old_one_without_deleting_it(make_document):
    document = make_document("Doc", pdf=b"%PDF-1.4 version one")
    services.attach_file(
        document=document,
        by=None,
        stream=io.BytesIO(b"%PDF-1.4 version two"),
        original_name="v2.pdf",
    )
    roles = dict(document.files.values_list("original_name", "role"))
    assert roles == {"Doc.pdf": FileRole.REPLACED, "v2.pdf": FileRole.PRIMARY}
    for stored in DocumentFile.objects.all():
        assert blob_path(stored.blob).exists()


def test_the_content_type_comes_from_the_bytes_not_the_name(make_document):
    document = make_document("Doc")
    stored = services.attach_file(
        document=document,
        by=None,
        stream=io.BytesIO(b"<html><script>x</script></html>"),
        original_name="looks-like.pdf",
    )
    assert stored.content_type == "text/plain"


def test_a_file_over_the_size_limit_is_refused_and_leaves_nothing(make_document, settings):
    settings.POLICYLIB_MAX_UPLOAD_BYTES = 10
    document = make_document("Doc")
    from policylib.library.files import FileTooLarge

    with pytest.raises(FileTooLarge, match="larger than the limit"):
        services.attach_file(
            document=document,
            by=None,
            stream=io.BytesIO(b"%PDF-1.4 too many bytes"),
            original_name="big.pdf",
        )
    assert not document.files.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert list((settings.MEDIA_ROOT / "incoming").iterdir()) == []


def test_related_content_shows_on_both_sides(make_document):
    a, b = make_document("A"), make_document("B")
    services.relate(document=a, other=b, by=None)
    assert list(b.related.all()) == [a]
