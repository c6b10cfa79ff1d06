"""Text extraction: the words inside stored PDF, Word, HTML and text files.

The public interface:
- `state_for(document)`: "done", "pending" or "failed: <reason>", for the document page;
- `pages_for(file_ids)`: the extracted pages of files, for the search index;
- `extract_now(document_file_id)`: extract synchronously (commands, tests).

Parsing happens in a child process (`policylib.extraction.worker`) with a timeout and a
memory cap; see `policylib.extraction.runner`.
"""


def state_for(document) -> str:
    from policylib.extraction.services import state_for as _state_for

    return _state_for(document)


def pages_for(file_ids) -> dict[int, list[str]]:
    """Pages of each file whose extraction is done, by file id."""
    from policylib.extraction.models import ExtractedText, ExtractionState

    return dict(
        ExtractedText.objects.filter(
            file_id__in=list(file_ids), state=ExtractionState.DONE
        ).values_list("file_id", "pages")
    )


def extract_now(document_file_id: int):
    from policylib.extraction.services import extract_file_now

    return extract_file_now(document_file_id=document_file_id)


__all__ = ["extract_now", "pages_for", "state_for"]
