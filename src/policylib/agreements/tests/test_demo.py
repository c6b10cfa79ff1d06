"""The demo agreements: realistic, some expiring soon, one expired, loaded once."""

from collections import Counter

import pytest
from django.contrib.auth.models import Group

from policylib.agreements import demo
from policylib.agreements.models import (
    Agreement,
    AgreementFile,
    AgreementModification,
    AgreementStatus,
)
from policylib.audit.models import AuditEntry
from policylib.library.models import Office

pytestmark = pytest.mark.django_db


class Loader:
    """The part of the demo loader the agreements demo uses."""

    def __init__(self) -> None:
        self.offices = {
            abbreviation: Office.objects.create(
                name=f"Office {abbreviation}", abbreviation=abbreviation
            )
            for abbreviation in ("ADDRM", "ADFO", "ADE", "ADIPC", "DIHS")
        }
        self.groups = {"LES": Group.objects.get_or_create(name="LES")[0]}
        self.counts: Counter[str] = Counter()

    def added(self, kind: str, created: bool = True) -> None:
        if created:
            self.counts[kind] += 1


def test_the_demo_has_agreements_in_every_status_and_loads_once():
    loader = Loader()
    demo.load(loader)
    statuses = Counter(agreement.status for agreement in Agreement.objects.all())
    assert statuses[AgreementStatus.EXPIRING] >= 2
    assert statuses[AgreementStatus.EXPIRED] == 1
    assert statuses[AgreementStatus.ACTIVE] >= 2
    assert statuses[AgreementStatus.DRAFT] == 1
    assert statuses[AgreementStatus.TERMINATED] == 1
    assert Agreement.objects.filter(parties__isnull=False).distinct().count() == (
        Agreement.objects.count()
    )
    assert any(agreement.parties.count() > 1 for agreement in Agreement.objects.all())
    assert Agreement.objects.get(identifier="MOA 05-03").modifications.count() == 3
    assert all(agreement.files.exists() for agreement in Agreement.objects.all())
    assert loader.counts["agreements"] == Agreement.objects.count()

    before = (
        Agreement.objects.count(),
        AgreementModification.objects.count(),
        AgreementFile.objects.count(),
        AuditEntry.objects.count(),
    )
    again = Loader.__new__(Loader)
    again.offices, again.groups, again.counts = loader.offices, loader.groups, Counter()
    demo.load(again)
    assert not again.counts
    assert before == (
        Agreement.objects.count(),
        AgreementModification.objects.count(),
        AgreementFile.objects.count(),
        AuditEntry.objects.count(),
    )
