"""Pages of the MOA/MOU Library: the list, expiring soon, parties, an agreement and its files."""

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from policylib.accounts.access import can_view_agreement, get_agreement_or_404, marking_label
from policylib.agreements import selectors
from policylib.agreements.forms import AgreementListForm
from policylib.agreements.models import AgreementFile, Organization
from policylib.agreements.status import days_left, expiring_window
from policylib.library.serving import serve_stored_file

PAGE_SIZE = 25
TITLE = "MOA/MOU Library"


def _crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", reverse("pages:home")), (TITLE, reverse("agreements:index")), *more]


def _page(request: HttpRequest, agreements):
    return Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))


def _querystring_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def index(request: HttpRequest) -> HttpResponse:
    """Every agreement the reader may see, filtered by words, status, party and type."""
    form = AgreementListForm(request.GET or None, user=request.user)
    return render(
        request,
        "agreements/index.html",
        {
            "form": form,
            "page": _page(request, selectors.filter_agreements(request.user, form.filters())),
            "querystring": _querystring_without_page(request),
            "status_counts": selectors.status_counts(request.user),
            "window": expiring_window(),
            "filed_library": selectors.filed_library(request.user),
            "breadcrumbs": [("Home", reverse("pages:home")), (TITLE, "")],
        },
    )


def expiring(request: HttpRequest) -> HttpResponse:
    """Agreements in force that expire within the expiring-soon window, soonest first."""
    window = expiring_window()
    return render(
        request,
        "agreements/expiring.html",
        {
            "agreements": selectors.expiring_soon(request.user),
            "window": window,
            "breadcrumbs": _crumbs((f"Expiring in the next {window} days", "")),
        },
    )


def parties(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agreements/parties.html",
        {
            "parties": selectors.parties_with_counts(request.user),
            "breadcrumbs": _crumbs(("By party", "")),
        },
    )


def party(request: HttpRequest, slug: str) -> HttpResponse:
    """The agreements with one party, in force first. A party known only from agreements the
    reader may not see does not exist for them."""
    organization = get_object_or_404(Organization, slug=slug)
    agreements = selectors.filter_agreements(
        request.user, selectors.AgreementFilters(party=slug, sort="expires")
    )
    if not agreements.exists():
        raise Http404("No such party.")
    return render(
        request,
        "agreements/party.html",
        {
            "party": organization,
            "page": _page(request, agreements),
            "querystring": _querystring_without_page(request),
            "breadcrumbs": _crumbs(
                ("By party", reverse("agreements:parties")), (organization.name, "")
            ),
        },
    )


def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_or_404(request.user, pk)
    return render(
        request,
        "agreements/agreement.html",
        {
            "detail": selectors.agreement_detail(agreement),
            "agreement": agreement,
            "days_left": days_left(agreement),
            "marking": marking_label(agreement),
            "breadcrumbs": _crumbs((agreement.identifier, "")),
        },
    )


def agreement_file(request: HttpRequest, pk: int, file_id: int, name: str) -> HttpResponse:
    """Stream an agreement's file, with headers that make it a download, never a web page."""
    agreement = get_agreement_or_404(request.user, pk)
    stored = get_object_or_404(AgreementFile, pk=file_id, agreement=agreement)
    public = can_view_agreement(AnonymousUser(), agreement)
    return serve_stored_file(request, stored, public=public)
