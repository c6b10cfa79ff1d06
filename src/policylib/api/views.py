"""The API's endpoints. Thin: validate, call the access module, a selector, a service or the
lifecycle, and describe the result."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from policylib import search
from policylib.accounts.access import (
    Action,
    get_document_or_404,
    visible_documents,
)
from policylib.api import serializers as s
from policylib.api.filters import DEFAULT_SORT, SORTS, DocumentFilter
from policylib.api.permissions import require, require_staff
from policylib.api.problems import (
    Conflict,
    PayloadTooLarge,
    ProblemSerializer,
    ServiceUnavailable,
)
from policylib.library import lifecycle, selectors, services
from policylib.library import views as library_views
from policylib.library.archives import ArchiveRefused
from policylib.library.files import FileTooLarge
from policylib.library.models import (
    Category,
    Document,
    DocumentType,
    Library,
    Office,
)

CONFLICT = OpenApiResponse(ProblemSerializer, description="The lifecycle rules refuse it.")


def _document_errors(exc: Exception) -> ValidationError:
    """A service's refusal as a 400 problem, with the service's own message."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            renamed = {"document_type": "type"}
            return ValidationError(
                {renamed.get(name, name): messages for name, messages in exc.message_dict.items()}
            )
        return ValidationError(exc.messages)
    return ValidationError(str(exc))


