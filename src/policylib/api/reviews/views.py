"""The review round through the API: drafts and working copies, comment periods, comments,
the comment resolution matrix, concurrence, approval and issue.

Thin, as the pages: find the object through the access module and the reviews lookups (a
draft the caller may not see is a 404, exactly as on the site), check the shape of the request,
call one review service (which checks the role and the state, audits and emails), describe the
result. A service's refusal becomes a problem: 403 for a missing role, 400 for a refused value,
409 for a rule.
"""

from contextlib import contextmanager

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import (
    PermissionDenied,
    ValidationError,
)
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from policylib.accounts.access import Action, get_document_or_404, get_draft_or_404
from policylib.api.problems import Conflict, ProblemSerializer
from policylib.api.reviews import serializers as s
from policylib.library import files
from policylib.reviews import exports, history, selectors, services
from policylib.reviews import views as review_pages
from policylib.reviews.models import Comment, CommentPeriod, Draft, OfficeReview

REFUSED = OpenApiResponse(
    ProblemSerializer, description="The review rules refuse it now; `detail` says why."
)
ID = r"[0-9]{1,18}"
UPLOADS = [MultiPartParser, FormParser, JSONParser]
XLSX_RESPONSE = {
    (200, files.XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The workbook.")
}
CSV_RESPONSE = {
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="UTF-8 with a BOM.")
}


# The API's names for the services' fields, where they differ.
API_FIELDS = {"office": "opi", "document_type": "type"}


@contextmanager
def refusals():
    """The services' refusals as problems, with the services' own words: 403 for a missing
    role, 400 for a refused value (naming the field), 409 for a rule of the round."""
    try:
        yield
    except services.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except services.InvalidValue as exc:
        raise ValidationError({API_FIELDS.get(exc.field, exc.field): [str(exc)]}) from exc
    except services.ReviewError as exc:
        raise Conflict(str(exc), code="refused") from exc


