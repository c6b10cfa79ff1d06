"""Agreements to read: parties, an owner office with a reminder address, and a maker."""

import datetime
import io

import pytest
from django.utils import timezone

from policylib.agreements import services
from policylib.agreements.models import AgreementType, OfficeContact, Organization


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def marshals(db) -> Organization:
    return Organization.objects.create(
        name="U.S. Marshals Service", abbreviation="USMS", slug="us-marshals-service"
    )


@pytest.fixture
def prisons(db) -> Organization:
    return Organization.objects.create(
        name="Federal Bureau of Prisons", abbreviation="BOP", slug="federal-bureau-of-prisons"
    )


@pytest.fixture
def office_contact(office) -> OfficeContact:
    return OfficeContact.objects.create(office=office, email="addrm.agreements@example.org")


@pytest.fixture
def make_agreement(office, marshals, today):
    """Create a signed agreement through the services; `expires_in` days from today."""
    counter = iter(range(1, 10_000))

    def make(
        title: str = "",
        *,
        expires_in: int | None = 365,
        signed: bool = True,
        parties=None,
        pdf: bytes | None = None,
        **fields,
    ):
        number = next(counter)
        fields.setdefault("identifier", f"MOA 26-{number:02d}")
        fields.setdefault("signed_on", datetime.date(2020, 1, 15))
        fields.setdefault("effective_on", fields["signed_on"])
        if expires_in is not None:
            fields.setdefault("expires_on", today + datetime.timedelta(days=expires_in))
        agreement = services.create_agreement(
            by=None,
            title=title or f"Agreement {number}",
            agreement_type=fields.pop("agreement_type", AgreementType.objects.get(slug="moa")),
            owner_office=fields.pop("owner_office", office),
            parties=parties or [marshals],
            **fields,
        )
        if signed:
            services.sign(agreement=agreement, by=None)
        if pdf is not None:
            services.attach_file(
                agreement=agreement, by=None, stream=io.BytesIO(pdf), original_name=f"{title}.pdf"
            )
        return agreement

    return make