@extend_schema_view(
    list=extend_schema(summary="Documents the caller may see, filtered and paginated"),
    retrieve=extend_schema(summary="One document: its record, files and links"),
    create=extend_schema(
        summary="Add a document (a draft until issued)",
        request=s.DocumentWriteSerializer,
        responses={201: s.DocumentDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a document's record",
        request=s.DocumentWriteSerializer,
        responses={200: s.DocumentDetailSerializer},
    ),
)
class DocumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The library's documents. What a caller sees is decided by policylib.accounts.access."""

    serializer_class = s.DocumentSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = DocumentFilter
    lookup_value_regex = r"[0-9]{1,18}"
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        documents = visible_documents(self.request.user)
        return selectors.for_listing(documents).order_by(*SORTS[DEFAULT_SORT])

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.DocumentDetailSerializer
        return super().get_serializer_class()

    def get_object(self) -> Document:
        # Missing and not-allowed are the same 404, so nothing is learnt by guessing ids.
        return get_document_or_404(self.request.user, int(self.kwargs["pk"]))

    def _detail(self, document: Document, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self._describe(document), status=status_code)

    def _describe(self, document: Document) -> dict:
        document = (
            Document.objects.select_related("document_type", "library", "opi")
            .prefetch_related("subjects", "categories", "restricted_to")
            .get(pk=document.pk)
        )
        context = {
            **self.get_serializer_context(),
            "relations": selectors.document_relations(self.request.user, document),
        }
        return s.DocumentDetailSerializer(document, context=context).data

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return self._detail(self.get_object())

    def create(self, request: Request, *args, **kwargs) -> Response:
        require_staff(request.user)
        data = self._validated(s.DocumentWriteSerializer, request.data)
        try:
            document = services.create_document(by=request.user, **data)
        except (services.DocumentError, DjangoValidationError) as exc:
            raise _document_errors(exc) from exc
        response = self._detail(document, status.HTTP_201_CREATED)
        response["Location"] = reverse("api:document-detail", args=[document.pk])
        return response

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        document = self.get_object()
        require(request.user, Action.EDIT, document)
        data = self._validated(s.DocumentWriteSerializer, request.data, partial=True)
        try:
            services.update_document(document=document, by=request.user, **data)
        except (services.DocumentError, DjangoValidationError) as exc:
            raise _document_errors(exc) from exc
        return self._detail(document)

    def _validated(self, serializer_class, data, **kwargs) -> dict:
        serializer = serializer_class(data=data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    # --- Files --------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        summary="The document's files: the primary file and its attachments",
        responses={200: s.FileSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Upload a file: a new primary file (the old one is kept) or an attachment",
        request={"multipart/form-data": s.UploadSerializer},
        responses={
            201: s.FileSerializer,
            413: OpenApiResponse(ProblemSerializer, description="The file is too large."),
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="files",
        parser_classes=[MultiPartParser, FormParser],
        pagination_class=None,
        filter_backends=[],
    )
    def files(self, request: Request, pk: str) -> Response:
        document = self.get_object()
        if request.method == "GET":
            primary, attachments = selectors.current_files(document)
            shown = ([primary] if primary else []) + attachments
            context = self.get_serializer_context()
            return Response(s.FileSerializer(shown, many=True, context=context).data)
        require(request.user, Action.EDIT, document)
        data = self._validated(s.UploadSerializer, request.data)
        upload = data["file"]
        try:
            stored = services.attach_file(
                document=document,
                by=request.user,
                stream=upload,
                original_name=upload.name or "file",
                role=data["role"],
            )
        except FileTooLarge as exc:
            raise PayloadTooLarge(str(exc)) from exc
        except ArchiveRefused as exc:
            raise ValidationError({"file": [f"The file was refused: {exc}"]}) from exc
        context = self.get_serializer_context()
        return Response(s.FileSerializer(stored, context=context).data, status=201)

    @extend_schema(
        summary="Download a file (the same check and headers as the site's download link)",
        operation_id="documents_file_download",
        responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The bytes.")},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"files/(?P<file_id>[0-9]{1,18})",
        url_name="file",
        pagination_class=None,
        filter_backends=[],
    )
    def download(self, request: Request, pk: str, file_id: str):
        # The site's own download view: one place decides who may download and how a file is
        # served. DRF has put the API caller (token or session) on the underlying request.
        return library_views.document_file(request._request, int(pk), int(file_id), name="")

    def perform_content_negotiation(self, request, force=False):
        if self.action == "download":
            # The bytes are whatever the file is; errors are problem details.
            return (JSONRenderer(), JSONRenderer.media_type)
        return super().perform_content_negotiation(request, force)

    # --- Lifecycle ----------------------------------------------------------------------

    def _transition(self, request: Request, action_name: Action, serializer_class, run):
        document = self.get_object()
        require(request.user, action_name, document)
        data = self._validated(serializer_class, request.data)
        try:
            run(document, data)
        except lifecycle.LifecycleError as exc:
            raise Conflict(str(exc)) from exc
        return self._detail(document)

    @extend_schema(
        summary="Issue a draft: it becomes Current; what it supersedes becomes Superseded",
        request=s.IssueSerializer,
        responses={200: s.DocumentDetailSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str) -> Response:
        return self._transition(
            request,
            Action.ISSUE,
            s.IssueSerializer,
            lambda document, data: lifecycle.issue(
                document=document,
                by=request.user,
                issued_on=data.get("issued_on"),
                note=data.get("note", ""),
            ),
        )

    @extend_schema(
        summary="Record that this document supersedes another",
        request=s.SupersedeSerializer,
        responses={200: s.DocumentDetailSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def supersede(self, request: Request, pk: str) -> Response:
        return self._transition(
            request,
            Action.SUPERSEDE,
            s.SupersedeSerializer,
            lambda document, data: lifecycle.supersede(
                successor=document,
                predecessor=data["predecessor"],
                by=request.user,
                on=data.get("on"),
            ),
        )

    @extend_schema(
        summary="Cancel a document without a replacement (it moves to the Archives)",
        request=s.WithdrawSerializer,
        responses={200: s.DocumentDetailSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        return self._transition(
            request,
            Action.CANCEL,
            s.WithdrawSerializer,
            lambda document, data: lifecycle.cancel(
                document=document, by=request.user, note=data.get("note", ""), on=data.get("on")
            ),
        )

    @extend_schema(
        summary="Archive a document (it stays readable under Archives)",
        request=s.WithdrawSerializer,
        responses={200: s.DocumentDetailSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str) -> Response:
        return self._transition(
            request,
            Action.ARCHIVE,
            s.WithdrawSerializer,
            lambda document, data: lifecycle.archive(
                document=document, by=request.user, note=data.get("note", ""), on=data.get("on")
            ),
        )


# --- Search ---------------------------------------------------------------------------------


class SearchView(APIView):
    """Full-text search: the same index, ranking and access rules as the search pages."""

    @extend_schema(
        summary="Search the documents the caller may see",
        operation_id="search",
        parameters=[s.SearchParamsSerializer],
        responses={
            200: s.SearchResultsSerializer,
            503: OpenApiResponse(ProblemSerializer, description="The index is being built."),
        },
    )
    def get(self, request: Request) -> Response:
        params = s.SearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = _search_query(params.validated_data)
        if query.category == UNKNOWN_CATEGORY:
            results = search.SearchResults(page=query.page, per_page=query.per_page)
        else:
            try:
                results = search.search(query, request.user)
            except search.SearchError as exc:
                raise ServiceUnavailable(str(exc)) from exc
        return Response(_describe_results(request, results))


UNKNOWN_CATEGORY = 0  # no category has this id


def _search_query(data: dict) -> search.SearchQuery:
    category = (data.get("category") or "").strip()
    category_id = None
    if category:
        # isdigit() also takes "¹" and other digits int() refuses: ASCII digits only.
        plain = category.isascii() and category.isdecimal()
        lookup = {"pk": int(category)} if plain and len(category) < 18 else None
        found = Category.objects.filter(**(lookup or {"slug": category})).first()
        # An unknown category matches nothing rather than being ignored.
        category_id = found.pk if found else UNKNOWN_CATEGORY
    return search.SearchQuery(
        text=data.get("q", ""),
        # Like Advanced Search: every status unless a scope is chosen.
        scope=data.get("scope") or "all",
        sort=data["sort"],
        mode=data["mode"],
        identifier=data.get("identifier", ""),
        title=data.get("title", ""),
        subject=data.get("subject", ""),
        signatory=data.get("signatory", ""),
        document_type=data.get("type", ""),
        library=data.get("library", ""),
        status=data.get("status", ""),
        opi=data.get("opi"),
        category=category_id,
        year=data.get("year"),
        issued_from=data.get("issued_from"),
        issued_to=data.get("issued_to"),
        page=data["page"],
        per_page=data["page_size"],
    )


def _describe_results(request: Request, results: search.SearchResults) -> dict:
    # Each hit read again through the access rules: the index may lag a change of marking.
    ids = [hit.document_id for hit in results.hits]
    visible = set(visible_documents(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    hits = []
    for hit in results.hits:
        if hit.document_id not in visible:
            continue
        document = Document(pk=hit.document_id, title=hit.title)
        attachment = None
        if hit.file_id and hit.file_name:
            address = reverse("library:file", args=[hit.document_id, hit.file_id, hit.file_name])
            page = f"#page={hit.page}" if hit.page else ""
            attachment = {
                "name": hit.file_name,
                "url": request.build_absolute_uri(address) + page,
            }
        hits.append(
            {
                "id": hit.document_id,
                "identifier": hit.identifier,
                "title": hit.title,
                "status": hit.status,
                "summary": hit.summary,
                "percent": hit.percent,
                "snippet": str(hit.snippet),
                "page": hit.page,
                "attachment": attachment,
                "url": request.build_absolute_uri(document.get_absolute_url()),
                "api_url": request.build_absolute_uri(
                    reverse("api:document-detail", args=[hit.document_id])
                ),
            }
        )
    return {
        "count": results.total,
        "page": results.page,
        "pages": results.pages,
        "page_size": results.per_page,
        "approximate": results.approximate,
        "facets": {
            name: [{"value": f.value, "count": f.count} for f in counts]
            for name, counts in results.facets.items()
        },
        "results": hits,
    }


# --- Vocabularies ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The libraries"), retrieve=extend_schema(summary="A library")
)
class LibraryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Library.objects.all()
    serializer_class = s.LibrarySerializer
    lookup_field = "slug"


@extend_schema_view(
    list=extend_schema(summary="The categories (program areas); they nest through `parent`"),
    retrieve=extend_schema(summary="A category"),
)
class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.select_related("parent").order_by("order", "name", "id")
    serializer_class = s.CategorySerializer
    lookup_field = "slug"


@extend_schema_view(
    list=extend_schema(summary="The offices (OPIs)"), retrieve=extend_schema(summary="An office")
)
class OfficeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Office.objects.order_by("name", "id")
    serializer_class = s.OfficeSerializer
    lookup_value_regex = r"[0-9]{1,18}"


@extend_schema_view(
    list=extend_schema(summary="The subjects documents are filed under"),
    retrieve=extend_schema(summary="A subject"),
)
class SubjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Subjects are words taken from the documents (a secret title's word can be one), so a
    caller sees those filed on a document they may see; library staff see every subject."""

    serializer_class = s.SubjectSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.visible_subjects(self.request.user)


@extend_schema_view(
    list=extend_schema(summary="The document types"),
    retrieve=extend_schema(summary="A document type"),
)
class DocumentTypeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = DocumentType.objects.all()
    serializer_class = s.DocumentTypeSerializer
    lookup_field = "slug"


class NotFoundView(APIView):
    """Any other address under /api/: a 404 problem rather than an HTML page."""

    schema = None
    permission_classes: list = []

    def _not_found(self, request: Request, *args, **kwargs) -> Response:
        raise NotFound()

    get = post = put = patch = delete = head = options = _not_found
