"""Positions, an authority and a helper that records delegations through the services."""

import datetime

import pytest
from django.utils import timezone

from policylib.delegations import services
from policylib.delegations.models import Authority, Position


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


def _position(slug: str, title: str, holder: str = "") -> Position:
    return services.create_position(by=None, title=title, slug=slug, holder_name=holder)


@pytest.fixture
def positions(db) -> dict[str, Position]:
    """The chain of command of one field office, from the Director down."""
    return {
        "director": _position("director", "Director, Detention and Removal", "John P. Torres"),
        "fod": _position("fod", "Field Office Director, Chicago", "Patricia M. Hale"),
        "fod_la": _position("fod-la", "Field Office Director, Los Angeles", "Victor A. Ramos"),
        "dfod": _position("dfod", "Deputy Field Office Director, Chicago", "Samuel K. Osei"),
        "sddo": _position(
            "sddo", "Supervisory Detention and Deportation Officer, Chicago", "Marcus D. Bell"
        ),
    }


@pytest.fixture
def stays(db) -> Authority:
    return services.create_authority(
        by=None, name="Grant or deny stays of removal", slug="stays", description="8 CFR 241.6."
    )


@pytest.fixture
def delegate(stays, positions):
    """Record a delegation: `delegate("director", "fod", citation=...)` or `parent=...`."""

    def make(by: str, to: str, *, parent=None, citation: str = "", authority=None, **fields):
        fields.setdefault("effective_on", datetime.date(2020, 1, 1))
        if parent is None and "source_document" not in fields:
            citation = citation or "8 CFR 241.6(a)"
        return services.create_delegation(
            by=None,
            authority=authority or stays,
            delegating_position=positions[by],
            delegated_to=positions[to],
            parent=parent,
            source_citation=citation,
            **fields,
        )

    return make


@pytest.fixture
def chain(delegate):
    """Director → FOD Chicago → DFOD → SDDO, every link allowing re-delegation; and FOD LA."""
    director_fod = delegate("director", "fod", redelegation_permitted=True)
    fod_dfod = delegate("fod", "dfod", parent=director_fod, redelegation_permitted=True)
    dfod_sddo = delegate("dfod", "sddo", parent=fod_dfod)
    director_fod_la = delegate("director", "fod_la", redelegation_permitted=True)
    return {
        "director_fod": director_fod,
        "fod_dfod": fod_dfod,
        "dfod_sddo": dfod_sddo,
        "director_fod_la": director_fod_la,
    }
