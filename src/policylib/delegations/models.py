"""The Delegations Library: who may exercise which authority, and where that authority comes from.

Authority is delegated from position to position, never to a person: a position keeps its
delegations when its holder changes. Every delegation derives either from a source — a library
document (a directive, a higher delegation memorandum) or a citation of a statute or
regulation — or from a parent delegation of the same authority that its delegating position
holds. Following parents up from any delegation reaches a source; that path is its chain.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from policylib.library.models import Document, Office


class Position(models.Model):
    """A position (an office held by one person at a time) that may hold authority."""

    title = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.PROTECT, related_name="positions"
    )
    holder_name = models.CharField(
        "current holder", max_length=200, blank=True, help_text="Empty while the post is vacant."
    )
    holder_acting = models.BooleanField(
        "acting", default=False, help_text="The holder is acting in the position."
    )
    holder_since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delegations:position", args=[self.slug])

    @property
    def holder(self) -> str:
        if not self.holder_name:
            return "Vacant"
        return f"{self.holder_name} (acting)" if self.holder_acting else self.holder_name


class Authority(models.Model):
    """A power that can be delegated, such as "grant or deny stays of removal"."""

    name = models.CharField(max_length=300, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("delegations:authority", args=[self.slug])


class Delegation(models.Model):
    """One link of a chain: `delegating_position` delegates `authority` to `delegated_to`."""

    identifier = models.CharField(
        max_length=100, blank=True, help_text='How the delegation is cited, e.g. "DRO 7030.2-1".'
    )
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="delegations")
    delegating_position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="delegations_made"
    )
    delegated_to = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        related_name="delegations_received",
        verbose_name="delegated to",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="redelegations",
        verbose_name="derived from delegation",
        help_text="The higher delegation this one re-delegates (leave empty for a source).",
    )
    source_document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
        help_text="The library document the authority comes from.",
    )
    source_citation = models.CharField(
        max_length=300,
        blank=True,
        help_text='A statute or regulation, e.g. "8 CFR 241.6(a)".',
    )
    limitations = models.TextField("limitations and conditions", blank=True)
    redelegation_permitted = models.BooleanField(
        default=False, help_text="May the position delegate this authority further?"
    )
    effective_on = models.DateField("effective")
    expires_on = models.DateField(
        "expires", null=True, blank=True, help_text="The last day it is in force, if it lapses."
    )
    rescinded_on = models.DateField("rescinded", null=True, blank=True)
    rescinded_by = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rescinded_delegations",
        help_text="The library document that rescinded it.",
    )
    rescission_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["authority", "effective_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(delegating_position=F("delegated_to")),
                name="delegation_not_to_itself",
            ),
            # A delegation derives from a parent delegation or from a source, not from both.
            models.CheckConstraint(
                condition=(
                    Q(parent__isnull=False, source_document__isnull=True, source_citation="")
                    | Q(parent__isnull=True, source_document__isnull=False)
                    | (Q(parent__isnull=True) & ~Q(source_citation=""))
                ),
                name="delegation_has_one_kind_of_source",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("effective_on")),
                name="delegation_expires_after_effective",
            ),
            models.CheckConstraint(
                condition=Q(rescinded_by__isnull=True) | Q(rescinded_on__isnull=False),
                name="delegation_rescinded_by_needs_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority}: {self.delegating_position} → {self.delegated_to}"

    def get_absolute_url(self) -> str:
        return reverse("delegations:delegation", args=[self.pk])

    @property
    def state(self):
        """In force, not yet in force, expired or rescinded, today (see `chains.state_of`)."""
        from django.utils import timezone

        from policylib.delegations.chains import state_of

        return state_of(self, timezone.localdate())
