"""Background work of text extraction (run by `policylib db_worker`)."""

from django_tasks import task


@task()
def extract_file(document_file_id: int) -> str:
    """Extract a file's text in a child process and queue its document for indexing."""
    from policylib.extraction.services import extract_file_now

    extracted = extract_file_now(document_file_id=document_file_id)
    return extracted.state if extracted else "missing"
