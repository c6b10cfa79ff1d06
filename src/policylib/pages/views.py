"""The site's own pages: Home, Development Tools, About, Help; and its icon."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from policylib import ratelimits
from policylib.accounts.access import is_library_staff
from policylib.library import selectors
from policylib.pages.forms import FeedbackForm
from policylib.pages.models import FrequentQuestion, QuickLink
from policylib.pages.services import submit_feedback

FAVICON = Path(__file__).parent / "static" / "policylib" / "favicon.ico"


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; the same icon as the static one."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/home.html",
        {
            "quick_links": QuickLink.objects.all(),
            "recent": selectors.recently_issued(request.user, limit=8),
            "breadcrumbs": [("Home", "")],
        },
    )


def development(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/development.html",
        {
            "is_staff": is_library_staff(request.user),
            "breadcrumbs": [("Home", reverse("pages:home")), ("Development Tools", "")],
            "nav_section": "development",
        },
    )


def about(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/about.html",
        {
            "breadcrumbs": [("Home", reverse("pages:home")), ("About", "")],
            "nav_section": "about",
        },
    )


@require_http_methods(["GET", "POST"])
def help_page(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(
        request.POST or None,
        user=request.user,
        initial={"page": request.GET.get("page", "")[:500]},
    )
    if request.method == "POST" and form.is_valid():
        per_hour = settings.POLICYLIB_FEEDBACK_PER_HOUR
        wait = ratelimits.wait(request, group="pages.feedback", per_hour=per_hour)
        if wait:
            limit = f"{per_hour} messages an hour"
            response = render(request, "429.html", {"limit": limit}, status=429)
            response["Retry-After"] = str(wait)
            return response
        submit_feedback(form_data=form.cleaned_data, user=request.user)
        messages.success(request, "Thank you. Your feedback was sent to the library staff.")
        return redirect(reverse("pages:help") + "#feedback")
    return render(
        request,
        "pages/help.html",
        {
            "questions": FrequentQuestion.objects.all(),
            "form": form,
            "breadcrumbs": [("Home", reverse("pages:home")), ("Help", "")],
            "nav_section": "help",
        },
        status=400 if form.errors else 200,
    )
