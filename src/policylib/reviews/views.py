"""Pages of the drafting and review tools: validate a form, call one service, respond.

Who may see a draft is decided by `policylib.accounts.access`; what may be done and when, by
the review services, which refuse with a message shown on the form.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from policylib.accounts.access import (
    Action,
    DraftAction,
    OfficeReviewAction,
    can_draft,
    can_office_review,
    get_document_or_404,
    get_draft_or_404,
    is_library_staff,
)
from policylib.library import files
from policylib.reviews import exports, forms, selectors, services
from policylib.reviews.models import (
    Comment,
    CommentPeriod,
    DraftFile,
    OfficeReview,
)

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


# -- Lists ------------------------------------------------------------------------------------


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


# -- Drafting ---------------------------------------------------------------------------------


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
            "supersedes": draft.supersedes.all(),
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
    try:
        handle = files.open_blob(stored.blob)
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    inline = stored.content_type == "application/pdf"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response


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


# -- Review and comment -------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def open_period(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft_or_404(request.user, pk)
    form = forms.CommentPeriodForm(_posted(request), today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, period = _attempt(
            form,
            lambda: services.open_comment_period(
                by=request.user,
                draft=draft,
                offices=data["offices"],
                starts_on=data["starts_on"],
                due_on=data["due_on"],
                instructions=data["instructions"],
            ),
        )
        if ok:
            messages.success(request, "The comment period is open; the offices' DPCs were emailed.")
            return redirect(period)
    return _action_page(
        request,
        form=form,
        title="Open a comment period",
        crumbs=_draft_crumbs(draft),
        intro=(
            "The draft goes for comment as it is now"
            + (f" ({draft.file.original_name})" if draft.file else "")
            + ". It cannot be edited while the period is open."
        ),
        submit="Open the comment period",
        cancel_url=draft.get_absolute_url(),
    )


def _period_or_404(user, pk: int) -> CommentPeriod:
    period = get_object_or_404(CommentPeriod.objects.select_related("draft"), pk=pk)
    get_draft_or_404(user, period.draft_id)
    return period


@login_required
def period(request: HttpRequest, pk: int) -> HttpResponse:
    """The status of a comment period: offices responded, comments open, days left."""
    period = _period_or_404(request.user, pk)
    return render(
        request,
        "reviews/period.html",
        {
            "period": period,
            "draft": period.draft,
            "status": selectors.period_status(period),
            "breadcrumbs": _draft_crumbs(period.draft, ("Comment period", "")),
            "nav_section": "development",
        },
    )


def _matrix_context(request: HttpRequest, period: CommentPeriod) -> dict:
    order = request.GET.get("by", "office")
    matrix = selectors.matrix(period, order)
    return {
        "period": period,
        "draft": period.draft,
        "matrix": matrix,
        "orders": selectors.MATRIX_ORDERS,
        "may_answer": "answer" in selectors.actions_for(request.user, period.draft),
        "breadcrumbs": _draft_crumbs(
            period.draft,
            ("Comment period", period.get_absolute_url()),
            ("Comment resolution matrix", ""),
        ),
        "nav_section": "development",
    }


@login_required
def matrix(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period_or_404(request.user, pk)
    return render(request, "reviews/matrix.html", _matrix_context(request, period))


@login_required
def matrix_print(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period_or_404(request.user, pk)
    return render(request, "reviews/matrix_print.html", _matrix_context(request, period))


def _export_name(period: CommentPeriod, extension: str) -> str:
    stem = "".join(ch if ch.isalnum() else "-" for ch in period.draft.identifier).strip("-")
    return f"comment-matrix-{stem or 'draft'}-{period.pk}.{extension}"


@login_required
def matrix_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period_or_404(request.user, pk)
    content = exports.matrix_xlsx(selectors.matrix(period, request.GET.get("by", "office")))
    response = HttpResponse(content, content_type=files.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_export_name(period, "xlsx")}"'
    return response


@login_required
def matrix_csv(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period_or_404(request.user, pk)
    content = exports.matrix_csv(selectors.matrix(period, request.GET.get("by", "office")))
    # A byte-order mark, so spreadsheet programs read the file as UTF-8.
    response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(period, "csv")}"'
    return response


def _office_review_or_404(user, pk: int) -> OfficeReview:
    office_review = get_object_or_404(
        OfficeReview.objects.select_related("office", "period__draft"), pk=pk
    )
    if not can_office_review(user, OfficeReviewAction.VIEW, office_review):
        raise Http404("No such office review.")
    return office_review


def _office_crumbs(office_review: OfficeReview, *extra):
    return _draft_crumbs(
        office_review.period.draft,
        (str(office_review.office), office_review.get_absolute_url()),
        *extra,
    )


@login_required
def office_review(request: HttpRequest, pk: int) -> HttpResponse:
    """One office's workspace in a comment period: reviewers, comments, the position."""
    office_review = _office_review_or_404(request.user, pk)
    return render(
        request,
        "reviews/office_review.html",
        {
            "office_review": office_review,
            "period": office_review.period,
            "draft": office_review.period.draft,
            **selectors.office_review_for(request.user, office_review),
            "assign_form": forms.AssignForm(office_review=office_review),
            "breadcrumbs": _draft_crumbs(
                office_review.period.draft, (str(office_review.office), "")
            ),
            "nav_section": "development",
        },
    )


