from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from policylib.accounts.roles import AUDIT_PERMISSION
from policylib.audit import selectors

PER_PAGE = 50


def _require_auditor(request: HttpRequest) -> None:
    if not (request.user.is_active and request.user.has_perm(AUDIT_PERMISSION)):
        raise PermissionDenied("The audit trail is for administrators.")


@login_required
@require_GET
def trail(request: HttpRequest) -> HttpResponse:
    """The audit trail, filtered by user, action, date range and object, for administrators."""
    _require_auditor(request)
    found = selectors.entries(request.GET)
    page = Paginator(found.qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {
            "filter": found,
            "form": found.form,
            "page": page,
            "query": query.urlencode(),
            "breadcrumbs": [("Home", reverse("pages:home")), ("Audit trail", "")],
        },
    )


@login_required
@require_GET
def trail_csv(request: HttpRequest) -> HttpResponse:
    """The same entries as the page shows for the same filters, all of them, as CSV."""
    _require_auditor(request)
    found = selectors.entries(request.GET)
    response = StreamingHttpResponse(
        selectors.csv_rows(found.qs.iterator(chunk_size=500)), content_type="text/csv"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