def _validated(serializer_class, data, request: Request, **kwargs) -> dict:
    serializer = serializer_class(data=data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class _BinaryMixin:
    """Downloads answer whatever the bytes are; their errors are problem details."""

    binary_actions: frozenset[str] = frozenset()

    def perform_content_negotiation(self, request, force=False):
        if self.action in self.binary_actions:
            return (JSONRenderer(), JSONRenderer.media_type)
        return super().perform_content_negotiation(request, force)


# --- Drafts -------------------------------------------------------------------------------


def describe_draft(request: Request, draft: Draft) -> dict:
    draft = (
        Draft.objects.select_related(
            "office",
            "library",
            "document_type",
            "revises",
            "file",
            "signatory",
            "created_by",
            "issued_document",
        )
        .prefetch_related("categories", "subjects", "supersedes")
        .get(pk=draft.pk)
    )
    draft.api_actions = sorted(selectors.actions_for(request.user, draft))
    draft.api_open_substantive = services.unanswered_substantive(draft).count()
    draft.api_periods = [
        {
            "id": p.pk,
            "starts_on": p.starts_on,
            "due_on": p.due_on,
            "is_open": p.is_open,
            "invited": p.invited,
            "answered": p.answered,
        }
        for p in selectors.periods_of(draft)
    ]
    draft.api_steps = list(draft.steps.select_related("sent_by", "decided_by", "assignee"))
    return s.DraftDetailSerializer(draft, context={"request": request}).data


@extend_schema_view(
    list=extend_schema(
        summary="Drafts the caller may see (open ones; ?show=all adds issued and cancelled)",
        responses={200: s.DraftSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="A draft: its record, file, comment periods, approval steps, and what the "
        "caller may do now",
        responses={200: s.DraftDetailSerializer},
    ),
    create=extend_schema(
        summary="Start a draft of a new document (an author or policy owner of the OPI)",
        request={
            "multipart/form-data": s.DraftWriteSerializer,
            "application/json": s.DraftWriteSerializer,
        },
        responses={201: s.DraftDetailSerializer, 409: REFUSED},
    ),
)
class DraftViewSet(_BinaryMixin, viewsets.GenericViewSet):
    """Drafts and working copies. Who sees one is `policylib.accounts.access.visible_drafts`."""

    queryset = Draft.objects.none()
    serializer_class = s.DraftSerializer
    lookup_value_regex = ID
    binary_actions = frozenset({"download"})

    def get_object(self) -> Draft:
        return get_draft_or_404(self.request.user, int(self.kwargs["pk"]))

    def get_parsers(self):
        # The list route also starts drafts, with a file.
        if "create" in (getattr(self, "action_map", None) or {}).values():
            return [parser() for parser in UPLOADS]
        return super().get_parsers()

    def list(self, request: Request) -> Response:
        include_closed = request.query_params.get("show") == "all"
        drafts = selectors.drafts_for(request.user, include_closed=include_closed)
        page = self.paginate_queryset(drafts)
        data = s.DraftSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(describe_draft(request, self.get_object()))

    def create(self, request: Request) -> Response:
        serializer = s.DraftWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        record = serializer.record()
        missing = [
            name
            for name, source in (
                ("library", "library"),
                ("identifier", "identifier"),
                ("opi", "office"),
                ("title", "title"),
                ("type", "document_type"),
            )
            if source not in record
        ]
        if missing:
            raise ValidationError(dict.fromkeys(missing, "A new draft needs this field."))
        with refusals():
            draft = services.start_draft(
                by=request.user,
                upload=serializer.validated_data.get("file"),
                change_note=serializer.validated_data.get("change_note") or "Draft started.",
                **record,
            )
        response = Response(describe_draft(request, draft), status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api:draft-detail", args=[draft.pk])
        return response

    # --- History ------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        summary="The draft's history: every save, newest first",
        responses={200: s.DraftSaveSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Save the draft: changed record fields and/or a new file, with a change note",
        request={
            "multipart/form-data": s.DraftWriteSerializer,
            "application/json": s.DraftWriteSerializer,
        },
        responses={201: s.DraftSaveSerializer, 409: REFUSED},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=UPLOADS,
        pagination_class=None,
        filter_backends=[],
    )
    def saves(self, request: Request, pk: str) -> Response:
        draft = self.get_object()
        context = {"request": request}
        if request.method == "GET":
            return Response(
                s.DraftSaveSerializer(selectors.history(draft), many=True, context=context).data
            )
        serializer = s.DraftWriteSerializer(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        with refusals():
            saved = services.save_draft(
                by=request.user,
                draft=draft,
                change_note=serializer.validated_data.get("change_note", ""),
                upload=serializer.validated_data.get("file"),
                **serializer.record(),
            )
        return Response(s.DraftSaveSerializer(saved, context=context).data, status=201)

    @extend_schema(
        summary="Compare two saves: a redline of their text and their changed record fields "
        "(the last two saves by default)",
        parameters=[s.CompareParamsSerializer],
        responses={200: s.SaveComparisonSerializer},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def compare(self, request: Request, pk: str) -> Response:
        draft = self.get_object()
        params = _validated(s.CompareParamsSerializer, request.query_params, request)
        numbers = list(draft.history.order_by("-number").values_list("number", flat=True)[:2])
        new = params.get("new", numbers[0])
        old = params.get("old", numbers[-1] if len(numbers) == 1 else numbers[1])
        comparison = history.compare_saves(draft, old, new, user=request.user)
        return Response(s.SaveComparisonSerializer(comparison).data)

    @extend_schema(
        summary="Download a file of the draft (any save in its history)",
        operation_id="drafts_file_download",
        responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The bytes.")},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=rf"files/(?P<file_id>{ID})",
        url_name="file",
        pagination_class=None,
        filter_backends=[],
    )
    def download(self, request: Request, pk: str, file_id: str):
        self.get_object()  # a 404 problem, not a sign-in page, for those who may not see it
        return review_pages.draft_file(request._request, int(pk), int(file_id), name="")

    # --- Check-out ------------------------------------------------------------------------

    @extend_schema(
        summary="Cancel the check-out: the working copy is closed and kept; nothing is deleted",
        request=s.NoteSerializer,
        responses={200: s.DraftDetailSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        draft = self.get_object()
        data = _validated(s.NoteSerializer, request.data, request)
        with refusals():
            services.cancel_check_out(by=request.user, draft=draft, note=data["note"])
        return Response(describe_draft(request, draft))

    # --- Comment periods ----------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        summary="The draft's comment periods, with their status",
        responses={200: s.PeriodStatusSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Open a comment period: offices invited, start and due dates, instructions "
        "(a policy owner of the OPI; the DPCs are emailed)",
        request=s.PeriodOpenSerializer,
        responses={201: s.PeriodStatusSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def periods(self, request: Request, pk: str) -> Response:
        draft = self.get_object()
        if request.method == "GET":
            statuses = [selectors.period_status(p) for p in draft.periods.order_by("-opened_at")]
            return Response(s.PeriodStatusSerializer(statuses, many=True).data)
        data = _validated(s.PeriodOpenSerializer, request.data, request)
        with refusals():
            period = services.open_comment_period(
                by=request.user,
                draft=draft,
                offices=data["offices"],
                starts_on=data.get("starts_on"),
                due_on=data.get("due_on"),
                instructions=data["instructions"],
            )
        response = Response(s.PeriodStatusSerializer(selectors.period_status(period)).data, 201)
        response["Location"] = reverse("api:period-detail", args=[period.pk])
        return response

    # --- Approval and issue -------------------------------------------------------------

    @extend_schema(
        summary="Send the resolved draft for concurrence and name the signatory "
        "(a policy owner; every substantive comment must be answered)",
        request=s.SendSerializer,
        responses={200: s.DraftDetailSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str) -> Response:
        draft = self.get_object()
        data = _validated(s.SendSerializer, request.data, request)
        with refusals():
            services.send_for_concurrence(
                by=request.user, draft=draft, signatory=data["signatory"], note=data["note"]
            )
        return Response(describe_draft(request, draft))

    @extend_schema(
        summary="The review board concurs, or returns the draft with comments",
        request=s.ConcurrenceSerializer,
        responses={200: s.DraftDetailSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def concurrence(self, request: Request, pk: str) -> Response:
        draft = self.get_object()
        data = _validated(s.ConcurrenceSerializer, request.data, request)
        with refusals():
            services.decide_concurrence(
                by=request.user,
                draft=draft,
                concur=data["decision"] == "concur",
                note=data["note"],
            )
        return Response(describe_draft(request, draft))

    @extend_schema(
        summary="The signatory approves the draft for issue, or returns it with comments",
        request=s.ApprovalSerializer,
        responses={200: s.DraftDetailSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def approval(self, request: Request, pk: str) -> Response:
        draft = self.get_object()
        data = _validated(s.ApprovalSerializer, request.data, request)
        with refusals():
            services.decide_approval(
                by=request.user,
                draft=draft,
                approve=data["decision"] == "approve",
                note=data["note"],
            )
        return Response(describe_draft(request, draft))

    @extend_schema(
        summary="Issue the approved draft (library staff): it is published as Current; what it "
        "revises or supersedes becomes Superseded",
        request={
            "multipart/form-data": s.IssueDraftSerializer,
            "application/json": s.IssueDraftSerializer,
        },
        responses={200: s.DraftDetailSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"], parser_classes=UPLOADS)
    def issue(self, request: Request, pk: str) -> Response:
        draft = self.get_object()
        data = _validated(s.IssueDraftSerializer, request.data, request)
        with refusals():
            services.issue_draft(
                by=request.user,
                draft=draft,
                issued_on=data.get("issued_on"),
                signed_file=data.get("signed_file"),
                note=data["note"],
            )
        return Response(describe_draft(request, draft))


class CheckOutView(APIView):
    """Revise a Current document: check out a working copy."""

    @extend_schema(
        summary="Revise a Current document: check out a working copy (an author or policy "
        "owner of its OPI); the version in force stays published until the revision is issued",
        operation_id="documents_check_out",
        request=s.CheckOutSerializer,
        responses={201: s.DraftDetailSerializer, 409: REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        document = get_document_or_404(request.user, pk, Action.VIEW)
        data = _validated(s.CheckOutSerializer, request.data, request)
        with refusals():
            draft = services.check_out(
                by=request.user, document=document, change_note=data["change_note"]
            )
        response = Response(describe_draft(request, draft), status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api:draft-detail", args=[draft.pk])
        return response


# --- Comment periods and the matrix ---------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(
        summary="A comment period's status: offices responded, comments open, days left",
        responses={200: s.PeriodStatusSerializer},
    )
)
class PeriodViewSet(_BinaryMixin, viewsets.GenericViewSet):
    queryset = CommentPeriod.objects.none()
    serializer_class = s.PeriodStatusSerializer
    lookup_value_regex = ID
    binary_actions = frozenset({"matrix_xlsx", "matrix_csv"})

    def get_object(self) -> CommentPeriod:
        return selectors.get_period_or_404(self.request.user, int(self.kwargs["pk"]))

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.PeriodStatusSerializer(selectors.period_status(self.get_object())).data)

    def _matrix(self, request: Request):
        period = self.get_object()
        params = _validated(s.MatrixParamsSerializer, request.query_params, request)
        return selectors.matrix(period, params["by"])

    @extend_schema(
        summary="The comment resolution matrix: every submitted comment with its answer, "
        "grouped by office or by section",
        parameters=[s.MatrixParamsSerializer],
        responses={200: s.MatrixSerializer},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def matrix(self, request: Request, pk: str) -> Response:
        matrix = self._matrix(request)
        return Response(s.MatrixSerializer(matrix, context={"request": request}).data)

    @extend_schema(
        summary="The comment resolution matrix as a workbook (XLSX)",
        parameters=[s.MatrixParamsSerializer],
        responses=XLSX_RESPONSE,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="matrix/xlsx",
        url_name="matrix-xlsx",
        pagination_class=None,
        filter_backends=[],
    )
    def matrix_xlsx(self, request: Request, pk: str):
        matrix = self._matrix(request)
        response = HttpResponse(exports.matrix_xlsx(matrix), content_type=files.XLSX)
        name = review_pages.revcom._export_name(matrix.period, "xlsx")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(
        summary="The comment resolution matrix as CSV",
        parameters=[s.MatrixParamsSerializer],
        responses=CSV_RESPONSE,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="matrix/csv",
        url_name="matrix-csv",
        pagination_class=None,
        filter_backends=[],
    )
    def matrix_csv(self, request: Request, pk: str):
        matrix = self._matrix(request)
        content = "\ufeff" + exports.matrix_csv(matrix)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        name = review_pages.revcom._export_name(matrix.period, "csv")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# --- One office's review --------------------------------------------------------------------


def describe_office_review(request: Request, office_review: OfficeReview) -> dict:
    office_review = OfficeReview.objects.select_related(
        "office", "period__draft", "submitted_by"
    ).get(pk=office_review.pk)
    workspace = _Workspace(office_review, selectors.office_review_for(request.user, office_review))
    return s.OfficeReviewSerializer(workspace, context={"request": request}).data


class _Workspace:
    """An office review with what its workspace shows the caller (comments, assignments, what
    they may do) in front of the model's own attributes."""

    def __init__(self, office_review: OfficeReview, shown: dict) -> None:
        self._office_review = office_review
        self.__dict__.update(shown)

    def __getattr__(self, name: str):
        return getattr(self._office_review, name)


@extend_schema_view(
    retrieve=extend_schema(
        summary="One office's part of a comment period: its reviewers, its comments (as the "
        "caller may see them), its position, and what the caller may do there",
        responses={200: s.OfficeReviewSerializer},
    )
)
class OfficeReviewViewSet(viewsets.GenericViewSet):
    queryset = OfficeReview.objects.none()
    serializer_class = s.OfficeReviewSerializer
    lookup_value_regex = ID

    def get_object(self) -> OfficeReview:
        return selectors.get_office_review_or_404(self.request.user, int(self.kwargs["pk"]))

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(describe_office_review(request, self.get_object()))

    @extend_schema(
        summary="The office's DPC assigns a reviewer of the office, with a due date",
        request=s.AssignSerializer,
        responses={201: s.AssignmentSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"], url_name="assign")
    def assignments(self, request: Request, pk: str) -> Response:
        office_review = self.get_object()
        data = _validated(s.AssignSerializer, request.data, request, office_review=office_review)
        with refusals():
            assignment = services.assign_reviewer(
                by=request.user, office_review=office_review, **data
            )
        return Response(s.AssignmentSerializer(assignment).data, status=201)

    @extend_schema(
        summary="Comment for the office (its DPC or an assigned reviewer); a bare question is "
        "refused with an explanation",
        request=s.CommentWriteSerializer,
        responses={201: s.CommentSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"], url_name="comment")
    def comments(self, request: Request, pk: str) -> Response:
        office_review = self.get_object()
        data = _validated(s.CommentWriteSerializer, request.data, request)
        with refusals():
            comment = services.add_comment(by=request.user, office_review=office_review, **data)
        return Response(s.CommentSerializer(comment).data, status=201)

    @extend_schema(
        summary="An assigned reviewer says their review is done",
        request=None,
        responses={200: s.AssignmentSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"], url_name="complete")
    def done(self, request: Request, pk: str) -> Response:
        office_review = self.get_object()
        assignment = office_review.assignments.filter(reviewer=request.user).first()
        if assignment is None:
            raise PermissionDenied("You are not assigned to review for this office.")
        with refusals():
            assignment = services.complete_assignment(by=request.user, assignment=assignment)
        return Response(s.AssignmentSerializer(assignment).data)

    @extend_schema(
        summary="The DPC submits the office's position: its consolidated comments, or "
        '"no comment"',
        request=s.PositionSerializer,
        responses={200: s.OfficeReviewSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def position(self, request: Request, pk: str) -> Response:
        office_review = self.get_object()
        data = _validated(s.PositionSerializer, request.data, request)
        with refusals():
            services.submit_position(
                by=request.user,
                office_review=office_review,
                no_comment=data["answer"] == "no_comment",
                note=data["note"],
            )
        return Response(describe_office_review(request, office_review))


# --- Comments -------------------------------------------------------------------------------


class CommentViewSet(viewsets.GenericViewSet):
    """Consolidating and answering comments. Comments are read where the pages show them: in
    their office's review (`/office-reviews/{id}/`) and in the matrix."""

    queryset = Comment.objects.none()
    serializer_class = s.CommentSerializer
    lookup_value_regex = ID

    def get_object(self) -> Comment:
        return selectors.get_comment_or_404(self.request.user, int(self.kwargs["pk"]))

    @extend_schema(
        summary="The DPC edits a comment while consolidating (only the fields sent change)",
        request=s.CommentEditSerializer,
        responses={200: s.CommentSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["patch"], url_path="edit", url_name="edit_comment")
    def edit(self, request: Request, pk: str) -> Response:
        comment = self.get_object()
        data = _validated(s.CommentEditSerializer, request.data, request, partial=True)
        with refusals():
            comment = services.edit_comment(by=request.user, comment=comment, **data)
        return Response(s.CommentSerializer(comment).data)

    @extend_schema(
        summary="The DPC drops a comment from the office's position (it is kept, marked)",
        request=s.NoteSerializer,
        responses={200: s.CommentSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"], url_name="drop_comment")
    def drop(self, request: Request, pk: str) -> Response:
        comment = self.get_object()
        data = _validated(s.NoteSerializer, request.data, request)
        with refusals():
            comment = services.drop_comment(by=request.user, comment=comment, reason=data["note"])
        return Response(s.CommentSerializer(comment).data)

    @extend_schema(
        summary="The DPC merges duplicate comments of the office into this one",
        request=s.MergeSerializer,
        responses={200: s.CommentSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"], url_name="merge_comment")
    def merge(self, request: Request, pk: str) -> Response:
        comment = self.get_object()
        data = _validated(s.MergeSerializer, request.data, request)
        duplicates = list(
            selectors.consolidation_candidates(request.user, comment).filter(
                pk__in=data["duplicates"]
            )
        )
        if len(duplicates) != len(set(data["duplicates"])):
            raise ValidationError(
                {"duplicates": "Name only comments of this office that are still in its position."}
            )
        with refusals():
            comment = services.merge_comments(by=request.user, keep=comment, duplicates=duplicates)
        return Response(s.CommentSerializer(comment).data)

    @extend_schema(
        summary="The OPI answers a submitted comment: accepted, accepted with modification, "
        "or not accepted",
        request=s.AnswerSerializer,
        responses={200: s.CommentSerializer, 409: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        comment = selectors.get_submitted_comment_or_404(request.user, int(pk))
        data = _validated(s.AnswerSerializer, request.data, request)
        with refusals():
            comment = services.answer_comment(by=request.user, comment=comment, **data)
        return Response(s.CommentSerializer(comment).data)


# --- My reviews -----------------------------------------------------------------------------


class MyReviewsView(APIView):
    """What waits for the caller in the review tools, soonest due first."""

    @extend_schema(
        summary="My reviews: assignments, office positions, decisions and drafts waiting for "
        "the caller",
        operation_id="my_reviews",
        responses={200: s.MyReviewsSerializer},
    )
    def get(self, request: Request) -> Response:
        # Nothing waits for an anonymous caller: the lists are empty, as on the drafts list.
        mine = selectors.my_reviews(request.user)
        return Response(s.MyReviewsSerializer(mine, context={"request": request}).data)


__all__ = [
    "CheckOutView",
    "CommentViewSet",
    "DraftViewSet",
    "MyReviewsView",
    "OfficeReviewViewSet",
    "PeriodViewSet",
]
