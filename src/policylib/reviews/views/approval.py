"""Approval and issue pages: concurrence, approval, issue."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from policylib.accounts.access import (
    get_draft_or_404,
    is_library_staff,
)
from policylib.reviews import forms, services
from policylib.reviews.views.common import (
    GET_POST,
    _action_page,
    _attempt,
    _bound,
    _draft_crumbs,
    _posted,
)


@login_required
@require_http_methods(GET_POST)
def send_for_concurrence(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft_or_404(request.user, pk)
    form = forms.SendForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ok, _ = _attempt(
            form,
            lambda: services.send_for_concurrence(
                by=request.user, draft=draft, **form.cleaned_data
            ),
        )
        if ok:
            messages.success(request, "The draft was sent to the review board.")
            return redirect(draft)
    return _action_page(
        request,
        form=form,
        title="Send for concurrence and approval",
        crumbs=_draft_crumbs(draft),
        intro=(
            "The review board concurs first; the draft then goes to the signatory you choose "
            "for approval. Either can return it with comments."
        ),
        submit="Send",
        cancel_url=draft.get_absolute_url(),
    )


def _decision_page(request, pk: int, *, kind: str) -> HttpResponse:
    draft = get_draft_or_404(request.user, pk)
    concurrence = kind == "concurrence"
    form = forms.DecisionForm(
        _posted(request), yes_label="Concur" if concurrence else "Approve for issue"
    )
    if request.method == "POST" and form.is_valid():
        yes = form.cleaned_data["decision"] == "yes"
        note = form.cleaned_data["note"]
        if concurrence:
            call = partial(services.decide_concurrence, concur=yes)
        else:
            call = partial(services.decide_approval, approve=yes)
        ok, _ = _attempt(form, lambda: call(by=request.user, draft=draft, note=note))
        if ok:
            messages.success(request, "Your decision was recorded.")
            return redirect(draft)
    return _action_page(
        request,
        form=form,
        title="Concurrence" if concurrence else "Approval",
        crumbs=_draft_crumbs(draft),
        intro=(
            f"Decide on {draft.identifier}: {draft.title}. Returning it sends it back to the "
            "authors with your comments."
        ),
        submit="Record the decision",
        cancel_url=draft.get_absolute_url(),
    )


@login_required
@require_http_methods(GET_POST)
def concurrence(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision_page(request, pk, kind="concurrence")


@login_required
@require_http_methods(GET_POST)
def approval(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision_page(request, pk, kind="approval")


@login_required
@require_http_methods(GET_POST)
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft_or_404(request.user, pk)
    form = forms.IssueForm(*_bound(request), today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        ok, document = _attempt(
            form,
            lambda: services.issue_draft(by=request.user, draft=draft, **form.cleaned_data),
        )
        if ok:
            messages.success(request, f"Issued as version {document.version}.")
            return redirect(document)
    intro = "The document is published as Current and appears in Recently Issued."
    if draft.revises_id:
        intro += (
            f" It becomes version {draft.version} of {draft.revises.identifier}; version "
            f"{draft.revises.version} becomes Superseded and moves to the Archives."
        )
    return _action_page(
        request,
        form=form,
        title="Issue",
        crumbs=_draft_crumbs(draft),
        intro=intro,
        submit="Issue",
        multipart=True,
        cancel_url=draft.get_absolute_url(),
        staff=is_library_staff(request.user),
    )
