"""Scanned PDF pages get their text by OCR (OCRmyPDF and Tesseract) in the extraction sandbox;
without Tesseract the file waits for it, and `policylib extract --pending-ocr` reads it later."""

import io

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from policylib import search
from policylib.extraction import runner
from policylib.extraction.models import ExtractedText, ExtractionState
from policylib.extraction.recovery import requeue_unfinished
from policylib.extraction.tests.conftest import make_scan
from policylib.library import services
from policylib.library.models import DocumentType, Library, Status
from policylib.search import engine
from policylib.versions.models import TextState

MEMO = "gov/project-open-data/assets/docs/Memo_from_the_Acting_Deputy Secretary_et_alia_Open_Data_Policy.pdf"  # noqa: E501
SCANNED_LINE = "Escort vehicles are inspected before every transfer"
FROM_SCAN = "text recognised from a scan"


@pytest.fixture(autouse=True)
def fresh_index(settings, tmp_path):
    settings.POLICYLIB_INDEX_DIR = tmp_path / "index"
    engine.forget_readers()
    yield
    engine.forget_readers()


@pytest.fixture
def library(db):
    return Library.objects.create(name="Directives", slug="directives")


@pytest.fixture
def add_document(library, django_capture_on_commit_callbacks):
    """An issued document with `data` as its primary file; extraction runs as the worker's."""

    def add(title: str, data: bytes, name: str = "scan.pdf"):
        with django_capture_on_commit_callbacks(execute=True):
            document = services.create_document(
                by=None,
                library=library,
                identifier=f"D-{title[:8]}",
                title=title,
                document_type=DocumentType.objects.get_or_create(name="Memo", slug="memo")[0],
                status=Status.CURRENT,
            )
        with django_capture_on_commit_callbacks(execute=True):
            services.attach_file(
                document=document, by=None, stream=io.BytesIO(data), original_name=name
            )
        return document

    return add


@pytest.fixture
def staff(db):
    user = User.objects.create_user("staff", password="x" * 12, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_document"))
    return User.objects.get(pk=user.pk)


def _found(client, words: str) -> str:
    search.apply_outbox()
    return client.get(reverse("search:results"), {"q": words}).content.decode()


def test_the_scanned_memo_is_recognised_and_found_by_search(
    corpus, tesseract, add_document, client
):
    memo = add_document("Open data memo", (corpus / MEMO).read_bytes(), "memo.pdf")
    extracted = ExtractedText.objects.get(file__document=memo)
    assert extracted.state == ExtractionState.DONE, extracted.reason
    text = "\n".join(extracted.pages)
    assert "U.S. DEPARTMENT OF HOUSING AND URBAN DEVELOPMENT" in text
    assert "Open data memo" in _found(client, "Strategic Information Asset")
    # Every reader of the document is told where its words came from.
    page = client.get(memo.get_absolute_url()).content.decode()
    assert FROM_SCAN in page


def test_only_pages_without_a_text_layer_are_recognised(tesseract, tmp_path):
    cover = ("text", "Typed cover of the escort policy")
    path = make_scan(tmp_path / "mixed.pdf", [cover, ("scan", SCANNED_LINE)])
    outcome = runner.run(path, "application/pdf")
    assert outcome.ok, outcome.reason
    assert outcome.pages[0] == "Typed cover of the escort policy"
    assert "inspected before every transfer" in outcome.pages[1]
    assert outcome.ocr_pages == (1,)


def test_a_scan_without_words_fails_with_a_reason(tesseract, tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(tmp_path / "grey.pdf"))
    pdf.drawImage(ImageReader(Image.new("L", (50, 50), 128)), 72, 72, 200, 200)
    pdf.showPage()
    pdf.save()
    outcome = runner.run(tmp_path / "grey.pdf", "application/pdf")
    assert outcome.reason == "no text found: the scanned pages hold no readable text"


def test_without_tesseract_the_file_waits_and_extract_pending_ocr_fills_it(
    tesseract, settings, tmp_path, add_document, client, staff
):
    settings.POLICYLIB_OCR_TESSERACT = str(tmp_path / "not-installed" / "tesseract")
    scan = make_scan(tmp_path / "scan.pdf", [("scan", SCANNED_LINE)]).read_bytes()
    document = add_document("Escort transfers", scan)

    client.force_login(staff)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "needs OCR: Tesseract is not installed" in page
    assert FROM_SCAN not in page
    assert "Escort transfers" not in _found(client, "inspected transfer")
    assert document.versions.get().text_state == TextState.PENDING
    # Waiting for Tesseract is not unfinished work for the worker's recovery.
    assert requeue_unfinished() == []
    with pytest.raises(CommandError, match="Tesseract is not installed"):
        call_command("extract", "--pending-ocr", stdout=io.StringIO())

    settings.POLICYLIB_OCR_TESSERACT = tesseract
    out = io.StringIO()
    call_command("extract", "--pending-ocr", stdout=out)
    assert f"done; {FROM_SCAN}" in out.getvalue()
    page = client.get(document.get_absolute_url()).content.decode()
    assert FROM_SCAN in page
    assert "needs OCR" not in page
    assert "Escort transfers" in _found(client, "inspected transfer")
    version = document.versions.get()
    assert version.text_state == TextState.DONE
    assert "inspected before every transfer" in version.text


def test_ocr_runs_under_the_extraction_memory_cap(tesseract, tmp_path):
    # OCRmyPDF and Tesseract inherit the cap: 150 MB is too little for them, not for pdfium.
    path = make_scan(tmp_path / "scan.pdf", [("scan", SCANNED_LINE)])
    outcome = runner.run(path, "application/pdf", memory_mb=150)
    assert not outcome.ok
    assert outcome.reason.startswith("no text layer — scanned image; OCR "), outcome.reason
