"""The extraction child process: `python -m policylib.extraction.worker PATH CONTENT_TYPE`.

It runs apart from the web and task processes, under a memory cap set on itself before any
parser loads, so a hostile file (a decompression bomb, fuzzer output) can only kill this
process. It prints one JSON object on stdout: {"pages": [...], "scanned": [...]} or
{"error": "reason"}; "scanned" numbers (from 0) the PDF pages that hold an image and no
text layer worth the name.

`python -m policylib.extraction.worker --ocr PAGES PATH` recognises the text of those pages
(PAGES as "1,3", from 1) with OCRmyPDF and Tesseract, run as children of this process: they
inherit its memory cap, and the runner's time limit stops them with it. It prints
{"ocr": {"0": "text", ...}} or {"error": "reason"}. Nothing here imports Django.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

from policylib.extraction.text import decode, normalise, split_pages

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_TYPES = {"text/plain", "text/markdown", "text/x-rst", "text/csv", "text/x-markdown"}
# Text files larger than this are cut: a policy is never this long, and the index would be.
MAX_TEXT_BYTES = 50 * 1024 * 1024
# A page with an image and fewer letters or digits than this is read as a scan: a stamped
# page number or date is not the page's text.
NEAR_EMPTY = 20
_WORD_CHARACTERS = re.compile(r"\w")


class ExtractionFailed(Exception):
    """A file whose text cannot be had; the message is the reason shown to staff."""


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space so a bomb fails with MemoryError, not the machine."""
    import resource

    cap = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def extract(path: str, content_type: str) -> list[str]:
    """The normalised text of each page of the file (a scanned PDF page's is empty)."""
    return extract_with_scans(path, content_type)[0]


def extract_with_scans(path: str, content_type: str) -> tuple[list[str], list[int]]:
    """The text of each page, and the indexes of PDF pages that are scans without text."""
    if content_type == "application/pdf":
        return _pdf(path)
    return _other(path, content_type), []


def _other(path: str, content_type: str) -> list[str]:
    if content_type == DOCX:
        return _docx(path)
    if content_type == "text/html":
        return [normalise(_html_text(_read_text(path)))]
    if content_type in TEXT_TYPES or content_type.startswith("text/"):
        return split_pages(_read_text(path))
    raise ExtractionFailed(f"unsupported file type: {content_type or 'unknown'}")


def _read_text(path: str) -> str:
    with open(path, "rb") as handle:
        return decode(handle.read(MAX_TEXT_BYTES))