@login_required
@require_http_methods(GET_POST)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    office_review = _office_review_or_404(request.user, pk)
    form = forms.AssignForm(_posted(request), office_review=office_review)
    if request.method == "POST" and form.is_valid():
        ok, _ = _attempt(
            form,
            lambda: services.assign_reviewer(
                by=request.user, office_review=office_review, **form.cleaned_data
            ),
        )
        if ok:
            messages.success(request, f"{form.cleaned_data['reviewer']} was asked to review.")
            return redirect(office_review)
    return _action_page(
        request,
        form=form,
        title="Assign a reviewer",
        crumbs=_office_crumbs(office_review),
        submit="Assign",
        cancel_url=office_review.get_absolute_url(),
    )


@login_required
@require_http_methods(GET_POST)
def add_comment(request: HttpRequest, pk: int) -> HttpResponse:
    office_review = _office_review_or_404(request.user, pk)
    form = forms.CommentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ok, _ = _attempt(
            form,
            lambda: services.add_comment(
                by=request.user, office_review=office_review, **form.cleaned_data
            ),
        )
        if ok:
            messages.success(request, "Your comment was added for your DPC to consolidate.")
            return redirect(office_review)
    return _action_page(
        request,
        form=form,
        title="Add a comment",
        crumbs=_office_crumbs(office_review),
        intro=(
            "Say where the comment applies, whether it is substantive or editorial, what "
            "should change and why. A bare question cannot be answered accepted or not, so "
            "write the change you propose."
        ),
        submit="Add the comment",
        cancel_url=office_review.get_absolute_url(),
    )


@login_required
@require_POST
def complete_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    office_review = _office_review_or_404(request.user, pk)
    assignment = get_object_or_404(office_review.assignments, reviewer=request.user)
    services.complete_assignment(by=request.user, assignment=assignment)
    messages.success(request, "Marked done. Your DPC will consolidate the comments.")
    return redirect(office_review)


@login_required
@require_http_methods(GET_POST)
def position(request: HttpRequest, pk: int) -> HttpResponse:
    office_review = _office_review_or_404(request.user, pk)
    form = forms.PositionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ok, _ = _attempt(
            form,
            lambda: services.submit_position(
                by=request.user,
                office_review=office_review,
                no_comment=form.cleaned_data["answer"] == "no_comment",
                note=form.cleaned_data["note"],
            ),
        )
        if ok:
            messages.success(request, f"The position of {office_review.office} was submitted.")
            return redirect(office_review)
    remaining = services.position_comments(office_review).count()
    return _action_page(
        request,
        form=form,
        title="Submit the office's position",
        crumbs=_office_crumbs(office_review),
        intro=(
            f"The position holds {remaining} comment(s) after consolidation. Once submitted, "
            "the office's comments go to the OPI and can no longer be changed."
        ),
        submit="Submit",
        cancel_url=office_review.get_absolute_url(),
    )


