"""Every download of a Restricted file goes into the audit trail, whichever view served it."""

from django.apps import apps
from django.http import FileResponse

from policylib.audit import services as audit
from policylib.library.models import Marking

# The URL names that serve a file, and the model whose `pk` the URL carries. A new download
# endpoint is added here; the access matrix test fails for one that is missing.
DOWNLOADS = {
    "library:file": "library.Document",
    "api:document-file": "library.Document",
    "agreements:file": "agreements.Agreement",
    "reviews:file": "reviews.Draft",
}
RESTRICTED = Marking.RESTRICTED


class RestrictedDownloadAudit:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and response.status_code == 200
            and isinstance(response, FileResponse)
            and match.view_name in DOWNLOADS
        ):
            self._record(request, match)
        return response

    def _record(self, request, match) -> None:
        model = apps.get_model(DOWNLOADS[match.view_name])
        target = model.objects.filter(pk=match.kwargs.get("pk")).first()
        if target is None or getattr(target, "marking", None) != RESTRICTED:
            return
        audit.record(
            actor=request.user,
            action="file.downloaded",
            target=target,
            note=f"File {match.kwargs.get('file_id', '')} {match.kwargs.get('name', '')}".strip(),
            remote_addr=audit.client_address(request),
        )
