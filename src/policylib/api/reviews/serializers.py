"""What the RevCom endpoints read and write. Output serializers only describe; input
serializers only check the shape of a request. The rules are the review services'."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from policylib.accounts.access import visible_documents
from policylib.api.serializers import (
    CategoryRefSerializer,
    DocumentRefSerializer,
    NamedSerializer,
    OfficeRefSerializer,
)
from policylib.library.models import (
    Category,
    Document,
    DocumentType,
    Library,
    Marking,
    Office,
    Status,
    Subject,
)
from policylib.reviews import history, selectors, services
from policylib.reviews.models import CommentCategory, Disposition, Role

EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def _caller(serializer: serializers.Serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def _shown_ref(serializer: serializers.Serializer, document) -> dict | None:
    """A library document the draft points at, described only if the caller may see it."""
    shown = selectors.shown_document(_caller(serializer), document)
    return DocumentRefSerializer(shown).data if shown is not None else None


def _sensible_date(value: datetime.date | None) -> datetime.date | None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise serializers.ValidationError("Give a date between 1900 and 2999.")
    return value


class DateInput(serializers.DateField):
    """A date in a request: YYYY-MM-DD, within a range a review can use."""

    def __init__(self, **kwargs) -> None:
        super().__init__(validators=[_sensible_date], **kwargs)


def _text(max_length: int = 20_000, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


# --- People, files, history -------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    username = serializers.CharField(source="get_username")
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_username()


class DraftFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    kind = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField(help_text="The bytes, through the API.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, stored) -> str:
        path = reverse("api:draft-file", args=[stored.draft_id, stored.pk])
        return _absolute(self.context.get("request"), path)


class DraftSaveSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    saved_by = PersonSerializer(allow_null=True)
    saved_at = serializers.DateTimeField()
    change_note = serializers.CharField()
    file = DraftFileSerializer(allow_null=True)
    metadata = serializers.SerializerMethodField(
        help_text="The draft's record as saved; the documents it supersedes are those the "
        "caller may see, as they are now."
    )

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_metadata(self, save) -> dict:
        return history.shown_metadata(save, _caller(self))


# --- Drafts -------------------------------------------------------------------------------


class DraftSerializer(serializers.Serializer):
    """A draft as a list shows it."""

    id = serializers.IntegerField()
    identifier = serializers.CharField()
    title = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    version = serializers.IntegerField(help_text="The version number it will have once issued.")
    revises = serializers.SerializerMethodField(
        help_text="The document this draft revises, if the caller may see it."
    )
    opi = OfficeRefSerializer(source="office")
    marking = serializers.CharField()
    updated_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="The draft's page.")
    api_url = serializers.SerializerMethodField(help_text="This draft in the API.")

    @extend_schema_field(DocumentRefSerializer(allow_null=True))
    def get_revises(self, draft) -> dict | None:
        return _shown_ref(self, draft.revises)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, draft) -> str:
        return _absolute(self.context.get("request"), draft.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, draft) -> str:
        return _absolute(self.context.get("request"), reverse("api:draft-detail", args=[draft.pk]))


class PeriodRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_on = serializers.DateField()
    due_on = serializers.DateField()
    is_open = serializers.BooleanField()
    invited = serializers.IntegerField()
    answered = serializers.IntegerField()


class StepSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    assignee = PersonSerializer(allow_null=True)
    sent_by = PersonSerializer(allow_null=True)
    sent_at = serializers.DateTimeField()
    send_note = serializers.CharField()
    decision = serializers.CharField()
    decided_by = PersonSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()


class DraftDetailSerializer(DraftSerializer):
    """A draft as its page shows it, with what the caller may do to it now."""

    library = NamedSerializer()
    type = NamedSerializer(source="document_type")
    summary = serializers.CharField()
    body = serializers.CharField()
    source = serializers.CharField()
    effective_on = serializers.DateField(allow_null=True)
    categories = CategoryRefSerializer(many=True, source="categories.all")
    subjects = NamedSerializer(many=True, source="subjects.all")
    supersedes = serializers.SerializerMethodField(
        help_text="The other documents it supersedes that the caller may see."
    )
    file = DraftFileSerializer(allow_null=True)
    signatory = PersonSerializer(allow_null=True)
    created_by = PersonSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    issued_document = serializers.SerializerMethodField(
        help_text="The document it was issued as, if the caller may see it."
    )
    actions = serializers.ListField(
        source="api_actions",
        child=serializers.CharField(),
        help_text="What the caller may do now: edit, cancel, open_period, send, answer, "
        "concur, approve, issue.",
    )
    open_substantive = serializers.IntegerField(
        source="api_open_substantive",
        help_text="Substantive comments not answered yet; none may remain to send it on.",
    )
    periods = PeriodRefSerializer(many=True, source="api_periods")
    steps = StepSerializer(many=True, source="api_steps")

    @extend_schema_field(DocumentRefSerializer(many=True))
    def get_supersedes(self, draft) -> list[dict]:
        shown = selectors.shown_supersedes(_caller(self), draft)
        return DocumentRefSerializer(shown, many=True).data

    @extend_schema_field(DocumentRefSerializer(allow_null=True))
    def get_issued_document(self, draft) -> dict | None:
        return _shown_ref(self, draft.issued_document)


class DraftWriteSerializer(serializers.Serializer):
    """The record of a draft: every field is optional when saving; a new draft needs
    library, identifier, opi, title and type."""

    library = serializers.SlugRelatedField(
        slug_field="slug", queryset=Library.objects.all(), required=False
    )
    identifier = serializers.CharField(max_length=200, required=False)
    opi = serializers.PrimaryKeyRelatedField(
        queryset=Office.objects.all(), source="office", required=False
    )
    title = serializers.CharField(max_length=500, required=False)
    type = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=DocumentType.objects.all(),
        source="document_type",
        required=False,
    )
    summary = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    body = serializers.CharField(max_length=200_000, required=False, allow_blank=True)
    source = serializers.CharField(max_length=200, required=False, allow_blank=True)
    effective_on = DateInput(required=False, allow_null=True)
    marking = serializers.ChoiceField(choices=Marking.choices, required=False)
    restricted_to = serializers.SlugRelatedField(
        slug_field="name", queryset=Group.objects.all(), many=True, required=False
    )
    categories = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.all(), many=True, required=False
    )
    subjects = serializers.SlugRelatedField(
        slug_field="slug", queryset=Subject.objects.all(), many=True, required=False
    )
    supersedes = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.none(), many=True, required=False
    )
    file = serializers.FileField(
        required=False, help_text="The draft file (DOCX or PDF); its type is judged by content."
    )
    change_note = serializers.CharField(
        max_length=5000, required=False, help_text="Why; kept in the draft's history."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["supersedes"].child_relation.queryset = visible_documents(
                request.user
            ).filter(status=Status.CURRENT)

    def record(self) -> dict:
        data = dict(self.validated_data)
        data.pop("file", None)
        data.pop("change_note", None)
        return data


class CheckOutSerializer(serializers.Serializer):
    change_note = _text(5000, help_text="Why revise it (optional).")


class NoteSerializer(serializers.Serializer):
    note = _text(5000)


# --- Comment periods ----------------------------------------------------------------------


class PeriodOpenSerializer(serializers.Serializer):
    offices = serializers.PrimaryKeyRelatedField(
        queryset=Office.objects.all(), many=True, help_text="The ids of the offices invited."
    )
    starts_on = DateInput(required=False, help_text="Today by default.")
    due_on = DateInput(required=False, help_text="30 days after the start by default.")
    instructions = _text()


class OfficeReviewSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    office = OfficeRefSerializer()
    response = serializers.CharField()
    response_label = serializers.CharField(source="get_response_display")
    submitted_by = PersonSerializer(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    position_note = serializers.CharField()


class PeriodStatusSerializer(serializers.Serializer):
    """The status of a comment period: offices responded, comments open, days left."""

    id = serializers.IntegerField(source="period.pk")
    draft = serializers.IntegerField(source="period.draft_id")
    starts_on = serializers.DateField(source="period.starts_on")
    due_on = serializers.DateField(source="period.due_on")
    instructions = serializers.CharField(source="period.instructions")
    opened_by = PersonSerializer(source="period.opened_by", allow_null=True)
    opened_at = serializers.DateTimeField(source="period.opened_at")
    closed_at = serializers.DateTimeField(source="period.closed_at", allow_null=True)
    is_open = serializers.BooleanField(source="period.is_open")
    days_left = serializers.IntegerField(allow_null=True, help_text="None once closed.")
    days_left_text = serializers.CharField()
    invited = serializers.IntegerField()
    responded = serializers.IntegerField(help_text="Offices that sent comments or no comment.")
    comments = serializers.IntegerField()
    open_comments = serializers.IntegerField()
    open_substantive = serializers.IntegerField()
    offices = OfficeReviewSummarySerializer(many=True)


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(
        allow_null=True, help_text="Given when the office submits its position."
    )
    office = OfficeRefSerializer(source="office_review.office")
    office_review = serializers.IntegerField(source="office_review_id")
    author = PersonSerializer(allow_null=True)
    section = serializers.CharField()
    page = serializers.CharField()
    line = serializers.CharField()
    location = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField(source="get_category_display")
    text = serializers.CharField()
    proposed_change = serializers.CharField()
    rationale = serializers.CharField()
    created_at = serializers.DateTimeField()
    dropped = serializers.BooleanField()
    drop_reason = serializers.CharField()
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)
    disposition = serializers.CharField()
    disposition_label = serializers.CharField(source="get_disposition_display")
    response = serializers.CharField()
    answered_by = PersonSerializer(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)


class MatrixParamsSerializer(serializers.Serializer):
    by = serializers.ChoiceField(
        choices=["office", "section"], required=False, default="office", help_text="Grouping."
    )


class MatrixGroupSerializer(serializers.Serializer):
    heading = serializers.CharField()
    comments = CommentSerializer(many=True)


class MatrixSerializer(serializers.Serializer):
    """The comment resolution matrix: every submitted comment with its answer."""

    period = serializers.IntegerField(source="period.pk")
    order = serializers.CharField()
    groups = MatrixGroupSerializer(many=True)
    offices = OfficeReviewSummarySerializer(many=True)
    xlsx_url = serializers.SerializerMethodField()
    csv_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_xlsx_url(self, matrix) -> str:
        path = reverse("api:period-matrix-xlsx", args=[matrix.period.pk])
        return _absolute(self.context.get("request"), f"{path}?by={matrix.order}")

    @extend_schema_field(OpenApiTypes.URI)
    def get_csv_url(self, matrix) -> str:
        path = reverse("api:period-matrix-csv", args=[matrix.period.pk])
        return _absolute(self.context.get("request"), f"{path}?by={matrix.order}")


# --- One office's review ------------------------------------------------------------------


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reviewer = PersonSerializer()
    due_on = serializers.DateField()
    instructions = serializers.CharField()
    assigned_by = PersonSerializer(allow_null=True)
    assigned_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)


class OfficeReviewSerializer(OfficeReviewSummarySerializer):
    """One office's part of a comment period, as its workspace shows it to the caller."""

    period = serializers.IntegerField(source="period_id")
    draft = serializers.IntegerField(source="period.draft_id")
    due_on = serializers.DateField(source="period.due_on")
    assignments = AssignmentSerializer(many=True)
    comments = CommentSerializer(
        many=True,
        help_text="All the office's comments for its DPC; a reviewer sees their own until the "
        "position is submitted.",
    )
    may_assign = serializers.BooleanField()
    may_comment = serializers.BooleanField()
    may_consolidate = serializers.BooleanField()


