"""Staff upload files on a document page: several at once, checked by content, all or nothing."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from policylib.audit.models import AuditEntry
from policylib.conftest import client_for
from policylib.extraction.models import ExtractedText, ExtractionState
from policylib.extraction.tests.test_runner import make_pdf
from policylib.library import uploads
from policylib.library.models import FileRole, Marking

pytestmark = pytest.mark.django_db

# The first bytes of a Windows program, padded as a real one would be.
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(512)
PROGRAM += b"This program cannot be run in DOS mode.\r\r\n$" + bytes(256)


@pytest.fixture
def document(make_document):
    return make_document("Escort of detainees", pdf=b"%PDF-1.4\nthe first version\n%%EOF\n")


def pdf_bytes(tmp_path, text: str) -> bytes:
    return make_pdf(tmp_path / "made.pdf", [text]).read_bytes()


def docx_bytes(text: str) -> bytes:
    made = docx.Document()
    made.add_paragraph(text)
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


def upload(client, document, *files, role="attachment", **headers):
    return client.post(
        reverse("library:upload", args=[document.pk]),
        {"files": [SimpleUploadedFile(name, data) for name, data in files], "role": role},
        **headers,
    )


def stored_names(document, role=FileRole.ATTACHMENT) -> list[str]:
    return list(document.files.filter(role=role).values_list("original_name", flat=True))


def blobs(settings) -> list[str]:
    root = settings.MEDIA_ROOT / "blobs"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_staff_upload_several_files_at_once_and_their_text_is_extracted(
    librarian, document, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(librarian)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            client,
            document,
            ("Escort checklist.pdf", pdf_bytes(tmp_path, "Checklist for escort officers")),
            ("Vehicle rules.docx", docx_bytes("Vehicles carry two officers")),
            ("Notes.md", b"# Notes\n\nEscorts *always* carry radios.\n"),
            ("Contacts.txt", "Officer Müller, ext. 4411\n".encode("latin-1")),
        )

    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert stored_names(document) == [
        "Escort checklist.pdf",
        "Vehicle rules.docx",
        "Notes.md",
        "Contacts.txt",
    ]
    types = dict(document.files.values_list("original_name", "content_type"))
    assert types["Escort checklist.pdf"] == "application/pdf"
    assert types["Vehicle rules.docx"] == uploads.files.DOCX
    assert types["Notes.md"] == "text/markdown"
    assert types["Contacts.txt"] == "text/plain"
    attached = document.files.filter(role=FileRole.ATTACHMENT)
    assert set(attached.values_list("uploaded_by", flat=True)) == {librarian.pk}
    extracted = {e.file.original_name: e for e in ExtractedText.objects.select_related("file")}
    for name in ("Escort checklist.pdf", "Vehicle rules.docx", "Notes.md", "Contacts.txt"):
        assert extracted[name].state == ExtractionState.DONE, extracted[name].reason
    assert "Checklist for escort officers" in extracted["Escort checklist.pdf"].pages[0]
    assert "Vehicles carry two officers" in extracted["Vehicle rules.docx"].pages[0]
    assert "Müller" in extracted["Contacts.txt"].pages[0]
    assert AuditEntry.objects.filter(action="file.attached", actor=librarian).count() == 4

    page = client.get(document.get_absolute_url()).content.decode()
    assert "Added 4 attachments: Escort checklist.pdf, Vehicle rules.docx" in page
    assert "Their text is being extracted for search." in page
    assert "Attachment: <a" in page


def test_replacing_the_primary_file_keeps_the_old_one(librarian, document, tmp_path):
    old = document.files.get(role=FileRole.PRIMARY)
    client = client_for(librarian)

    response = upload(
        client,
        document,
        ("Escort of detainees 2025.pdf", pdf_bytes(tmp_path, "The new version")),
        role="primary",
    )

    assert response.status_code == 302
    assert stored_names(document, FileRole.PRIMARY) == ["Escort of detainees 2025.pdf"]
    old.refresh_from_db()
    assert old.role == FileRole.REPLACED
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Escort of detainees 2025.pdf is now the primary file." in page
    assert "The file it replaces is kept" in page


def test_only_one_file_can_become_the_primary_file(librarian, document):
    response = upload(
        client_for(librarian),
        document,
        ("a.txt", b"one"),
        ("b.txt", b"two"),
        role="primary",
    )

    assert response.status_code == 400
    assert "Choose one file to be the primary file (you chose 2)" in response.content.decode()
    assert document.files.count() == 1


def test_an_executable_named_pdf_is_refused_and_nothing_is_stored(librarian, document, settings):
    before = blobs(settings)

    response = upload(
        client_for(librarian),
        document,
        ("Good notes.txt", b"These notes are fine."),
        ("Escort report.pdf", PROGRAM),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was uploaded." in html
    assert (
        "Escort report.pdf: its content is a program or other binary data, not PDF, "
        "Word (.docx), HTML, plain text or Markdown."
    ) in html
    assert "Good notes.txt" not in stored_names(document)
    assert document.files.count() == 1
    assert blobs(settings) == before
    assert not AuditEntry.objects.filter(action="file.attached", actor=librarian).exists()


def test_a_name_that_lies_about_the_content_is_refused(librarian, document):
    response = upload(client_for(librarian), document, ("Directive.pdf", b"Just some text."))

    assert response.status_code == 400
    assert (
        "Directive.pdf: its name ends in .pdf but its content is plain text."
    ) in response.content.decode()
    assert document.files.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("Scan.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "its content is a PNG image"),
        (
            "Old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),
            "its content is an old Word document (.doc)",
        ),
        ("Empty.txt", b"", "the file is empty."),
    ],
)
def test_other_files_are_refused_with_a_reason(librarian, document, name, data, says):
    response = upload(client_for(librarian), document, (name, data))

    assert response.status_code == 400
    assert f"{name}: {says}" in response.content.decode()
    assert document.files.count() == 1


def test_a_file_over_the_size_limit_is_refused(librarian, document, settings):
    settings.POLICYLIB_MAX_UPLOAD_BYTES = 1024

    response = upload(
        client_for(librarian),
        document,
        ("Small.txt", b"fits"),
        ("Large.txt", b"x" * 5000),
    )

    assert response.status_code == 400
    assert (
        "Large.txt: the file is 4.9 KB, larger than the limit of 1.0 KB."
    ) in response.content.decode()
    assert document.files.count() == 1


def test_a_file_that_fails_while_being_stored_leaves_nothing_behind(librarian, document):
    class BrokenUpload(SimpleUploadedFile):
        """A file whose bytes stop arriving half-way, as on a failing disk or network."""

        def read(self, size=-1):
            if self.file.tell() > 0:
                raise OSError("the device went away")
            return super().read(4)

    good = SimpleUploadedFile("First.txt", b"the first file, stored")
    broken = BrokenUpload("Second.txt", b"the second file, never complete")

    with pytest.raises(OSError, match="the device went away"):
        uploads.attach_uploads(document=document, by=librarian, uploads=[good, broken])

    assert list(document.files.values_list("original_name", flat=True)) == [
        "Escort of detainees.pdf"
    ]
    assert not AuditEntry.objects.filter(action="file.attached", actor=librarian).exists()
    assert not ExtractedText.objects.filter(file__original_name="First.txt").exists()
    incoming = uploads.files.blob_root() / "incoming"
    assert not any(incoming.iterdir())


def test_the_same_file_twice_is_stored_once(librarian, document):
    client = client_for(librarian)
    upload(client, document, ("Notes.txt", b"the same words"))

    response = upload(client, document, ("Notes again.txt", b"the same words"))

    assert response.status_code == 302
    assert stored_names(document) == ["Notes.txt"]
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Already attached, so not added again: Notes.txt." in page


def test_a_reader_who_may_see_the_document_is_forbidden(reader, document):
    response = upload(client_for(reader), document, ("Notes.txt", b"words"))

    assert response.status_code == 403
    assert document.files.count() == 1


def test_a_reader_who_may_not_see_the_document_finds_nothing(reader, make_document, les_group):
    hidden = make_document("LES escort", marking=Marking.RESTRICTED, restricted_to=[les_group])

    response = upload(client_for(reader), hidden, ("Notes.txt", b"words"))

    assert response.status_code == 404
    assert hidden.files.count() == 0


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, document):
    response = upload(client, document, ("Notes.txt", b"words"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert document.files.count() == 1


def test_the_document_page_offers_the_upload_form_to_staff_only(librarian, reader, document):
    staff_page = client_for(librarian).get(document.get_absolute_url()).content.decode()
    reader_page = client_for(reader).get(document.get_absolute_url()).content.decode()

    assert 'enctype="multipart/form-data"' in staff_page
    assert f'action="{reverse("library:upload", args=[document.pk])}"' in staff_page
    assert 'type="file" multiple' in staff_page
    assert 'class="usa-file-input"' in staff_page
    assert "up to 100.0 MB each" in staff_page
    assert "library/upload.js" in staff_page
    assert "<script>" not in staff_page
    assert "Add or replace files" not in reader_page
    assert "library/upload.js" not in reader_page


def test_with_htmx_errors_come_back_alone_and_success_reloads_the_page(librarian, document):
    client = client_for(librarian)

    refused = upload(client, document, ("Escort report.pdf", PROGRAM), HTTP_HX_REQUEST="true")
    accepted = upload(client, document, ("Notes.txt", b"fine"), HTTP_HX_REQUEST="true")

    assert refused.status_code == 200
    fragment = refused.content.decode()
    assert fragment.lstrip().startswith('<div class="usa-alert usa-alert--error')
    assert "Escort report.pdf: its content is a program" in fragment
    assert "<html" not in fragment
    assert accepted["HX-Redirect"] == document.get_absolute_url()
    assert stored_names(document) == ["Notes.txt"]
