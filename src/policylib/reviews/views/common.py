"""What the review pages share: breadcrumbs, form binding, running a service."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse

from policylib.reviews import services

GET_POST = ["GET", "POST"]


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("pages:home")),
        ("Development Tools", reverse("pages:development")),
        *extra,
    ]


def _draft_crumbs(draft, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return _crumbs(
        ("Drafts", reverse("reviews:drafts")), (draft.title, draft.get_absolute_url()), *extra
    )


def _posted(request: HttpRequest):
    # An empty POST still binds the form: a form with no required fields must be able to pass.
    return request.POST if request.method == "POST" else None


def _bound(request: HttpRequest) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _attempt(form, call: Callable[[], Any]) -> tuple[bool, Any]:
    """Run a service; a refusal becomes an error on the form, and nothing typed is lost."""
    try:
        return True, call()
    except services.InvalidValue as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return False, None
    except services.ReviewError as error:
        form.add_error(None, str(error))
        return False, None


def _action_page(request, *, form, title: str, crumbs, status: int | None = None, **context):
    return render(
        request,
        "reviews/action.html",
        {
            "form": form,
            "title": title,
            "breadcrumbs": [*crumbs, (title, "")],
            "nav_section": "development",
            **context,
        },
        status=status or (400 if form.errors else 200),
    )
