"""The demo Delegations Library, loaded by `policylib demo` through the delegations' services.

Three authorities, traced from their sources down to the field: the stays-of-removal tree is
five levels deep and holds the one broken link of the demo (a Deputy Field Office Director
re-delegated an authority the Field Office Director's delegation said may not be re-delegated);
the other chains are sound, with some history (an expired acting delegation, a rescinded one).
Records are found by their natural keys and created only when missing, so loading twice changes
nothing.
"""

import datetime
from dataclasses import dataclass
from typing import Protocol

from policylib.delegations import services
from policylib.delegations.models import Authority, Delegation, Position
from policylib.library.models import Document, Office

D = datetime.date


class DemoLoader(Protocol):
    """What the delegations demo needs from the demo loader."""

    offices: dict[str, Office]  # by abbreviation
    documents: dict[str, Document]  # by the demo plan's document key

    def added(self, kind: str, created: bool = True) -> None: ...


@dataclass(frozen=True)
class PositionSpec:
    slug: str
    title: str
    holder: str = ""
    since: datetime.date | None = None
    acting: bool = False
    office: str = ""  # an office abbreviation


POSITIONS = (
    PositionSpec(
        "secretary", "Secretary of Homeland Security", "Eleanor M. Whitaker", D(2025, 1, 27)
    ),
    PositionSpec(
        "ice-assistant-secretary",
        "Assistant Secretary for U.S. Immigration and Customs Enforcement",
        "Thomas R. Delgado",
        D(2024, 6, 3),
    ),
    PositionSpec(
        "dro-director",
        "Director, Office of Detention and Removal Operations",
        "John P. Torres",
        D(2006, 4, 10),
    ),
    PositionSpec(
        "ad-field-operations",
        "Assistant Director for Field Operations",
        "Raymond T. Okafor",
        D(2019, 2, 4),
        office="ADFO",
    ),
    PositionSpec(
        "fod-chicago",
        "Field Office Director, Chicago",
        "Patricia M. Hale",
        D(2021, 8, 16),
        office="ADFO",
    ),
    PositionSpec(
        "fod-los-angeles",
        "Field Office Director, Los Angeles",
        "Victor A. Ramos",
        D(2026, 7, 1),
        acting=True,
        office="ADFO",
    ),
    PositionSpec(
        "dfod-chicago",
        "Deputy Field Office Director, Chicago",
        "Samuel K. Osei",
        D(2022, 3, 7),
        office="ADFO",
    ),
    PositionSpec(
        "afod-chicago",
        "Assistant Field Office Director, Chicago",
        "Linda J. Park",
        D(2023, 10, 2),
        office="ADFO",
    ),
    PositionSpec("afod-los-angeles", "Assistant Field Office Director, Los Angeles", office="ADFO"),
    PositionSpec(
        "sddo-chicago",
        "Supervisory Detention and Deportation Officer, Chicago",
        "Marcus D. Bell",
        D(2020, 5, 18),
        office="ADFO",
    ),
)

STAYS = "grant-or-deny-stays-of-removal"
BONDS = "set-bonds-and-grant-conditional-parole"
FUGITIVE_PLANS = "approve-fugitive-operations-plans"

AUTHORITIES = (
    (
        STAYS,
        "Grant or deny administrative stays of removal",
        "Decide requests for a stay of the removal of an alien under a final order, under "
        "8 CFR 241.6(a).",
    ),
    (
        BONDS,
        "Set bonds and grant conditional parole",
        "Release aliens in custody on bond or conditional parole, and set or change the amount "
        "of the bond, under INA section 236 and 8 CFR 236.1.",
    ),
    (
        FUGITIVE_PLANS,
        "Approve fugitive operations plans",
        "Approve the operational plans of Fugitive Operations Teams before an operation.",
    ),
)


@dataclass(frozen=True)
class DelegationSpec:
    key: str
    authority: str
    by: str  # position slug
    to: str  # position slug
    effective_on: datetime.date
    parent: str = ""  # key of the delegation it derives from
    document: str = ""  # demo plan key of the source document
    citation: str = ""
    identifier: str = ""
    limitations: str = ""
    redelegation: bool = False
    expires_on: datetime.date | None = None
    rescinded_on: datetime.date | None = None
    rescission_note: str = ""


