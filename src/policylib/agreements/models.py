"""The MOA/MOU Library: agreements with other organizations, their modifications and files.

An agreement's stored `stage` says what people did to it (drafted, signed, terminated). What a
reader sees as its status — Active, Expiring soon, Expired — also depends on today's date, so it
is computed (`policylib.agreements.status`), never stored.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from policylib.library.models import Marking, Office


class AgreementType(models.Model):
    """MOA, MOU, Interagency Agreement, …: a vocabulary staff extend in the admin."""

    name = models.CharField(max_length=100, unique=True)
    abbreviation = models.CharField(max_length=20, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """A party to agreements: an agency, a component, a county, a company."""

    name = models.CharField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=30, blank=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def get_absolute_url(self) -> str:
        return reverse("agreements:party", args=[self.slug])


class Stage(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    TERMINATED = "terminated", "Terminated"


class AgreementStatus(models.TextChoices):
    """What a reader is told about an agreement today."""

    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    EXPIRING = "expiring", "Expiring soon"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


class Agreement(models.Model):
    """A memorandum of agreement or understanding, or any other agreement with other parties."""

    identifier = models.CharField(max_length=100, unique=True, help_text='For example "MOA 05-03".')
    title = models.CharField(max_length=500)
    agreement_type = models.ForeignKey(
        AgreementType, on_delete=models.PROTECT, related_name="agreements", verbose_name="type"
    )
    parties = models.ManyToManyField(
        Organization,
        related_name="agreements",
        help_text="The other organizations that are party to the agreement (one or more).",
    )
    purpose = models.TextField(blank=True)
    owner_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text="The office that owns the agreement and is reminded before it expires.",
    )
    contact_name = models.CharField("point of contact", max_length=200, blank=True)
    contact_email = models.EmailField("contact's email", blank=True)
    contact_phone = models.CharField("contact's phone", max_length=50, blank=True)
    # Changed only through policylib.agreements.services (sign, terminate).
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default=Stage.DRAFT, db_index=True
    )
    signed_on = models.DateField("signed", null=True, blank=True)
    effective_on = models.DateField("effective", null=True, blank=True)
    expires_on = models.DateField(
        "expires",
        null=True,
        blank=True,
        db_index=True,
        help_text="The last day the agreement is in force. Empty for an open-ended agreement.",
    )
    renewal_terms = models.TextField(blank=True)
    terminated_on = models.DateField("terminated", null=True, blank=True)
    termination_note = models.TextField(blank=True)
    marking = models.CharField(
        max_length=20, choices=Marking.choices, default=Marking.PUBLIC, db_index=True
    )
    restricted_to = models.ManyToManyField(
        Group,
        blank=True,
        related_name="restricted_agreements",
        help_text="For Restricted agreements: the groups whose members may see it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["identifier"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(expires_on__gte=F("effective_on")),
                name="agreement_expires_after_effective",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement", args=[self.pk])

    @property
    def status(self) -> AgreementStatus:
        """The status today (see `policylib.agreements.status`)."""
        from policylib.agreements.status import status_of

        return status_of(self)


class AgreementModification(models.Model):
    """A modification (amendment) of an agreement, kept in order with its own dates and files."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="modifications")
    number = models.PositiveIntegerField(help_text="1 for the first modification, and so on.")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    signed_on = models.DateField("signed", null=True, blank=True)
    effective_on = models.DateField("effective", null=True, blank=True)
    extends_to = models.DateField(
        null=True,
        blank=True,
        help_text="The new expiration date, when the modification extends the agreement.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreement_modification_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Modification {self.number}: {self.title}"


class AgreementFile(models.Model):
    """A stored file of an agreement or of one of its modifications (bytes in the blob store)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="files")
    modification = models.ForeignKey(
        AgreementModification,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
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
        ordering = ["agreement", "modification", "order", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("agreements:file", args=[self.agreement_id, self.pk, self.original_name])

    @property
    def kind(self) -> str:
        from policylib.library.files import describe_content_type

        return describe_content_type(self.content_type)


class OfficeContact(models.Model):
    """An address that receives the expiration reminders of an office's agreements."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="agreement_contacts")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["office", "email"]
        constraints = [
            models.UniqueConstraint(fields=["office", "email"], name="office_contact_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.office}: {self.email}"


class AgreementReminder(models.Model):
    """One expiration reminder: at most one per agreement, window and expiration date.

    The row is written before the email is sent, so two runs at once cannot both send it; a
    failed send removes it again, so the next run retries.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    window_days = models.PositiveIntegerField()
    expires_on = models.DateField(help_text="The expiration date the reminder was about.")
    recipients = models.TextField(blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "window_days", "expires_on"],
                name="agreement_reminder_once_per_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.identifier}: {self.window_days}-day reminder"
