"""Extraction in the child process: formats, and failures that never take the caller down."""

import io
import os

import docx
import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from policylib.extraction import runner
from policylib.extraction.tests import hostile_pdfs
from policylib.extraction.worker import DOCX


def make_pdf(path, pages, *, password=None):
    encrypt = StandardEncryption(password, canPrint=0) if password else None
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    for text in pages:
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    return path


def test_pdf_page_by_page(tmp_path):
    path = make_pdf(tmp_path / "a.pdf", ["First page about escorts", "Second page on detention"])
    outcome = runner.run(path, "application/pdf")
    assert outcome.pages == ["First page about escorts", "Second page on detention"]


def test_encrypted_pdf_says_so(tmp_path):
    path = make_pdf(tmp_path / "secret.pdf", ["hidden"], password="s3cret")
    assert runner.run(path, "application/pdf").reason == "encrypted (password required)"


def test_scanned_pdf_without_text_layer(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (50, 50), 128)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    pdf = canvas.Canvas(str(tmp_path / "scan.pdf"))
    pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 72, 72, 200, 200)
    pdf.showPage()
    pdf.save()
    # Without OCR (a draft's file is read so, while its page is drawn); with it, test_ocr.py.
    outcome = runner.run(tmp_path / "scan.pdf", "application/pdf", ocr=False)
    assert outcome.reason == "no text layer — scanned image"


def test_garbage_pdf_is_malformed(tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    assert runner.run(path, "application/pdf").reason.startswith("malformed: ")


def test_docx_paragraphs_and_tables(tmp_path):
    document = docx.Document()
    document.add_paragraph("Escort policy")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Vehicle"
    table.rows[0].cells[1].text = "Detention"
    document.add_paragraph("After the table")
    document.save(tmp_path / "a.docx")
    outcome = runner.run(tmp_path / "a.docx", DOCX)
    assert outcome.pages == ["Escort policy\nVehicle | Detention\nAfter the table"]


def test_html_without_markup_or_scripts(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><title>T</title><script>alert(1)</script></head>"
        "<body><p>Escort&nbsp;&amp; detention</p><div>Next</div></body></html>"
    )
    assert runner.run(path, "text/html").pages == ["Escort & detention\n\nNext"]


def test_text_encodings_and_pages(tmp_path):
    (tmp_path / "latin.txt").write_bytes(b"Viag\xe9nie\x0cpage two")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfPolicy\x00 text")
    assert runner.run(tmp_path / "latin.txt", "text/plain").pages == ["Viagénie", "page two"]
    assert runner.run(tmp_path / "bom.txt", "text/markdown").pages == ["Policy text"]


def test_unsupported_type(tmp_path):
    (tmp_path / "a.png").write_bytes(b"\x89PNG....")
    assert runner.run(tmp_path / "a.png", "image/png").reason == "unsupported file type: image/png"


def test_timeout(tmp_path):
    fifo = tmp_path / "never"
    os.mkfifo(fifo)  # opening it for reading blocks: a stand-in for a parser that hangs
    outcome = runner.run(fifo, "text/plain", timeout=1)
    assert outcome.reason == "timed out: stopped after the limit of 1 s"


def test_memory_cap(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * (40 * 1024 * 1024 // 5))
    outcome = runner.run(path, "text/plain", memory_mb=150)
    assert outcome.reason == "too much memory: stopped at the limit of 150 MB"


# Hostile PDFs: the parser itself (pdfium, in C) is what runs away, not our code.


def test_a_pdf_that_inflates_to_gigabytes_is_stopped_by_the_memory_cap(tmp_path):
    path = tmp_path / "inflating.pdf"
    path.write_bytes(hostile_pdfs.inflating_pdf(gigabytes=2))
    outcome = runner.run(path, "application/pdf", memory_mb=300)
    assert outcome.reason == "too much memory: stopped at the limit of 300 MB"


def test_a_pdf_of_nested_forms_is_stopped_by_the_memory_cap(tmp_path):
    path = tmp_path / "laughs.pdf"
    path.write_bytes(hostile_pdfs.nested_forms_pdf())
    outcome = runner.run(path, "application/pdf", memory_mb=300)
    assert outcome.reason == "too much memory: stopped at the limit of 300 MB"


def test_a_pdf_that_runs_on_is_stopped_by_the_time_limit(tmp_path):
    path = tmp_path / "endless.pdf"
    path.write_bytes(hostile_pdfs.endless_pdf())
    outcome = runner.run(path, "application/pdf", timeout=3)
    assert outcome.reason == "timed out: stopped after the limit of 3 s"


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02"])
def test_odd_text_files_do_not_raise(tmp_path, content):
    path = tmp_path / "odd.txt"
    path.write_bytes(content)
    assert runner.run(path, "text/plain").ok
