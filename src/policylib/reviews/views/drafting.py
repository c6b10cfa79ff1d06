"""Drafting pages: new drafts, check-out, edit, files, cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from policylib.accounts.access import (
    Action,
    DraftAction,
    can_draft,
    get_document_or_404,
    get_draft_or_404,
)
from policylib.library.serving import serve_stored_file
from policylib.reviews import forms, history, selectors, services
from policylib.reviews.models import (
    DraftFile,
)
from policylib.reviews.views.common import (
    GET_POST,
    _action_page,
    _attempt,
    _bound,
    _crumbs,
    _draft_crumbs,
    _posted,
)


@login_required
@require_http_methods(GET_POST)
def new_draft(request: HttpRequest) -> HttpResponse:
    form = forms.DraftForm(*_bound(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        record = form.record()
        ok, draft = _attempt(
            form,
            lambda: services.start_draft(
                by=request.user,
                upload=form.cleaned_data.get("file"),
                change_note=form.cleaned_data.get("change_note") or "Draft started.",
                **record,
            ),
        )
        if ok:
            messages.success(request, "The draft was started.")
            return redirect(draft)
    return render(
        request,
        "reviews/draft_form.html",
        {
            "form": form,
            "title": "Start a new draft",
            "breadcrumbs": _crumbs(("Drafts", reverse("reviews:drafts")), ("New draft", "")),
            "nav_section": "development",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(GET_POST)
def check_out(request: HttpRequest, pk: int) -> HttpResponse:
    """Revise a Current document: check out a working copy."""
    document = get_document_or_404(request.user, pk, Action.VIEW)
    existing = selectors.working_copy_of(document)
    if existing is not None and can_draft(request.user, DraftAction.VIEW, existing):
        messages.info(request, "This document is already checked out; here is its working copy.")
        return redirect(existing)
    form = forms.CheckOutForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ok, draft = _attempt(
            form,
            lambda: services.check_out(
                by=request.user,
                document=document,
                change_note=form.cleaned_data["change_note"],
            ),
        )
        if ok:
            messages.success(
                request,
                "Checked out. The version in force stays published until the revision is issued.",
            )
            return redirect(draft)
    return _action_page(
        request,
        form=form,
        title="Revise this document",
        crumbs=[
            ("Home", reverse("pages:home")),
            (document.title, document.get_absolute_url()),
        ],
        intro=(
            f"You check out a working copy of {document.identifier}, version "
            f"{document.version}. The version in force stays published and unchanged until "
            "the revision is issued, and nobody else can check it out meanwhile."
        ),
        submit="Check out a working copy",
        cancel_url=document.get_absolute_url(),
    )


@login_required
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft_or_404(request.user, pk)
    return render(
        request,
        "reviews/draft.html",
        {
            "draft": draft,
            "actions": selectors.actions_for(request.user, draft),
            "history": selectors.history(draft),
            "periods": selectors.periods_of(draft),
            "steps": draft.steps.select_related("sent_by", "decided_by", "assignee"),
            "open_substantive": services.unanswered_substantive(draft).count(),
            "categories": draft.categories.all(),
            "subjects": draft.subjects.all(),
            "supersedes": selectors.shown_supersedes(request.user, draft),
            "revises": selectors.shown_document(request.user, draft.revises),
            "issued_document": selectors.shown_document(request.user, draft.issued_document),
            "breadcrumbs": _crumbs(("Drafts", reverse("reviews:drafts")), (draft.title, "")),
            "nav_section": "development",
        },
    )


def _record_initial(draft) -> dict:
    return {
        "library": draft.library,
        "identifier": draft.identifier,
        "office": draft.office,
        "title": draft.title,
        "summary": draft.summary,
        "body": draft.body,
        "document_type": draft.document_type,
        "source": draft.source,
        "effective_on": draft.effective_on,
        "marking": draft.marking,
        "categories": list(draft.categories.all()),
        "subjects": list(draft.subjects.all()),
        "restricted_to": list(draft.restricted_to.all()),
        "supersedes": list(draft.supersedes.all()),
    }


@login_required
@require_http_methods(GET_POST)
def edit_draft(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft_or_404(request.user, pk)
    form = forms.DraftForm(
        *_bound(request),
        user=request.user,
        draft=draft,
        initial=_record_initial(draft),
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = _attempt(
            form,
            lambda: services.save_draft(
                by=request.user,
                draft=draft,
                change_note=form.cleaned_data["change_note"],
                upload=form.cleaned_data.get("file"),
                **form.record(),
            ),
        )
        if ok:
            messages.success(request, "Saved. The save is in the draft's history.")
            return redirect(draft)
    return render(
        request,
        "reviews/draft_form.html",
        {
            "form": form,
            "draft": draft,
            "title": f"Edit draft: {draft.identifier}",
            "breadcrumbs": _draft_crumbs(draft, ("Edit", "")),
            "nav_section": "development",
        },
        status=400 if form.errors else 200,
    )


@login_required
def draft_file(request: HttpRequest, pk: int, file_id: int, name: str) -> HttpResponse:
    """A file of a draft (any save in its history), for those who may see the draft."""
    draft = get_draft_or_404(request.user, pk)
    stored = get_object_or_404(DraftFile, pk=file_id, draft=draft)
    # A working copy is never public, whatever the document it revises.
    return serve_stored_file(request, stored, public=False)


@login_required
@require_http_methods(GET_POST)
def cancel_check_out(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft_or_404(request.user, pk)
    form = forms.NoteForm(_posted(request), note_label="Why cancel? (optional)")
    if request.method == "POST" and form.is_valid():
        ok, _ = _attempt(
            form,
            lambda: services.cancel_check_out(
                by=request.user, draft=draft, note=form.cleaned_data["note"]
            ),
        )
        if ok:
            messages.success(request, "The check-out was cancelled. The draft is kept closed.")
            return redirect(draft.revises or draft)
    intro = "The working copy is closed and kept with its history; nothing is published."
    if draft.revises_id:
        intro += f" {draft.revises.identifier} can then be checked out again."
    return _action_page(
        request,
        form=form,
        title="Cancel check-out",
        crumbs=_draft_crumbs(draft),
        intro=intro,
        submit="Cancel check-out",
        danger=True,
        cancel_url=draft.get_absolute_url(),
    )


@login_required
def compare_saves(request: HttpRequest, pk: int) -> HttpResponse:
    """A redline of two saves in the draft's history: the text and the record."""
    draft = get_draft_or_404(request.user, pk)
    saves = list(selectors.history(draft))
    form = forms.CompareSavesForm(request.GET or None, saves=saves)
    context = {
        "draft": draft,
        "form": form,
        "title": f"Compare saves: {draft.identifier}",
        "breadcrumbs": _draft_crumbs(draft, ("Compare saves", "")),
        "nav_section": "development",
    }
    if not form.is_valid():
        return render(request, "reviews/compare.html", context, status=400 if form.errors else 200)
    comparison = history.compare_saves(
        draft, form.cleaned_data["old"], form.cleaned_data["new"], user=request.user
    )
    context["comparison"] = comparison
    return render(request, "reviews/compare.html", context)
