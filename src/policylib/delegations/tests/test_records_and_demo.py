"""Delegations as searchable records, and the demo tree."""

import datetime
from collections import Counter

import pytest

from policylib.audit.models import AuditEntry
from policylib.delegations import demo, selectors
from policylib.delegations.chains import FlagKind
from policylib.delegations.models import Authority, Delegation, Position
from policylib.delegations.records import searchable_records
from policylib.library.models import Office

pytestmark = pytest.mark.django_db


def test_searchable_records_carry_text_scope_and_broken_chains(delegate, today):
    director_fod = delegate(
        "director", "fod", redelegation_permitted=True, limitations="In Chicago."
    )
    fod_dfod = delegate("fod", "dfod", parent=director_fod)
    dfod_sddo = delegate("dfod", "sddo", parent=fod_dfod)
    old = delegate("director", "fod_la", expires_on=today - datetime.timedelta(days=1))
    records = {record.key: record for record in searchable_records(today=today)}
    first = records[f"delegation:{director_fod.pk}"]
    assert first.title == (
        "Grant or deny stays of removal: Director, Detention and Removal to "
        "Field Office Director, Chicago"
    )
    assert "In Chicago." in first.text
    assert "8 CFR 241.6(a)" in first.text
    assert (first.scope, first.state, first.broken_chain) == ("active", "in force", False)
    assert records[f"delegation:{dfod_sddo.pk}"].broken_chain
    assert records[f"delegation:{dfod_sddo.pk}"].holder == "Marcus D. Bell"
    assert records[f"delegation:{old.pk}"].scope == "archived"
    only = list(searchable_records(Delegation.objects.filter(pk=dfod_sddo.pk), today=today))
    assert [record.broken_chain for record in only] == [True]


class Loader:
    """The part of the demo loader the delegations demo uses."""

    def __init__(self, documents) -> None:
        self.offices = {"ADFO": Office.objects.create(name="Field Operations", abbreviation="ADFO")}
        self.documents = documents
        self.counts: Counter[str] = Counter()

    def added(self, kind: str, created: bool = True) -> None:
        if created:
            self.counts[kind] += 1


def test_the_demo_tree_is_deep_has_one_broken_link_and_loads_once(make_document, today):
    documents = {
        "delegation-bonds": make_document("Delegation of Authority to Release Aliens on Bond"),
        "nfop-delegation": make_document("Delegation of Authority: NFOP Operational Plans"),
    }
    loader = Loader(documents)
    demo.load(loader)
    stays = Authority.objects.get(slug=demo.STAYS)
    view = selectors.authority_view(None, stays, today=today)
    deepest = max(node.depth for root in view.forest for node in root.walk())
    assert deepest >= 3
    report = selectors.report(None, today=today)
    assert report.total == 1
    [row] = report.rows[FlagKind.FORBIDDEN_REDELEGATION]
    assert row.node.delegation.delegated_to.slug == "sddo-chicago"
    assert Delegation.objects.filter(source_document__isnull=False).exists()
    assert Position.objects.filter(holder_name="").exists()  # a vacancy
    assert loader.counts["delegations"] == Delegation.objects.count()

    before = (Position.objects.count(), Delegation.objects.count(), AuditEntry.objects.count())
    again = Loader.__new__(Loader)
    again.offices, again.documents, again.counts = loader.offices, documents, Counter()
    demo.load(again)
    assert not again.counts
    assert before == (
        Position.objects.count(),
        Delegation.objects.count(),
        AuditEntry.objects.count(),
    )
