import io
import os
import shutil

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas


@pytest.fixture
def tesseract() -> str:
    """Tesseract, which OCR runs; skipped when absent, except in CI where it must exist."""
    found = shutil.which("tesseract")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Tesseract is missing (apt-get install tesseract-ocr).")
        pytest.skip("Tesseract is not installed; apt-get install tesseract-ocr to run this.")
    return found


def make_scan(path, pages: list[tuple[str, str]]):
    """A PDF whose pages are ("text", line) typed with a text layer, or ("scan", line): the
    same typed page as an image only, as a scanner makes it."""
    import pypdfium2 as pdfium

    pdf = canvas.Canvas(str(path), pagesize=letter)
    for kind, line in pages:
        if kind == "text":
            pdf.setFont("Helvetica", 14)
            pdf.drawString(72, 700, line)
        else:
            typed = io.BytesIO()
            sheet = canvas.Canvas(typed, pagesize=letter)
            sheet.setFont("Helvetica", 14)
            sheet.drawString(72, 700, line)
            sheet.save()
            document = pdfium.PdfDocument(typed.getvalue())
            image = document[0].render(scale=200 / 72).to_pil().convert("L")
            document.close()
            pdf.drawImage(ImageReader(image), 0, 0, *letter)
        pdf.showPage()
    pdf.save()
    return path
