"""Archive bombs and other hostile ZIP files named .docx: refused by every route, nothing kept.

The page, the API and the import all store through `services.attach_file`, which runs
`archives.checked` first; the extraction process runs the same check again with bounded reads.
"""

import io
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from policylib.api.tests.conftest import api_client, is_problem
from policylib.audit.models import AuditEntry
from policylib.conftest import client_for
from policylib.extraction import runner
from policylib.extraction.worker import DOCX
from policylib.library import archives
from policylib.library.models import Document, DocumentFile
from policylib.library.tests import hostile
from policylib.library.tests.test_upload import blobs, docx_bytes

pytestmark = pytest.mark.django_db
BOMB_MESSAGE = "it would unpack to more than 200 MB, the limit for a Word document"


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> bytes:
    """1 GB of zeros as word/document.xml: a 4.6 MB "Word document"."""
    return hostile.zip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.docx").read_bytes()


@pytest.fixture
def document(make_document):
    return make_document("Escort of detainees", pdf=b"%PDF-1.4\nthe first version\n%%EOF\n")


def hostile_files(tmp_path, bomb) -> dict[str, tuple[bytes, str]]:
    """Each hostile file, and words of the message that refuses it."""
    return {
        "bomb.docx": (bomb, BOMB_MESSAGE),
        "crowded.docx": (
            hostile.many_members(tmp_path / "crowded.docx", 5001).read_bytes(),
            "it is a ZIP archive of 5,001 files, more than the limit of 5,000",
        ),
        "lying.docx": (
            hostile.lying_docx(
                tmp_path / "lying.docx", megabytes=50, says=300_000, in_both_headers=False
            ).read_bytes(),
            "the sizes in its headers are false (the two headers of 'word/document.xml' disagree)",
        ),
        "lying-twice.docx": (
            hostile.lying_docx(
                tmp_path / "lying-twice.docx", megabytes=50, says=300_000, in_both_headers=True
            ).read_bytes(),
            "the sizes in its headers are false "
            "('word/document.xml' says it holds 300,000 bytes but it holds more)",
        ),
    }


def made_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def kept(document, settings) -> tuple:
    return document.files.count(), blobs(settings), AuditEntry.objects.count()


def test_the_upload_page_refuses_each_hostile_file_with_its_reason_and_keeps_nothing(
    librarian, document, settings, tmp_path, bomb
):
    client = client_for(librarian)
    before = kept(document, settings)
    changed = document.updated_at

    for name, (data, message) in hostile_files(tmp_path, bomb).items():
        response = client.post(
            reverse("library:upload", args=[document.pk]),
            {"files": [SimpleUploadedFile(name, data)], "role": "attachment"},
        )

        assert response.status_code == 400, name
        assert f"{name}: {message}" in response.content.decode().replace("&#x27;", "'")
        assert kept(document, settings) == before
    document.refresh_from_db()
    assert document.updated_at == changed


def test_the_api_refuses_a_bomb_as_a_problem_naming_the_file_field(
    librarian, document, settings, bomb
):
    before = kept(document, settings)

    response = api_client(librarian).post(
        f"/api/v1/documents/{document.pk}/files/",
        {"file": SimpleUploadedFile("bomb.docx", bomb), "role": "attachment"},
        format="multipart",
    )

    body = is_problem(response, 400)
    assert body["errors"][0]["attr"] == "file"
    assert BOMB_MESSAGE in body["errors"][0]["detail"]
    assert kept(document, settings) == before


def test_the_import_reports_the_bomb_row_with_its_line_and_goes_on(
    tmp_path, settings, bomb, library, directive_type, category, office
):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "bomb.docx").write_bytes(bomb)
    (folder / "good.docx").write_bytes(docx_bytes("Escorts carry radios"))
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "identifier,title,library,type,file\n"
        f"BOMB 1,Bomb,{library.name},{directive_type.name},bomb.docx\n"
        f"GOOD 1,Good,{library.name},{directive_type.name},good.docx\n"
    )
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 of 2 rows failed"):
        call_command("import", str(folder), manifest=str(manifest), stdout=out, stderr=err)

    said = out.getvalue() + err.getvalue()
    assert "line 2 (BOMB 1)" in said
    assert BOMB_MESSAGE in said
    assert list(Document.objects.values_list("identifier", flat=True)) == ["GOOD 1"]
    assert DocumentFile.objects.get().original_name == "good.docx"
    assert len(blobs(settings)) == 1


def test_the_real_word_documents_are_accepted(corpus, librarian, document):
    client = client_for(librarian)
    word_files = sorted((corpus / "docx").rglob("*.docx"))
    assert word_files

    for path in word_files:
        response = client.post(
            reverse("library:upload", args=[document.pk]),
            {"files": [SimpleUploadedFile(path.name, path.read_bytes())], "role": "attachment"},
        )
        assert response.status_code == 302, path

    assert document.files.filter(content_type=DOCX).count() == len(
        {path.read_bytes() for path in word_files}
    )


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"word/document.xml": b"<w/>", "../../etc/cron.d/x": b"x"}, "leaves the archive"),
        ({"word/document.xml": b"<w/>", "/etc/passwd": b"x"}, "leaves the archive"),
        ({"word/document.xml": b"<w/>", "word\\..\\x": b"x"}, "leaves the archive"),
        ({"word/document.xml": b"<w/>", "word/inner.docx": made_zip({"a": b"a"})}, "another"),
    ],
)
def test_path_tricks_and_nested_archives_are_refused(members, message):
    with pytest.raises(archives.ArchiveRefused, match=message):
        archives.check_archive(io.BytesIO(made_zip(members)), archives.Limits())


def test_a_spreadsheet_embedded_in_a_word_document_is_fine():
    embedded = made_zip({"xl/workbook.xml": b"<workbook/>"})
    word = made_zip({"word/document.xml": b"<w/>", "word/embeddings/Sheet1.xlsx": embedded})
    assert archives.check_archive(io.BytesIO(word), archives.Limits()) > 0


def test_the_limits_come_from_the_settings(settings, tmp_path):
    settings.POLICYLIB_DOCX_MAX_MEMBERS = 10
    crowded = hostile.many_members(tmp_path / "crowded.docx", 11)
    with pytest.raises(archives.ArchiveRefused, match="11 files, more than the limit of 10"):
        archives.checked(crowded.open("rb"))


class TestTheExtractionProcess:
    """The child process checks again, unpacking with bounded reads, before the parser runs."""

    def test_it_stops_a_bomb_that_reached_the_store(self, tmp_path):
        path = hostile.zip_bomb(tmp_path / "bomb.docx", megabytes=300)
        outcome = runner.run(path, DOCX, memory_mb=300)
        assert outcome.reason.startswith(f"not read: {BOMB_MESSAGE}")

    def test_it_stops_a_bomb_whose_headers_lie_without_unpacking_it(self, tmp_path):
        # 300 MB of zeros under headers that say 300 kB, in a 200 MB memory cap.
        path = hostile.lying_docx(
            tmp_path / "lying.docx", megabytes=300, says=3_000_000, in_both_headers=True
        )
        outcome = runner.run(path, DOCX, memory_mb=200, timeout=20)
        assert "says it holds 3,000,000 bytes but it holds more" in outcome.reason

    def test_it_reads_real_word_documents(self, corpus):
        path = next(Path(corpus / "docx").rglob("*.docx"))
        assert runner.run(path, DOCX).ok
