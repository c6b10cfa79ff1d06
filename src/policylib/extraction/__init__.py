"""Text extraction: the words inside stored PDF, Word, HTML and text files.

The public interface:
- `state_for(document)`: "done", "pending", "needs OCR: <why>" or "failed: <reason>", for
  the document page;
- `pages_for(file_ids)`: the extracted pages of files, for the search index;
- `extract_now(document_file_id)`: extract synchronously (commands, tests);
- `read_file(path, content_type)`: the pages of a file outside the library's own files (a
  draft's), read in the same sandboxed child process; `engine_version()` keys caches of them.

Parsing happens in a child process (`policylib.extraction.worker`) with a timeout and a
memory cap; see `policylib.extraction.runner`.
"""


def state_for(document) -> str:
    from policylib.extraction.services import state_for as _state_for

    return _state_for(document)


def pages_for(file_ids) -> dict[int, list[str]]:
    """Pages of each file whose extraction is done, by file id.

    A file waiting for OCR gives the pages of its text layer meanwhile.
    """
    from django.db.models import Q

    from policylib.extraction.models import ExtractedText, ExtractionState

    return dict(
        ExtractedText.objects.filter(
            Q(state=ExtractionState.DONE) | Q(state=ExtractionState.PENDING, needs_ocr=True),
            file_id__in=list(file_ids),
        ).values_list("file_id", "pages")
    )


def extract_now(document_file_id: int):
    from policylib.extraction.services import extract_file_now

    return extract_file_now(document_file_id=document_file_id)


def read_file(path, content_type: str):
    """The pages of the file at `path`, or the reason there are none. Never raises.

    Without OCR: this answers a page being drawn, and OCR takes seconds a page.
    """
    from policylib.extraction.runner import run

    return run(path, content_type, ocr=False)


def engine_version() -> str:
    """Changes when the extractors do, so cached text is read again."""
    from policylib.extraction.runner import engine_version as _engine_version

    return _engine_version()


__all__ = ["engine_version", "extract_now", "pages_for", "read_file", "state_for"]
