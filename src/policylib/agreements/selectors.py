"""Reads of the MOA/MOU Library that depend on who is asking. Each starts from
`visible_agreements`, so a reader never sees, nor counts, an agreement they may not open."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet

from policylib.accounts.access import visible_agreements, visible_documents
from policylib.agreements.models import (
    Agreement,
    AgreementFile,
    AgreementModification,
    AgreementStatus,
    Organization,
)
from policylib.agreements.status import status_filter, with_status
from policylib.library.models import Library

# Open-ended agreements (no expiration date) sort after every dated one, in both directions.
SORTS = {
    "expires": (F("expires_on").asc(nulls_last=True), "identifier"),
    "expires_last": (F("expires_on").desc(nulls_first=True), "identifier"),
    "identifier": ("identifier",),
    "title": ("title", "identifier"),
    "signed": ("-signed_on", "identifier"),
}
DEFAULT_SORT = "expires"
# What readers see unless they ask for more: the agreements that bind someone today.
IN_FORCE = "in_force"
IN_FORCE_STATUSES = (AgreementStatus.ACTIVE, AgreementStatus.EXPIRING)


@dataclass(frozen=True)
class AgreementFilters:
    text: str = ""
    status: str = ""  # an AgreementStatus value, IN_FORCE, or "" for every status
    party: str = ""  # an Organization slug
    agreement_type: str = ""  # an AgreementType slug
    sort: str = DEFAULT_SORT


def for_listing(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """What a list row shows, fetched in a fixed number of queries."""
    return agreements.select_related("agreement_type", "owner_office").prefetch_related(
        Prefetch("parties", queryset=Organization.objects.order_by("name"))
    )


def containing(agreements: QuerySet[Agreement], text: str) -> QuerySet[Agreement]:
    """The agreements whose identifier, title, purpose or a party's name contains every word
    of `text`. Each word is matched on its own, so two words may name two different parties."""
    for word in text.split():
        matches = Agreement.objects.filter(
            Q(identifier__icontains=word)
            | Q(title__icontains=word)
            | Q(purpose__icontains=word)
            | Q(parties__name__icontains=word)
            | Q(parties__abbreviation__iexact=word)
        )
        agreements = agreements.filter(pk__in=matches.values("pk"))
    return agreements


def filter_agreements(
    user, filters: AgreementFilters, *, today: datetime.date | None = None
) -> QuerySet[Agreement]:
    agreements = visible_agreements(user)
    agreements = containing(agreements, filters.text)
    if filters.status == IN_FORCE:
        agreements = agreements.filter(
            status_filter(AgreementStatus.ACTIVE, today=today)
            | status_filter(AgreementStatus.EXPIRING, today=today)
        )
    elif filters.status in AgreementStatus.values:
        agreements = agreements.filter(status_filter(filters.status, today=today))
    if filters.party:
        agreements = agreements.filter(
            pk__in=Agreement.objects.filter(parties__slug=filters.party).values("pk")
        )
    if filters.agreement_type:
        agreements = agreements.filter(agreement_type__slug=filters.agreement_type)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    return for_listing(with_status(agreements, today=today)).order_by(*order)


def expiring_soon(user, *, today: datetime.date | None = None) -> QuerySet[Agreement]:
    """Signed agreements that expire within the expiring-soon window, soonest first."""
    return filter_agreements(
        user, AgreementFilters(status=AgreementStatus.EXPIRING, sort="expires"), today=today
    )


def status_counts(user, *, today: datetime.date | None = None) -> list[tuple[str, str, int]]:
    """(status, label, how many) for every status the user can see at least one of."""
    counts = dict(
        with_status(visible_agreements(user), today=today)
        .values("current_status")
        .annotate(n=Count("pk"))
        .values_list("current_status", "n")
    )
    return [(s.value, s.label, counts[s.value]) for s in AgreementStatus if counts.get(s.value)]


def parties_with_counts(user) -> QuerySet[Organization]:
    """The parties to at least one agreement the user may see, each with `agreement_count`."""
    visible = visible_agreements(user).values("pk")
    return (
        Organization.objects.annotate(
            agreement_count=Count("agreements", filter=Q(agreements__in=visible), distinct=True)
        )
        .filter(agreement_count__gt=0)
        .order_by("name")
    )


@dataclass
class AgreementDetail:
    agreement: Agreement
    parties: list[Organization]
    files: list[AgreementFile]  # the agreement's own files
    modifications: list[AgreementModification]  # each with `.shown_files`, in order


def agreement_detail(agreement: Agreement) -> AgreementDetail:
    """Everything an agreement's page shows. The caller has checked that it may be seen."""
    stored = list(agreement.files.order_by("order", "id"))
    modifications = list(agreement.modifications.order_by("number"))
    for modification in modifications:
        modification.shown_files = [f for f in stored if f.modification_id == modification.pk]
    return AgreementDetail(
        agreement=agreement,
        parties=list(agreement.parties.order_by("name")),
        files=[f for f in stored if f.modification_id is None],
        modifications=modifications,
    )


def filed_library(user) -> Library | None:
    """The library of agreement documents (the "MOA/MOU Library" of documents), when it holds
    documents the user may see: the agreements page links to it."""
    library = Library.objects.filter(slug=settings.POLICYLIB_AGREEMENTS_LIBRARY).first()
    if library is None or not visible_documents(user).filter(library=library).exists():
        return None
    return library
