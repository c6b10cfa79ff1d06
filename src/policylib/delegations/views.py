"""Pages of the Delegations Library: the list, an authority's chains, a position, a delegation,
and the staff report of broken chains."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from policylib.accounts.access import (
    may_see_delegations_report,
    visible_delegations,
)
from policylib.delegations import selectors
from policylib.delegations.forms import DelegationListForm
from policylib.delegations.models import Authority, Position

PAGE_SIZE = 25
TITLE = "Delegations Library"


def _crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", reverse("pages:home")), (TITLE, reverse("delegations:index")), *more]


def report_access_required(view: Callable) -> Callable:
    """Sign in first; then only those the access rules allow get past (403 otherwise)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_see_delegations_report(request.user):
            raise PermissionDenied("The delegations report is for library staff.")
        return view(request, *args, **kwargs)

    return wrapped


def index(request: HttpRequest) -> HttpResponse:
    form = DelegationListForm(request.GET or None)
    delegations = selectors.filter_delegations(request.user, form.filters())
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(delegations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "delegations/index.html",
        {
            "form": form,
            "page": page,
            "broken": selectors.broken_chain_ids(request.user, list(page.object_list)),
            "querystring": query.urlencode(),
            "authorities": selectors.authorities_with_counts(request.user),
            "positions": selectors.positions(request.user),
            "may_see_report": may_see_delegations_report(request.user),
            "breadcrumbs": [("Home", reverse("pages:home")), (TITLE, "")],
        },
    )


def authority(request: HttpRequest, slug: str) -> HttpResponse:
    """Who may exercise this authority: the chains from its sources down to every holder."""
    authority = get_object_or_404(Authority, slug=slug)
    return render(
        request,
        "delegations/authority.html",
        {
            "view": selectors.authority_view(request.user, authority),
            "authority": authority,
            "breadcrumbs": _crumbs((authority.name, "")),
        },
    )


def position(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything a position may do, and where each authority comes from."""
    position = get_object_or_404(Position.objects.select_related("office"), slug=slug)
    return render(
        request,
        "delegations/position.html",
        {
            "view": selectors.position_view(request.user, position),
            "position": position,
            "breadcrumbs": _crumbs((position.title, "")),
        },
    )


def delegation(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_object_or_404(visible_delegations(request.user), pk=pk)
    view = selectors.delegation_view(request.user, delegation)
    return render(
        request,
        "delegations/delegation.html",
        {
            "view": view,
            "node": view.node,
            "delegation": view.delegation,
            "breadcrumbs": _crumbs(
                (delegation.authority.name, delegation.authority.get_absolute_url()),
                (f"{delegation.delegating_position} to {delegation.delegated_to}", ""),
            ),
        },
    )


@report_access_required
def report(request: HttpRequest) -> HttpResponse:
    """Broken chains, for library staff to repair."""
    return render(
        request,
        "delegations/report.html",
        {
            "report": selectors.report(request.user),
            "breadcrumbs": _crumbs(("Broken chains", "")),
        },
    )