def _pdf(path: str) -> tuple[list[str], list[int]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractionFailed("encrypted (password required)") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ExtractionFailed("encrypted (unsupported security handler)") from None
        raise ExtractionFailed("malformed: cannot open the PDF (damaged or not a PDF)") from None
    pages: list[str] = []
    scanned: list[int] = []
    try:
        count = len(pdf)
        if count == 0:
            raise ExtractionFailed("malformed: the PDF has no pages")
        for index in range(count):
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                raise ExtractionFailed(f"malformed: page {index + 1} cannot be read") from None
            try:
                textpage = page.get_textpage()
                pages.append(normalise(textpage.get_text_bounded()))
                textpage.close()
                if len(_WORD_CHARACTERS.findall(pages[-1])) < NEAR_EMPTY and any(
                    True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
                ):
                    scanned.append(index)
            finally:
                page.close()
    finally:
        pdf.close()
    if not any(pages) and not scanned:
        raise ExtractionFailed("no text layer — the pages hold no text")
    return pages, scanned


def ocr(path: str, pages: list[int]) -> dict[int, str]:
    """The text OCRmyPDF and Tesseract recognise on these pages (indexes from 0)."""
    wanted = sorted(set(pages))
    with tempfile.TemporaryDirectory(prefix="policylib-ocr-") as work:
        sidecar = os.path.join(work, "text.txt")
        env = dict(os.environ, TMPDIR=work, OMP_THREAD_LIMIT="1")
        # One job: the machine's cores belong to the web and other workers too. No PDF is
        # written (the stored file stays as uploaded), only the recognised text.
        command = [
            sys.executable, "-m", "ocrmypdf", "--quiet", "--jobs", "1", "--output-type", "none",
            "--force-ocr", "--pages", ",".join(str(i + 1) for i in wanted),
            "--sidecar", sidecar, path, "-",
        ]  # fmt: skip
        done = subprocess.run(  # noqa: S603 - fixed command, the path is an argument
            command, stdin=subprocess.DEVNULL, capture_output=True, env=env, check=False
        )
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            detail = message[-1][:160] if message else f"exit status {done.returncode}"
            raise ExtractionFailed(f"failed: {detail}")
        with open(sidecar, encoding="utf-8", errors="replace") as handle:
            chunks = handle.read().split("\f")
    return _sidecar_pages(chunks, wanted)


def _sidecar_pages(chunks: list[str], wanted: list[int]) -> dict[int, str]:
    """Pages of OCRmyPDF's sidecar: one chunk per OCR'd page, one per run of skipped pages."""
    texts: dict[int, str] = {}
    position = 0
    previous = -1
    for index in wanted:
        if index > previous + 1:
            position += 1  # the marker of the pages skipped before this one
        if position >= len(chunks):
            raise ExtractionFailed("failed: the recognised text is missing pages")
        texts[index] = normalise(chunks[position])
        position += 1
        previous = index
    return texts


def _docx(path: str) -> list[str]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from policylib.library.archives import ArchiveRefused, Limits, count_unpacked

    # The upload was checked by its headers; here every member is unpacked with bounded reads,
    # so one whose headers lie is stopped at the limit before the parser holds any of it.
    try:
        count_unpacked(path, Limits.from_env())
    except ArchiveRefused as exc:
        raise ExtractionFailed(f"not read: {exc}") from None
    try:
        document = docx.Document(path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionFailed(f"malformed: {_short(exc)}") from None
    lines: list[str] = []
    _docx_blocks(document.iter_inner_content(), lines)
    text = normalise("\n".join(lines))
    if not text:
        raise ExtractionFailed("no text: the Word document is empty")
    return [text]


def _docx_blocks(blocks, lines: list[str]) -> None:
    from docx.table import Table

    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                cells: list[str] = []
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans.
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    inner: list[str] = []
                    _docx_blocks(cell.iter_inner_content(), inner)
                    cells.append(" ".join(part for part in inner if part))
                lines.append(" | ".join(cell for cell in cells if cell))
        else:
            lines.append(block.text)


class _TextOfHTML(HTMLParser):
    """Readable text of an HTML page: no scripts or styles, block elements on their own line."""

    SKIP = {"script", "style", "template", "noscript", "head", "svg"}
    BLOCK = {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
        "article", "table", "ul", "ol", "pre", "blockquote", "title", "dd", "dt",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _TextOfHTML()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def _answer(argv: list[str]) -> dict:
    if argv[0] == "--ocr":
        pages = [int(number) - 1 for number in argv[1].split(",")]
        return {"ocr": {str(index): text for index, text in ocr(argv[2], pages).items()}}
    pages, scanned = extract_with_scans(argv[0], argv[1])
    return {"pages": pages, "scanned": scanned}


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or (len(argv) == 3) != (argv[0] == "--ocr"):
        print(
            "usage: python -m policylib.extraction.worker PATH CONTENT_TYPE\n"
            "       python -m policylib.extraction.worker --ocr PAGES PATH",
            file=sys.stderr,
        )
        return 2
    # Keep the real stdout for the answer; whatever C libraries print goes to stderr.
    answer = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    memory_mb = int(os.environ.get("POLICYLIB_EXTRACT_MEMORY_MB") or 1024)
    if memory_mb > 0:
        limit_memory(memory_mb)
    try:
        result: dict = _answer(argv)
    except ExtractionFailed as exc:
        result = {"error": str(exc)}
    except MemoryError:
        result = {"error": "too much memory"}
    except RecursionError:
        result = {"error": "malformed: nested too deeply"}
    except Exception as exc:  # a parser's own error on a damaged file
        result = {"error": f"malformed: {_short(exc)}"}
    try:
        json.dump(result, answer, ensure_ascii=True)
        answer.flush()
    except MemoryError:
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
