"""Subscriptions pages, one-click unsubscribe, and the periodic-review dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policylib.accounts.access import get_document_or_404, is_library_staff
from policylib.subscriptions import periodic_review, services
from policylib.subscriptions.forms import CategoryForm, DashboardForm, OfficeForm, SearchForm

SEARCH_PREFILL = {"q": "q", "type": "type", "category": "category", "opi": "opi",
                  "library": "library"}  # fmt: skip


def _crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", reverse("pages:home")), *trail]


def _forms(request: HttpRequest, bound: str = "", data=None) -> dict:
    prefill = {
        f"search-{field}": request.GET[param]
        for param, field in SEARCH_PREFILL.items()
        if request.GET.get(param)
    }
    return {
        "category_form": CategoryForm(data if bound == "category" else None),
        "office_form": OfficeForm(data if bound == "office" else None),
        "search_form": SearchForm(
            data if bound == "search" else None,
            initial={key.removeprefix("search-"): value for key, value in prefill.items()},
        ),
    }


def _page(request: HttpRequest, forms: dict, status: int = 200) -> HttpResponse:
    subscriptions = list(services.subscriptions_of(request.user))
    return render(
        request,
        "subscriptions/mine.html",
        {
            **forms,
            "subscriptions": subscriptions,
            "readable": services.readable_documents(request.user, subscriptions),
            "has_email": bool(request.user.email),
            "is_staff": is_library_staff(request.user),
            "breadcrumbs": _crumbs(("My subscriptions", "")),
        },
        status=status,
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return _page(request, _forms(request))


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Follow a document (from its page), a category, an office or a search."""
    topic = request.POST.get("topic", "")
    try:
        if topic == "document":
            document = get_document_or_404(request.user, _int(request.POST.get("document")))
            services.subscribe(user=request.user, document=document)
            messages.success(request, "You will get an email when this document changes.")
            return _back(request, document.get_absolute_url())
        forms = _forms(request, topic, request.POST)
        form = forms.get(f"{topic}_form")
        if form is None or not form.is_valid():
            return _page(request, forms, status=400)
        if topic == "category":
            subscription = services.subscribe(
                user=request.user, category=form.cleaned_data["category"]
            )
        elif topic == "office":
            subscription = services.subscribe(user=request.user, office=form.cleaned_data["office"])
        else:
            subscription = services.subscribe(
                user=request.user, search=form.saved(), search_name=form.cleaned_data["name"]
            )
    except services.SubscriptionError as exc:
        messages.error(request, str(exc))
        return _back(request, reverse("subscriptions:mine"))
    messages.success(request, f"You now follow {subscription.describe()}.")
    return redirect("subscriptions:mine")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def stop(request: HttpRequest, pk: int) -> HttpResponse:
    if services.unsubscribe(user=request.user, subscription_id=pk):
        messages.success(request, "Subscription ended.")
    return redirect("subscriptions:mine")


@csrf_exempt  # the signed token is the credential; mail clients post here (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from an email, without logging in.

    GET shows a single button (link checkers in mail systems follow links, so a GET never
    unsubscribes); POST, from that button or from the mail client, ends the subscription.
    """
    valid, subscription = services.subscription_for_token(token)
    context = {
        "token": token,
        "valid": valid,
        "subscription": subscription,
        "breadcrumbs": _crumbs(("Unsubscribe", "")),
    }
    if request.method == "POST" and valid:
        services.unsubscribe_by_token(token)
        context["done"] = True
    return render(request, "subscriptions/unsubscribe.html", context, status=200 if valid else 400)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Overdue and upcoming periodic reviews, by office (library staff)."""
    if not is_library_staff(request.user):
        raise PermissionDenied
    form = DashboardForm(request.GET or None)
    office, within = None, 90
    if form.is_bound and form.is_valid():
        office = form.cleaned_data["office"]
        within = form.cleaned_data["within"] or 90
    today = periodic_review.today()
    schedules = list(periodic_review.due_schedules(within_days=within, office=office, on=today))
    return render(
        request,
        "subscriptions/periodic_review.html",
        {
            "form": form,
            "office": office,
            "within": within,
            "today": today,
            "overdue": [s for s in schedules if s.review_by < today],
            "upcoming": [s for s in schedules if s.review_by >= today],
            "summary": periodic_review.summary_by_office(schedules, on=today),
            "breadcrumbs": _crumbs(("Periodic review", "")),
        },
    )