def _comment_or_404(user, pk: int, action: OfficeReviewAction) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("office_review__office", "office_review__period__draft"),
        pk=pk,
    )
    if not can_office_review(user, OfficeReviewAction.VIEW, comment.office_review):
        raise Http404("No such comment.")
    return comment


@login_required
@require_http_methods(GET_POST)
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(request.user, pk, OfficeReviewAction.CONSOLIDATE)
    initial = {name: getattr(comment, name) for name in services.COMMENT_FIELDS}
    form = forms.CommentForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = _attempt(
            form,
            lambda: services.edit_comment(by=request.user, comment=comment, **form.cleaned_data),
        )
        if ok:
            messages.success(request, "The comment was edited.")
            return redirect(comment.office_review)
    return _action_page(
        request,
        form=form,
        title="Edit a comment",
        crumbs=_office_crumbs(comment.office_review),
        submit="Save the comment",
        cancel_url=comment.office_review.get_absolute_url(),
    )


@login_required
@require_http_methods(GET_POST)
def drop_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(request.user, pk, OfficeReviewAction.CONSOLIDATE)
    form = forms.NoteForm(_posted(request), note_label="Why drop it? (optional)")
    if request.method == "POST" and form.is_valid():
        ok, _ = _attempt(
            form,
            lambda: services.drop_comment(
                by=request.user, comment=comment, reason=form.cleaned_data["note"]
            ),
        )
        if ok:
            messages.success(request, "The comment was dropped from the office's position.")
            return redirect(comment.office_review)
    return _action_page(
        request,
        form=form,
        title="Drop a comment",
        crumbs=_office_crumbs(comment.office_review),
        comment=comment,
        intro="The comment stays on record, marked dropped, and is not sent to the OPI.",
        submit="Drop the comment",
        danger=True,
        cancel_url=comment.office_review.get_absolute_url(),
    )


@login_required
@require_http_methods(GET_POST)
def merge_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(request.user, pk, OfficeReviewAction.CONSOLIDATE)
    form = forms.MergeForm(_posted(request), keep=comment)
    if request.method == "POST" and form.is_valid():
        ok, _ = _attempt(
            form,
            lambda: services.merge_comments(
                by=request.user, keep=comment, duplicates=form.cleaned_data["duplicates"]
            ),
        )
        if ok:
            messages.success(request, "The duplicates were merged into this comment.")
            return redirect(comment.office_review)
    return _action_page(
        request,
        form=form,
        title="Merge duplicate comments",
        crumbs=_office_crumbs(comment.office_review),
        comment=comment,
        intro="The duplicates are kept on record, marked merged; edit this comment afterwards "
        "if it should say more.",
        submit="Merge",
        cancel_url=comment.office_review.get_absolute_url(),
    )


@login_required
@require_http_methods(GET_POST)
def answer_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("office_review__office", "office_review__period__draft"),
        pk=pk,
        number__isnull=False,
    )
    period = comment.office_review.period
    get_draft_or_404(request.user, period.draft_id)
    initial = {"disposition": comment.disposition, "response": comment.response}
    form = forms.AnswerForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = _attempt(
            form,
            lambda: services.answer_comment(by=request.user, comment=comment, **form.cleaned_data),
        )
        if ok:
            messages.success(request, f"Comment No. {comment.number} was answered.")
            return redirect(reverse("reviews:matrix", args=[period.pk]) + f"#c{comment.number}")
    return _action_page(
        request,
        form=form,
        title=f"Answer comment No. {comment.number}",
        crumbs=_draft_crumbs(
            period.draft,
            ("Comment resolution matrix", reverse("reviews:matrix", args=[period.pk])),
        ),
        comment=comment,
        submit="Save the answer",
        cancel_url=reverse("reviews:matrix", args=[period.pk]),
    )


# -- Approval and issue -------------------------------------------------------------------------


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
            call = lambda: services.decide_concurrence(  # noqa: E731
                by=request.user, draft=draft, concur=yes, note=note
            )
        else:
            call = lambda: services.decide_approval(  # noqa: E731
                by=request.user, draft=draft, approve=yes, note=note
            )
        ok, _ = _attempt(form, call)
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
