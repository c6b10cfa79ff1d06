"""Every real PDF and Word file of the shared corpus ends done or failed with a reason; scanned
pages are recognised by OCR."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from policylib.extraction import runner
from policylib.extraction.worker import DOCX
from policylib.library.files import sniff_content_type

pytestmark = pytest.mark.corpus
LATIN1_RFCS = ["rfc235", "rfc288", "rfc290", "rfc303", "rfc317", "rfc367"]


def _content_type(path) -> str:
    with open(path, "rb") as handle:
        return sniff_content_type(handle.read(8192), path.name, path)


def test_every_pdf_and_docx(corpus):
    paths = sorted(
        p
        for folder in ("pdfs", "docx", "gov")
        for p in (corpus / folder).rglob("*")
        if p.suffix.lower() in {".pdf", ".docx"}
    )
    assert len(paths) > 200
    started = time.monotonic()
    # Children do the work; threads only wait on them. 4 at a time on 2 cores.
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = dict(
            zip(paths, pool.map(lambda p: runner.run(p, _content_type(p), timeout=30), paths),
                strict=True)
        )  # fmt: skip
    elapsed = time.monotonic() - started
    for path, outcome in outcomes.items():
        assert outcome.ok or outcome.reason, path
    by_name = {p.name: o for p, o in outcomes.items()}
    assert by_name["issue3371.pdf"].reason == "encrypted (password required)"
    scanned = "Memo_from_the_Acting_Deputy Secretary_et_alia_Open_Data_Policy.pdf"
    if runner.tesseract():
        assert "Strategic Information Asset" in " ".join(by_name[scanned].pages[0].split())
        assert by_name[scanned].ocr_pages == (0, 1, 2)
    else:
        assert by_name[scanned].reason == "needs OCR: Tesseract is not installed"
    assert "Trace-based Just-in-Time" in by_name["tracemonkey.pdf"].pages[0]
    assert by_name["bomb_giant.pdf"].ok or by_name["bomb_giant.pdf"].reason
    schema = by_name["DATA_Act_Schema_v0.5.docx"]
    assert schema.ok
    assert len(schema.pages[0].split()) > 5000
    schema_path = corpus / "docx/project-open-data/assets/docs/DATA_Act_Schema_v0.5.docx"
    assert _content_type(schema_path) == DOCX
    done = sum(1 for o in outcomes.values() if o.ok)
    print(f"{len(paths)} files in {elapsed:.1f} s: {done} done, {len(paths) - done} failed")
    assert elapsed < 180


def test_rfc_text_encodings(corpus):
    texts = corpus / "rfcs" / "txt"
    for name in LATIN1_RFCS:
        pages = runner.run(texts / f"{name}.txt", "text/plain").pages
        joined = "\n".join(pages)
        assert "Viagénie" in joined or "Hélène" in joined, name
    with_bom = [p for p in texts.glob("*.txt") if p.read_bytes().startswith(b"\xef\xbb\xbf")]
    assert len(with_bom) == 19
    for path in with_bom[:5]:
        pages = runner.run(path, "text/plain").pages
        assert pages
        assert not pages[0].startswith("\ufeff")
        assert "\ufffd" not in "".join(pages)
    old = runner.run(texts / "rfc821.txt", "text/plain").pages
    assert len(old) > 10  # form feeds made pages