class AssignSerializer(serializers.Serializer):
    reviewer = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.none(),
        help_text="The username of a reviewer of the office.",
    )
    due_on = DateInput(help_text="No later than the office's own due date.")
    instructions = _text()

    def __init__(self, *args, office_review=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if office_review is not None:
            self.fields["reviewer"].queryset = get_user_model().objects.filter(
                is_active=True,
                office_memberships__office=office_review.office,
                office_memberships__role=Role.REVIEWER,
            )


class CommentWriteSerializer(serializers.Serializer):
    section = _text(200, help_text="Where it applies: a section, page or line (at least one).")
    page = _text(20)
    line = _text(20)
    category = serializers.ChoiceField(choices=CommentCategory.choices)
    text = serializers.CharField(max_length=20_000, help_text="The comment.")
    proposed_change = _text()
    rationale = _text()

    def validate(self, attrs: dict) -> dict:
        text = attrs.get("text", "")
        if text and services.is_bare_question(text, attrs.get("proposed_change", "")):
            raise serializers.ValidationError({"text": services.BARE_QUESTION_MESSAGE})
        return attrs


class CommentEditSerializer(CommentWriteSerializer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if hasattr(field, "default"):
                field.default = serializers.empty

    def validate(self, attrs: dict) -> dict:
        # The whole comment is checked by the service once the changes are applied.
        return attrs


class MergeSerializer(serializers.Serializer):
    duplicates = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**53),
        min_length=1,
        max_length=500,
        help_text="The ids of the office's comments to merge into this one.",
    )


class PositionSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(
        choices=[("comments", "Submit the office's comments"), ("no_comment", "No comment")]
    )
    note = _text(5000)


class AnswerSerializer(serializers.Serializer):
    disposition = serializers.ChoiceField(choices=Disposition.choices)
    response = _text(help_text="Required unless accepted as it stands.")


# --- Approval and issue -------------------------------------------------------------------


class SendSerializer(serializers.Serializer):
    signatory = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model()
        .objects.filter(is_active=True, office_memberships__role=Role.SIGNATORY)
        .distinct(),
        help_text="The username of the signatory who will approve it.",
    )
    note = _text(5000)


class ConcurrenceSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("concur", "Concur"), ("return", "Return")])
    note = _text(5000, help_text="Required when returning the draft.")


class ApprovalSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", "Approve"), ("return", "Return")])
    note = _text(5000, help_text="Required when returning the draft.")


class IssueDraftSerializer(serializers.Serializer):
    issued_on = DateInput(required=False, allow_null=True, help_text="Today by default.")
    note = _text(2000)
    signed_file = serializers.FileField(
        required=False, help_text="The signed PDF to publish instead of the draft's file."
    )


# --- Redline between two saves ------------------------------------------------------------


class CompareParamsSerializer(serializers.Serializer):
    old = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text="A save number."
    )
    new = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text="A save number."
    )


class SegmentSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "insert", "delete"])
    text = serializers.CharField()


class RowSerializer(serializers.Serializer):
    skipped = serializers.IntegerField(help_text="Unchanged lines folded here (0 for a line).")
    segments = SegmentSerializer(many=True)


class TextRedlineSerializer(serializers.Serializer):
    identical = serializers.BooleanField()
    insertions = serializers.IntegerField()
    deletions = serializers.IntegerField()
    rows = RowSerializer(many=True)


class FieldChangeSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class SaveComparisonSerializer(serializers.Serializer):
    old = serializers.IntegerField(source="old.number")
    new = serializers.IntegerField(source="new.number")
    changed_fields = FieldChangeSerializer(many=True)
    text = TextRedlineSerializer()


# --- My reviews ---------------------------------------------------------------------------


class WaitingSerializer(serializers.Serializer):
    what = serializers.CharField()
    draft = DraftSerializer()
    due_on = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)
    overdue = serializers.BooleanField()
    detail = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, waiting) -> str:
        return _absolute(self.context.get("request"), waiting.url)


class MyDraftSerializer(DraftSerializer):
    open_substantive = serializers.IntegerField()


class MyReviewsSerializer(serializers.Serializer):
    assignments = WaitingSerializer(many=True, help_text="Drafts to review, as a reviewer.")
    office_positions = WaitingSerializer(many=True, help_text="Positions to submit, as a DPC.")
    decisions = WaitingSerializer(many=True, help_text="Concurrence or approval.")
    to_issue = WaitingSerializer(many=True, help_text="Approved drafts (library staff).")
    my_drafts = MyDraftSerializer(many=True, help_text="The drafts of the caller's offices.")
