"""Drafting, review and comment (RevCom), and approval of directives before they are issued.

A `Draft` is a working copy: a new document, or the next version of a Current one. It lives
here, outside the library, until it is issued, so the version in force stays published and
unchanged meanwhile and nobody outside the review sees it. Issuing creates the library record
through `policylib.library.lifecycle`.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.urls import reverse

from policylib.library.models import (
    Category,
    Document,
    DocumentType,
    Library,
    Marking,
    Office,
    document_name,
)


class Role(models.TextChoices):
    AUTHOR = "author", "Author"
    OWNER = "owner", "Policy owner (OPI)"
    REVIEWER = "reviewer", "Reviewer"
    DPC = "dpc", "Directives point of contact (DPC)"
    SIGNATORY = "signatory", "Signatory"
    BOARD = "board", "Review board member"


# The roles that make someone part of the office of primary interest for a draft.
OPI_ROLES = (Role.AUTHOR, Role.OWNER)


class OfficeMembership(models.Model):
    """A person's role in an office. Roles are held per office: a DPC of one office is not a
    DPC of another."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_memberships"
    )
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Position title, printed under a signatory's name (for example, Director).",
    )

    class Meta:
        ordering = ["office__name", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office", "role"], name="one_membership_per_role_and_office"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.office}"


class DraftState(models.TextChoices):
    DRAFTING = "drafting", "Drafting"
    IN_REVIEW = "in_review", "In review: comment period open"
    RESOLVING = "resolving", "Resolving comments"
    CONCURRENCE = "concurrence", "With the review board for concurrence"
    APPROVAL = "approval", "With the signatory for approval"
    APPROVED = "approved", "Approved, ready to issue"
    ISSUED = "issued", "Issued"
    CANCELLED = "cancelled", "Check-out cancelled"


CLOSED_STATES = (DraftState.ISSUED, DraftState.CANCELLED)
# The authors may change the draft only while nobody is reviewing or deciding on it.
EDITABLE_STATES = (DraftState.DRAFTING, DraftState.RESOLVING)


class Draft(models.Model):
    """A working copy: the record and file of a document being drafted or revised."""

    revises = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_copies",
        help_text="The document in force this draft revises (empty for a new document).",
    )
    state = models.CharField(
        max_length=20, choices=DraftState.choices, default=DraftState.DRAFTING, db_index=True
    )
    # The record of the document to be issued.
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    identifier = models.CharField(max_length=200)
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Markdown, for documents that are pages.")
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="+", verbose_name="type"
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="drafts",
        verbose_name="OPI",
        help_text="Office of primary interest: its authors write the draft.",
    )
    source = models.CharField(max_length=200, blank=True)
    effective_on = models.DateField(null=True, blank=True, verbose_name="effective")
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.PUBLIC)
    restricted_to = models.ManyToManyField(Group, blank=True, related_name="+")
    categories = models.ManyToManyField(Category, blank=True, related_name="+")
    subjects = models.ManyToManyField("library.Subject", blank=True, related_name="+")
    supersedes = models.ManyToManyField(
        Document,
        blank=True,
        related_name="+",
        help_text="Other documents in force that this one replaces when issued.",
    )
    file = models.ForeignKey(
        "DraftFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who signs, chosen when the draft goes for concurrence.
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="draft"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            # The lock: one working copy at a time per document.
            models.UniqueConstraint(
                fields=["revises"],
                condition=~Q(state__in=["issued", "cancelled"]),
                name="one_working_copy_per_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (draft)"

    def get_absolute_url(self) -> str:
        return reverse("reviews:draft", args=[self.pk])

    @property
    def name(self) -> str:
        # A working copy often keeps the title of the version in force.
        return document_name(self.identifier, self.title)

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_STATES

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def version(self) -> int:
        """The version number the document will have once issued."""
        return self.revises.version + 1 if self.revises_id else 1


class DraftFile(models.Model):
    """A file uploaded to a draft; the bytes are in the library's content-addressed store."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    blob = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("reviews:file", args=[self.draft_id, self.pk, self.original_name])

    @property
    def kind(self) -> str:
        from policylib.library.files import describe_content_type

        return describe_content_type(self.content_type)


class DraftSave(models.Model):
    """One save of a draft, kept in its history: the record and file as saved, and why."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="history")
    number = models.PositiveIntegerField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    change_note = models.TextField()
    metadata = models.JSONField(default=dict)
    file = models.ForeignKey(
        DraftFile, null=True, blank=True, on_delete=models.PROTECT, related_name="saves"
    )

    class Meta:
        ordering = ["draft", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draft_save_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.draft.identifier}, save {self.number}"


class CommentPeriod(models.Model):
    """A period in which invited offices review a draft and send their comments."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="periods")
    reviewed_save = models.ForeignKey(
        DraftSave,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The draft as it was sent for review.",
    )
    starts_on = models.DateField()
    due_on = models.DateField()
    instructions = models.TextField(blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Empty when the period closed by itself after its due date.
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft"],
                condition=Q(closed_at__isnull=True),
                name="one_open_comment_period_per_draft",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("starts_on")), name="period_due_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Comment period on {self.draft.identifier}, due {self.due_on:%b %d, %Y}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:period", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class OfficeResponse(models.TextChoices):
    PENDING = "pending", "Awaiting response"
    COMMENTS = "comments", "Comments submitted"
    NO_COMMENT = "no_comment", "No comment"
    NO_RESPONSE = "no_response", "No response"


class OfficeReview(models.Model):
    """An office invited to a comment period, and the position its DPC submitted."""

    period = models.ForeignKey(CommentPeriod, on_delete=models.CASCADE, related_name="offices")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="reviews")
    response = models.CharField(
        max_length=20, choices=OfficeResponse.choices, default=OfficeResponse.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    position_note = models.TextField(blank=True)

    class Meta:
        ordering = ["period", "office__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "office"], name="office_invited_once")
        ]

    def __str__(self) -> str:
        return f"{self.office} on {self.period.draft.identifier}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:office_review", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.response == OfficeResponse.PENDING


class Assignment(models.Model):
    """A reviewer (a subject-matter expert) asked by their DPC to review the draft."""

    office_review = models.ForeignKey(
        OfficeReview, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    due_on = models.DateField()
    instructions = models.TextField(blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office_review", "reviewer"], name="reviewer_assigned_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} reviews for {self.office_review}"


class CommentCategory(models.TextChoices):
    SUBSTANTIVE = "substantive", "Substantive"
    EDITORIAL = "editorial", "Editorial/Suggested"


class Disposition(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    MODIFIED = "modified", "Accepted with modification"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class Comment(models.Model):
    """A reviewer's comment; once its office submits, part of the office's position."""

    office_review = models.ForeignKey(
        OfficeReview, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    section = models.CharField(max_length=200, blank=True)
    page = models.CharField(max_length=20, blank=True)
    line = models.CharField(max_length=20, blank=True)
    category = models.CharField(max_length=20, choices=CommentCategory.choices)
    text = models.TextField("comment")
    proposed_change = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The DPC's consolidation.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    dropped = models.BooleanField(default=False)
    drop_reason = models.TextField(blank=True)
    # Numbered within the period when the office submits its position.
    number = models.PositiveIntegerField(null=True, blank=True)
    # The OPI's answer.
    disposition = models.CharField(max_length=20, choices=Disposition.choices, blank=True)
    response = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["office_review", "id"]

    def __str__(self) -> str:
        label = f"Comment {self.number}" if self.number else "Comment"
        return f"{label} from {self.office_review.office}"

    @property
    def location(self) -> str:
        section = self.section
        if section and not section.casefold().startswith(("section", "§", "para", "appendix")):
            section = f"Section {section}"
        parts = [
            section,
            f"page {self.page}" if self.page else "",
            f"line {self.line}" if self.line else "",
        ]
        return ", ".join(part for part in parts if part)

    @property
    def is_consolidated_away(self) -> bool:
        return self.dropped or self.merged_into_id is not None

    @property
    def is_answered(self) -> bool:
        return bool(self.disposition)


class StepKind(models.TextChoices):
    CONCURRENCE = "concurrence", "Concurrence by the review board"
    APPROVAL = "approval", "Approval by the signatory"


class Decision(models.TextChoices):
    PENDING = "pending", "Waiting"
    CONCURRED = "concurred", "Concurred"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned with comments"


class ApprovalStep(models.Model):
    """One step toward issue: sent by whom and when, decided by whom and when, with notes."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The signatory, for an approval step.",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    send_note = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["draft", "sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.draft.identifier}"


class ReminderKind(models.TextChoices):
    ASSIGNMENT = "assignment", "Reviewer's assignment"
    POSITION = "position", "Office position (DPC)"


class DueReminder(models.Model):
    """A reminder that something in a comment period is due: at most one per person, item,
    due date and window. Recorded before its email is sent, so two runs cannot both send it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    # The Assignment (for a reviewer) or the OfficeReview (for a DPC) it is about.
    object_id = models.PositiveBigIntegerField()
    due_on = models.DateField()
    window_days = models.IntegerField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_id", "due_on", "window_days"],
                name="due_reminder_once_per_window",
            )
        ]

    def __str__(self) -> str:
        return f"{self.window_days}-day reminder to {self.recipient} ({self.get_kind_display()})"
