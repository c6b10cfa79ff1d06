"""Who hears about what: readers' subscriptions, and the periodic review of documents."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from policylib.accounts.access import email_may_carry
from policylib.library.models import Category, Document, DocumentType, Office


class Topic(models.TextChoices):
    CATEGORY = "category", "A category"
    OFFICE = "office", "An office"
    DOCUMENT = "document", "A document"
    SEARCH = "search", "A saved search"


class Subscription(models.Model):
    """A reader asked for email when something they follow is issued, revised, superseded or
    cancelled."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    search_name = models.CharField(max_length=200, blank=True)
    search = models.JSONField(
        default=dict,
        blank=True,
        help_text="The saved search: text, type (slug), category (id), opi (id), library (slug).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "topic", "created_at"]
        constraints = [
            models.CheckConstraint(
                name="subscription_has_its_target",
                condition=(
                    Q(topic="category", category__isnull=False)
                    | Q(topic="office", office__isnull=False)
                    | Q(topic="document", document__isnull=False)
                    | Q(topic="search")
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(topic="category"),
                name="one_subscription_per_category",
            ),
            models.UniqueConstraint(
                fields=["user", "office"],
                condition=Q(topic="office"),
                name="one_subscription_per_office",
            ),
            models.UniqueConstraint(
                fields=["user", "document"],
                condition=Q(topic="document"),
                name="one_subscription_per_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.describe()}"

    def describe(self) -> str:
        """What is followed, as the subscriber reads it."""
        if self.topic == Topic.CATEGORY:
            return f"the category {self.category}"
        if self.topic == Topic.OFFICE:
            return f"documents of {self.office}"
        if self.topic == Topic.DOCUMENT:
            # Said in email and on the no-login unsubscribe page, where only what anyone may
            # read is named.
            if not email_may_carry(self.document):
                return "a document"
            return f"{self.document.identifier}"
        return f'the search "{self.search_name or self.search.get("text", "")}"'


class Notification(models.Model):
    """One email sent to one person about one event: so an event never mails twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=64, help_text='What happened, e.g. "audit:123".')
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_notification_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user} about {self.document_id} ({self.kind})"


# -- Periodic review ----------------------------------------------------------------------


class ReviewPeriod(models.Model):
    """How long after issue documents of a type are due for review."""

    document_type = models.OneToOneField(
        DocumentType, on_delete=models.CASCADE, related_name="review_period"
    )
    months = models.PositiveSmallIntegerField(help_text="Months between issue and review.")

    class Meta:
        ordering = ["document_type__name"]

    def __str__(self) -> str:
        return f"{self.document_type}: {self.months} months"


class ReviewBasis(models.TextChoices):
    SET = "set", "Set on the document"
    DEFAULT = "default", "Default for the type"


class ReviewSchedule(models.Model):
    """When a document in force is due for review (kept in step with the document)."""

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, related_name="review_schedule"
    )
    review_by = models.DateField(db_index=True)
    basis = models.CharField(max_length=10, choices=ReviewBasis.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review_by"]

    def __str__(self) -> str:
        return f"{self.document.identifier}: review by {self.review_by}"


class ReviewContact(models.Model):
    """An address that receives the review reminders of an office's documents."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="review_contacts")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField()

    class Meta:
        ordering = ["office__name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["office", "email"], name="review_contact_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office}: {self.email}"


class ReviewReminder(models.Model):
    """One review reminder: at most one per document, window and review-by date."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    review_by = models.DateField()
    window_days = models.IntegerField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.TextField(blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "review_by", "window_days"],
                name="review_reminder_once_per_window",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.window_days}-day review reminder"