DELEGATIONS = (
    # Stays of removal: Secretary → Assistant Secretary → Director → Field Office Directors
    # → Deputy Field Office Director → (broken) Supervisory Detention and Deportation Officer.
    DelegationSpec(
        "stays-secretary",
        STAYS,
        "secretary",
        "ice-assistant-secretary",
        D(2004, 3, 1),
        citation="6 U.S.C. 112(b)(1); DHS Delegation No. 7030.2",
        identifier="DHS Delegation 7030.2",
        redelegation=True,
    ),
    DelegationSpec(
        "stays-director",
        STAYS,
        "ice-assistant-secretary",
        "dro-director",
        D(2004, 4, 15),
        parent="stays-secretary",
        redelegation=True,
        limitations="May be re-delegated to Field Office Directors and their deputies only.",
    ),
    DelegationSpec(
        "stays-fod-chicago",
        STAYS,
        "dro-director",
        "fod-chicago",
        D(2004, 6, 21),
        parent="stays-director",
        identifier="Delegation 7030.2-1",
        redelegation=True,
        limitations="Within the area of responsibility of the field office. May be re-delegated "
        "to the Deputy Field Office Director only.",
    ),
    DelegationSpec(
        "stays-fod-los-angeles",
        STAYS,
        "dro-director",
        "fod-los-angeles",
        D(2004, 6, 21),
        parent="stays-director",
        identifier="Delegation 7030.2-1",
        redelegation=True,
        limitations="Within the area of responsibility of the field office.",
    ),
    DelegationSpec(
        "stays-dfod-chicago",
        STAYS,
        "fod-chicago",
        "dfod-chicago",
        D(2022, 3, 7),
        parent="stays-fod-chicago",
        limitations="Only in the absence of the Field Office Director. Not to be re-delegated.",
    ),
    DelegationSpec(
        "stays-sddo-chicago",
        STAYS,
        "dfod-chicago",
        "sddo-chicago",
        D(2024, 2, 12),
        parent="stays-dfod-chicago",
        limitations="Stays of up to 30 days for detainees in the Broadview processing center.",
    ),
    DelegationSpec(
        "stays-afod-los-angeles",
        STAYS,
        "fod-los-angeles",
        "afod-los-angeles",
        D(2007, 5, 1),
        parent="stays-fod-los-angeles",
        expires_on=D(2007, 10, 31),
        limitations="While the Field Office Director is on detail to headquarters.",
    ),
    # Bonds: from the Director's delegation memorandum in the Delegations Library.
    DelegationSpec(
        "bonds-fod-chicago",
        BONDS,
        "dro-director",
        "fod-chicago",
        D(2004, 6, 21),
        document="delegation-bonds",
        citation="INA section 236; 8 CFR 236.1",
        identifier="Delegation 7030.2-2",
        redelegation=True,
        limitations="May be re-delegated to Assistant Field Office Directors.",
    ),
    DelegationSpec(
        "bonds-fod-los-angeles",
        BONDS,
        "dro-director",
        "fod-los-angeles",
        D(2004, 6, 21),
        document="delegation-bonds",
        citation="INA section 236; 8 CFR 236.1",
        identifier="Delegation 7030.2-2",
        redelegation=True,
        limitations="May be re-delegated to Assistant Field Office Directors.",
    ),
    DelegationSpec(
        "bonds-afod-chicago",
        BONDS,
        "fod-chicago",
        "afod-chicago",
        D(2023, 10, 2),
        parent="bonds-fod-chicago",
        limitations="Bonds of up to $25,000.",
    ),
    DelegationSpec(
        "bonds-afod-los-angeles",
        BONDS,
        "fod-los-angeles",
        "afod-los-angeles",
        D(2015, 3, 2),
        parent="bonds-fod-los-angeles",
        rescinded_on=D(2019, 8, 30),
        rescission_note="Rescinded when the position's duties were reorganized.",
    ),
    # Fugitive operations plans: from the NFOP memorandum.
    DelegationSpec(
        "fugitive-ad-field-operations",
        FUGITIVE_PLANS,
        "dro-director",
        "ad-field-operations",
        D(2007, 8, 3),
        document="nfop-delegation",
        identifier="HQDRO 07-08",
        redelegation=True,
        limitations="May be re-delegated to Field Office Directors.",
    ),
    DelegationSpec(
        "fugitive-fod-chicago",
        FUGITIVE_PLANS,
        "ad-field-operations",
        "fod-chicago",
        D(2007, 9, 4),
        parent="fugitive-ad-field-operations",
        limitations="Plans for operations within the field office's area of responsibility.",
    ),
    DelegationSpec(
        "fugitive-fod-los-angeles",
        FUGITIVE_PLANS,
        "ad-field-operations",
        "fod-los-angeles",
        D(2007, 9, 4),
        parent="fugitive-ad-field-operations",
        limitations="Plans for operations within the field office's area of responsibility.",
    ),
)


def load(loader: DemoLoader) -> None:
    """Add whatever part of the demo delegations is missing."""
    positions = {}
    for spec in POSITIONS:
        position = Position.objects.filter(slug=spec.slug).first()
        if position is None:
            position = services.create_position(
                by=None,
                title=spec.title,
                slug=spec.slug,
                office=loader.offices[spec.office] if spec.office else None,
                holder_name=spec.holder,
                holder_since=spec.since,
                holder_acting=spec.acting,
            )
            loader.added("positions")
        positions[spec.slug] = position
    authorities = {}
    for slug, name, description in AUTHORITIES:
        authority = Authority.objects.filter(slug=slug).first()
        if authority is None:
            authority = services.create_authority(
                by=None, name=name, slug=slug, description=description
            )
            loader.added("authorities")
        authorities[slug] = authority
    made: dict[str, Delegation] = {}
    for spec in DELEGATIONS:
        fields = {
            "authority": authorities[spec.authority],
            "delegating_position": positions[spec.by],
            "delegated_to": positions[spec.to],
            "effective_on": spec.effective_on,
        }
        delegation = Delegation.objects.filter(**fields).first()
        if delegation is None:
            delegation = services.create_delegation(
                by=None,
                **fields,
                parent=made[spec.parent] if spec.parent else None,
                source_document=loader.documents[spec.document] if spec.document else None,
                source_citation=spec.citation,
                identifier=spec.identifier,
                limitations=spec.limitations,
                redelegation_permitted=spec.redelegation,
                expires_on=spec.expires_on,
            )
            if spec.rescinded_on:
                services.rescind(
                    delegation=delegation,
                    by=None,
                    on=spec.rescinded_on,
                    note=spec.rescission_note,
                )
            loader.added("delegations")
        made[spec.key] = delegation
