"""My reviews and the list of drafts."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from policylib.reviews import forms, selectors
from policylib.reviews.views.common import _crumbs


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My reviews: assignments, office positions, my drafts and decisions waiting for me."""
    return render(
        request,
        "reviews/dashboard.html",
        {
            "mine": selectors.my_reviews(request.user),
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs(("My reviews", "")),
            "nav_section": "development",
        },
    )


@login_required
def drafts(request: HttpRequest) -> HttpResponse:
    include_closed = request.GET.get("show") == "all"
    return render(
        request,
        "reviews/drafts.html",
        {
            "drafts": selectors.drafts_for(request.user, include_closed=include_closed),
            "include_closed": include_closed,
            "may_start": bool(forms.DraftForm(user=request.user).fields["office"].queryset),
            "breadcrumbs": _crumbs(("Drafts", "")),
            "nav_section": "development",
        },
    )
