"""The library's records: documents, their files, and the vocabularies that classify them."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify


class Placement(models.TextChoices):
    DOCUMENTS = "documents", "The Documents section"
    REFERENCES = "references", "The References section"
    HEADER = "header", "Linked in the header, beside Archives"


class Library(models.Model):
    """A collection a document belongs to: Directives and Guidance, MOA/MOU, Delegations, …"""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="Markdown, shown above the list.")
    explanation = models.TextField(
        blank=True, help_text="Markdown, shown beside the list (for example, policy vs. guidance)."
    )
    placement = models.CharField(
        max_length=20,
        choices=Placement.choices,
        default=Placement.HEADER,
        help_text="Where readers find this library.",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "libraries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:library", args=[self.slug])


class Category(models.Model):
    """A program area documents are browsed by; categories nest."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:category", args=[self.slug])

    def ancestors(self) -> list["Category"]:
        chain: list[Category] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.insert(0, node)
            node = node.parent
        return chain


class Office(models.Model):
    """An organizational unit; the office of primary interest (OPI) owns a document."""

    name = models.CharField(max_length=200)
    abbreviation = models.CharField(max_length=30, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="office_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class DocumentType(models.Model):
    """Directive, Policy, Procedure, Guidance, …: a vocabulary staff extend in the admin."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Subject(models.Model):
    """A "filed under" keyword."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    CURRENT = "current", "Current"
    SUPERSEDED = "superseded", "Superseded"
    CANCELLED = "cancelled", "Cancelled"
    ARCHIVED = "archived", "Archived"


# Statuses a reader finds under Archives rather than among the documents in force.
ARCHIVED_STATUSES = (Status.SUPERSEDED, Status.CANCELLED, Status.ARCHIVED)


class Marking(models.TextChoices):
    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    RESTRICTED = "restricted", "Restricted"


def document_name(identifier: str, title: str) -> str:
    """How the library names a document wherever it names one: "RFC 6955: Diffie-Hellman …".

    Revisions often keep their title, so the title alone cannot tell them apart.
    """
    return f"{identifier}: {title}" if identifier != title else title


class Document(models.Model):
    """An official document (directive, guidance, manual, …) in one library."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="documents")
    identifier = models.CharField(max_length=200, help_text='For example "DROPPM Chapter 21".')
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Markdown, for documents that are pages.")
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name="type"
    )
    opi = models.ForeignKey(
        Office,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name="OPI",
        help_text="Office of primary interest.",
    )
    source = models.CharField(max_length=200, blank=True)
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_title = models.CharField(max_length=200, blank=True)
    # Changed only through policylib.library.lifecycle, which keeps the rules.
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_changed_on = models.DateField(null=True, blank=True)
    issued_on = models.DateField(null=True, blank=True, db_index=True, verbose_name="issued")
    effective_on = models.DateField(null=True, blank=True, verbose_name="effective")
    review_by = models.DateField(null=True, blank=True)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="documents")
    categories = models.ManyToManyField(Category, blank=True, related_name="documents")
    marking = models.CharField(
        max_length=20, choices=Marking.choices, default=Marking.PUBLIC, db_index=True
    )
    restricted_to = models.ManyToManyField(
        Group,
        blank=True,
        related_name="restricted_documents",
        help_text="For Restricted documents: the groups whose members may see it (e.g. LES).",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appendices",
        help_text="The chapter an appendix belongs to.",
    )
    supersedes = models.ManyToManyField(
        "self",
        through="Supersession",
        through_fields=("successor", "predecessor"),
        symmetrical=False,
        related_name="superseded_by",
        blank=True,
    )
    amends = models.ManyToManyField(
        "self",
        through="Amendment",
        through_fields=("amending", "amended"),
        symmetrical=False,
        related_name="amended_by",
        blank=True,
    )
    related = models.ManyToManyField("self", symmetrical=True, blank=True)
    # A revision is the next version of a document: a new record with the same identifier that
    # takes the previous version's place when issued (see lifecycle.issue_revision).
    version = models.PositiveIntegerField(
        default=1, help_text="1 for the first issue; each revision adds one."
    )
    revision_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
        help_text="The previous version, which this version revises.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "identifier", "version"],
                name="document_version_unique_in_library",
            ),
            # Versions form a line: each version is revised at most once.
            models.UniqueConstraint(fields=["revision_of"], name="one_revision_per_version"),
        ]
        indexes = [models.Index(fields=["status", "-issued_on"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:document", args=[self.pk, self.slug])

    @property
    def name(self) -> str:
        return document_name(self.identifier, self.title)

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80] or "document"

    @property
    def is_archived(self) -> bool:
        return self.status in ARCHIVED_STATUSES

    @property
    def signatory(self) -> str:
        return ", ".join(part for part in (self.signatory_name, self.signatory_title) if part)


class Supersession(models.Model):
    """`successor` replaces `predecessor` as of `on`."""

    predecessor = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="predecessor_links"
    )
    on = models.DateField(null=True, blank=True, help_text="When the supersession took effect.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="supersession_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="supersession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.successor} supersedes {self.predecessor}"


class Amendment(models.Model):
    """`amending` (a change notice) changes `amended` without replacing it."""

    amended = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="amending_links")
    amending = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="amended_links")
    on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["amended", "amending"], name="amendment_unique"),
            models.CheckConstraint(
                condition=~Q(amended=models.F("amending")), name="amendment_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amending} amends {self.amended}"


class FileRole(models.TextChoices):
    PRIMARY = "primary", "Primary file"
    ATTACHMENT = "attachment", "Attachment"
    # A primary file that a newer upload replaced: kept, never deleted, not listed to readers.
    REPLACED = "replaced", "Replaced file"


class DocumentFile(models.Model):
    """A stored file of a document. The bytes live in content-addressed storage (by SHA-256)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="files")
    role = models.CharField(max_length=20, choices=FileRole.choices, default=FileRole.PRIMARY)
    blob = models.CharField(max_length=200, help_text="Path of the bytes in file storage.")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    order = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "role", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(role="primary"),
                name="one_primary_file_per_document",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("library:file", args=[self.document_id, self.pk, self.original_name])

    @property
    def kind(self) -> str:
        """How a reader would name the format: "PDF document", "Word document", …"""
        from policylib.library.files import describe_content_type

        return describe_content_type(self.content_type)
