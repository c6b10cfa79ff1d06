"""What the API reads and writes. Output serializers only describe; input serializers only
validate. Rules live in the services, the lifecycle and the access module."""

from django.contrib.auth.models import Group
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from policylib.accounts.access import marking_label, visible_documents
from policylib.library.models import (
    Category,
    Document,
    DocumentFile,
    DocumentType,
    FileRole,
    Library,
    Marking,
    Office,
    Status,
    Subject,
)
from policylib.search import MODES, SCOPES, SORTS

# --- Vocabularies ---------------------------------------------------------------------------


class LibrarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Library
        fields = ["slug", "name", "description", "placement"]


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Category
        fields = ["id", "slug", "name", "description", "parent"]


class OfficeSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Office
        fields = ["id", "name", "abbreviation", "parent"]


class SubjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subject
        fields = ["slug", "name"]


class DocumentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentType
        fields = ["slug", "name"]


class NamedSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class OfficeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    abbreviation = serializers.CharField()


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


# --- Documents ------------------------------------------------------------------------------


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class DocumentSerializer(serializers.ModelSerializer):
    """A document as a list shows it."""

    type = NamedSerializer(source="document_type")
    library = NamedSerializer()
    opi = OfficeRefSerializer(allow_null=True)
    url = serializers.SerializerMethodField(help_text="The document's page.")
    api_url = serializers.SerializerMethodField(help_text="This document in the API.")

    class Meta:
        model = Document
        fields = [
            "id",
            "identifier",
            "title",
            "summary",
            "type",
            "library",
            "opi",
            "status",
            "issued_on",
            "effective_on",
            "marking",
            "url",
            "api_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document: Document) -> str:
        return _absolute(self.context.get("request"), document.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, document: Document) -> str:
        return _absolute(
            self.context.get("request"), reverse("api:document-detail", args=[document.pk])
        )


class FileSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    kind = serializers.CharField(help_text='How a reader would name the format: "PDF document".')
    download_url = serializers.SerializerMethodField(
        help_text="The bytes, through the API (an API token works here)."
    )
    page_url = serializers.SerializerMethodField(help_text="The bytes, through the site.")

    class Meta:
        model = DocumentFile
        fields = [
            "id",
            "role",
            "name",
            "content_type",
            "kind",
            "size",
            "sha256",
            "uploaded_at",
            "download_url",
            "page_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, stored: DocumentFile) -> str:
        path = reverse("api:document-file", args=[stored.document_id, stored.pk])
        return _absolute(self.context.get("request"), path)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, stored: DocumentFile) -> str:
        return _absolute(self.context.get("request"), stored.get_absolute_url())


class LinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="document.pk")
    identifier = serializers.CharField(source="document.identifier")
    title = serializers.CharField(source="document.title")
    name = serializers.CharField(
        source="document.name", help_text='Identifier and title: "RFC 6955: Diffie-Hellman …".'
    )
    status = serializers.CharField(source="document.status")
    on = serializers.DateField(allow_null=True, help_text="When the link took effect.")


class DocumentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    identifier = serializers.CharField()
    title = serializers.CharField()
    name = serializers.CharField(help_text='Identifier and title: "RFC 6955: Diffie-Hellman …".')
    status = serializers.CharField()


class RelationsSerializer(serializers.Serializer):
    """Links to other documents; only those the caller may see are listed."""

    supersedes = LinkSerializer(many=True)
    superseded_by = LinkSerializer(many=True)
    amends = LinkSerializer(many=True)
    amended_by = LinkSerializer(many=True)
    related = DocumentRefSerializer(many=True)
    appendices = DocumentRefSerializer(many=True)
    parent = DocumentRefSerializer(allow_null=True)


class DocumentDetailSerializer(DocumentSerializer):
    """A document as its page shows it: the record, files and links the caller may see."""

    marking_label = serializers.SerializerMethodField()
    subjects = NamedSerializer(many=True)
    categories = CategoryRefSerializer(many=True)
    files = serializers.SerializerMethodField()
    relations = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        fields = [
            *DocumentSerializer.Meta.fields,
            "body",
            "source",
            "signatory_name",
            "signatory_title",
            "status_changed_on",
            "review_by",
            "marking_label",
            "subjects",
            "categories",
            "files",
            "relations",
            "created_at",
            "updated_at",
        ]

    def get_marking_label(self, document: Document) -> str:
        return marking_label(document)

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, document: Document):
        shown = document.files.exclude(role=FileRole.REPLACED)
        return FileSerializer(shown, many=True, context=self.context).data

    @extend_schema_field(RelationsSerializer)
    def get_relations(self, document: Document):
        return RelationsSerializer(self.context["relations"]).data


# --- Writes ---------------------------------------------------------------------------------


