"""One way to send a stored file to a browser, for documents, agreements and drafts alike.

The caller has already decided that the person may have the file; this module only decides how
it travels: as a download that can never run as a page of this site, revalidated by its
SHA-256, and never kept by a shared cache.
"""

from typing import Protocol

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

from policylib.library import files


class StoredFile(Protocol):
    """What a file row of any app says about its bytes."""

    blob: str
    original_name: str
    content_type: str
    size: int
    sha256: str


def serve_stored_file(request: HttpRequest, stored: StoredFile, *, public: bool) -> HttpResponse:
    """The file's bytes, or 304 when the browser's copy (If-None-Match) is still the same.

    `public`: anyone, signed in or not, may download it. Even then the answer stays `private`:
    a document's marking can change, and a shared cache would go on handing out the old copy.
    Other files are `no-store`, so nothing is kept on disk beyond the person's own download.
    """
    headers = HttpResponse()
    headers["ETag"] = f'"{stored.sha256}"'
    if public:
        patch_cache_control(headers, private=True, no_cache=True)
    else:
        patch_cache_control(headers, private=True, no_store=True)
    # Answers 304 (If-None-Match) or 412 (If-Match) with the ETag and Cache-Control above.
    unchanged = get_conditional_response(request, etag=headers["ETag"], response=headers)
    if unchanged is not headers:
        return unchanged
    try:
        handle = files.open_blob(stored.blob)
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    # PDFs open in the browser's viewer; everything else is downloaded, so nothing a person
    # uploaded is ever rendered as a page of this site (and the sandbox stops it if it were).
    response = FileResponse(
        handle,
        as_attachment=stored.content_type != "application/pdf",
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["ETag"] = headers["ETag"]
    response["Cache-Control"] = headers["Cache-Control"]
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
