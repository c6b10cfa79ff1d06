"""Review and comment pages: periods, office workspaces, comments, the matrix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from policylib.accounts.access import (
    get_draft_or_404,
)
from policylib.library import files
from policylib.reviews import exports, forms, selectors, services
from policylib.reviews.models import (
    CommentPeriod,
    OfficeReview,
)
from policylib.reviews.selectors import (
    get_comment_or_404,
    get_office_review_or_404,
    get_period_or_404,
    get_submitted_comment_or_404,
)
from policylib.reviews.views.common import GET_POST, _action_page, _attempt, _draft_crumbs, _posted


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


@login_required
def period(request: HttpRequest, pk: int) -> HttpResponse:
    """The status of a comment period: offices responded, comments open, days left."""
    period = get_period_or_404(request.user, pk)
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
    period = get_period_or_404(request.user, pk)
    return render(request, "reviews/matrix.html", _matrix_context(request, period))


@login_required
def matrix_print(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_period_or_404(request.user, pk)
    return render(request, "reviews/matrix_print.html", _matrix_context(request, period))


def _export_name(period: CommentPeriod, extension: str) -> str:
    stem = "".join(ch if ch.isalnum() else "-" for ch in period.draft.identifier).strip("-")
    return f"comment-matrix-{stem or 'draft'}-{period.pk}.{extension}"


@login_required
def matrix_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_period_or_404(request.user, pk)
    content = exports.matrix_xlsx(selectors.matrix(period, request.GET.get("by", "office")))
    response = HttpResponse(content, content_type=files.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_export_name(period, "xlsx")}"'
    return response


@login_required
def matrix_csv(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_period_or_404(request.user, pk)
    content = exports.matrix_csv(selectors.matrix(period, request.GET.get("by", "office")))
    # A byte-order mark, so spreadsheet programs read the file as UTF-8.
    response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(period, "csv")}"'
    return response


def _office_crumbs(office_review: OfficeReview, *extra):
    return _draft_crumbs(
        office_review.period.draft,
        (str(office_review.office), office_review.get_absolute_url()),
        *extra,
    )


@login_required
def office_review(request: HttpRequest, pk: int) -> HttpResponse:
    """One office's workspace in a comment period: reviewers, comments, the position."""
    office_review = get_office_review_or_404(request.user, pk)
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
    office_review = get_office_review_or_404(request.user, pk)
    form = forms.AssignForm(_posted(request), office_review=office_review)
    if request.method == "POST" and form.is_valid():
        ok, _ = _attempt(
            form,
            lambda: services.assign_reviewer(
                by=request.user, office_review=office_review, **form.cleaned_data
            ),
        )
        if ok:
            reviewer = form.cleaned_data["reviewer"]
            name = reviewer.get_full_name() or reviewer.get_username()
            messages.success(request, f"{name} was asked to review.")
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
    office_review = get_office_review_or_404(request.user, pk)
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
    office_review = get_office_review_or_404(request.user, pk)
    assignment = get_object_or_404(office_review.assignments, reviewer=request.user)
    services.complete_assignment(by=request.user, assignment=assignment)
    messages.success(request, "Marked done. Your DPC will consolidate the comments.")
    return redirect(office_review)


@login_required
@require_http_methods(GET_POST)
def position(request: HttpRequest, pk: int) -> HttpResponse:
    office_review = get_office_review_or_404(request.user, pk)
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


@login_required
@require_http_methods(GET_POST)
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_or_404(request.user, pk)
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
    comment = get_comment_or_404(request.user, pk)
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
    comment = get_comment_or_404(request.user, pk)
    form = forms.MergeForm(
        _posted(request),
        candidates=selectors.consolidation_candidates(request.user, comment).exclude(pk=comment.pk),
    )
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
    comment = get_submitted_comment_or_404(request.user, pk)
    period = comment.office_review.period
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