class DocumentWriteSerializer(serializers.Serializer):
    """A new document (a draft until issued), or the fields of one to change."""

    library = serializers.SlugRelatedField(slug_field="slug", queryset=Library.objects.all())
    identifier = serializers.CharField(max_length=200)
    title = serializers.CharField(max_length=500)
    type = serializers.SlugRelatedField(
        slug_field="slug", queryset=DocumentType.objects.all(), source="document_type"
    )
    summary = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    body = serializers.CharField(required=False, allow_blank=True, max_length=200_000)
    opi = serializers.PrimaryKeyRelatedField(
        queryset=Office.objects.all(), required=False, allow_null=True
    )
    source = serializers.CharField(required=False, allow_blank=True, max_length=200)
    signatory_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    signatory_title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    issued_on = serializers.DateField(required=False, allow_null=True)
    effective_on = serializers.DateField(required=False, allow_null=True)
    review_by = serializers.DateField(required=False, allow_null=True)
    marking = serializers.ChoiceField(choices=Marking.choices, required=False)
    restricted_to = serializers.SlugRelatedField(
        slug_field="name",
        queryset=Group.objects.all(),
        many=True,
        required=False,
        help_text="For Restricted documents: the names of the groups that may see it.",
    )
    subjects = serializers.SlugRelatedField(
        slug_field="slug", queryset=Subject.objects.all(), many=True, required=False
    )
    categories = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.all(), many=True, required=False
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(),
        required=False,
        allow_null=True,
        help_text="For an appendix: the id of the chapter it belongs to.",
    )
    related = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), many=True, required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Documents are named by id; only those the caller may see can be named.
        request = self.context.get("request")
        if request is not None:
            visible = visible_documents(request.user)
            self.fields["parent"].queryset = visible
            self.fields["related"].child_relation.queryset = visible

    def validate(self, attrs: dict) -> dict:
        # A field the API does not know is an error, not silently dropped.
        if isinstance(self.initial_data, dict):
            unknown = sorted(set(self.initial_data) - set(self.fields))
            if "status" in unknown:
                raise serializers.ValidationError(
                    {"status": "Status changes go through issue, supersede, cancel or archive."}
                )
            if unknown:
                raise serializers.ValidationError(
                    dict.fromkeys(unknown, "This field does not exist.")
                )
        return attrs


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The file; its type is judged from its content.")
    role = serializers.ChoiceField(
        choices=[(FileRole.PRIMARY, "primary"), (FileRole.ATTACHMENT, "attachment")],
        default=FileRole.PRIMARY,
        help_text="primary replaces the document's file (the old one is kept); attachment adds.",
    )


class IssueSerializer(serializers.Serializer):
    issued_on = serializers.DateField(
        required=False, allow_null=True, help_text="Defaults to the recorded date, or today."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SupersedeSerializer(serializers.Serializer):
    predecessor = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), help_text="The id of the document this one replaces."
    )
    on = serializers.DateField(
        required=False, allow_null=True, help_text="When the supersession takes effect."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["predecessor"].queryset = visible_documents(request.user)


class WithdrawSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    on = serializers.DateField(required=False, allow_null=True, help_text="Defaults to today.")


# --- Search ---------------------------------------------------------------------------------


class SearchParamsSerializer(serializers.Serializer):
    """The query string of /api/v1/search/: the same fields as Advanced Search."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=500)
    scope = serializers.ChoiceField(
        choices=SCOPES, required=False, help_text="active (the default), archived or all."
    )
    sort = serializers.ChoiceField(choices=SORTS, required=False, default="relevance")
    mode = serializers.ChoiceField(
        choices=MODES,
        required=False,
        default="hybrid",
        help_text="How q is matched: its words and meaning (hybrid, the default), its words "
        "only (keyword), or its meaning only (semantic).",
    )
    identifier = serializers.CharField(required=False, allow_blank=True, max_length=200)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    type = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="A document type's slug."
    )
    opi = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    category = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="A category's id or slug."
    )
    library = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="A library's slug."
    )
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    subject = serializers.CharField(required=False, allow_blank=True, max_length=200)
    signatory = serializers.CharField(required=False, allow_blank=True, max_length=200)
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999)
    issued_from = serializers.DateField(required=False)
    issued_to = serializers.DateField(required=False)
    page = serializers.IntegerField(required=False, min_value=1, max_value=500, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)


class SearchAttachmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField(help_text="The file, opened at the snippet's page.")


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="document_id")
    identifier = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    summary = serializers.CharField()
    percent = serializers.IntegerField(help_text="Relevance as a share of the best hit.")
    snippet = serializers.CharField(
        help_text="A passage with the matches in <mark>; HTML, everything else escaped."
    )
    page = serializers.IntegerField(
        allow_null=True, help_text="The page of the file the snippet comes from."
    )
    attachment = SearchAttachmentSerializer(
        allow_null=True, help_text="The attachment the snippet comes from, if not the main file."
    )
    url = serializers.URLField()
    api_url = serializers.URLField()


class FacetSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    type = FacetSerializer(many=True, required=False)
    status = FacetSerializer(many=True, required=False)
    year = FacetSerializer(many=True, required=False)
    category = FacetSerializer(many=True, required=False)


class SearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Matching documents the caller may see.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    approximate = serializers.BooleanField(
        help_text="No exact match: these results allow for spelling mistakes."
    )
    facets = FacetsSerializer()
    results = SearchHitSerializer(many=True)
