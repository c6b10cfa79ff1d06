"""Chains of delegation: who holds an authority, and the links that break a chain."""

import datetime

import pytest

from policylib.delegations import selectors, services
from policylib.delegations.chains import FlagKind, LinkState, state_of
from policylib.library import lifecycle
from policylib.library.models import Status

pytestmark = pytest.mark.django_db


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def holders_of(stays, today):
    view = selectors.authority_view(None, stays, today=today)
    return [(h.position.slug, h.from_source, h.valid) for h in view.holders]


def test_a_sound_chain_runs_from_the_source_down_to_every_holder(chain, stays, today):
    view = selectors.authority_view(None, stays, today=today)
    assert [root.delegation for root in view.forest] == [
        chain["director_fod"],
        chain["director_fod_la"],
    ]
    sddo = selectors.delegation_view(None, chain["dfod_sddo"], today=today).node
    assert [node.delegation for node in sddo.chain] == [
        chain["director_fod"],
        chain["fod_dfod"],
        chain["dfod_sddo"],
    ]
    assert sddo.depth == 2
    assert sddo.valid
    assert holders_of(stays, today) == [
        ("director", True, True),
        ("fod", False, True),
        ("dfod", False, True),
        ("sddo", False, True),
        ("fod-la", False, True),
    ]
    assert view.flagged == []


def test_a_redelegation_the_parent_forbade_is_flagged_and_breaks_the_chain_below(
    delegate, stays, today
):
    director_fod = delegate("director", "fod", redelegation_permitted=True)
    fod_dfod = delegate("fod", "dfod", parent=director_fod)  # may not be re-delegated
    dfod_sddo = delegate("dfod", "sddo", parent=fod_dfod, redelegation_permitted=True)
    nodes = {
        n.delegation.pk: n
        for n in selectors.authority_view(None, stays, today=today).forest[0].walk()
    }
    assert nodes[fod_dfod.pk].valid
    broken = nodes[dfod_sddo.pk]
    assert [flag.kind for flag in broken.flags] == [FlagKind.FORBIDDEN_REDELEGATION]
    assert "does not permit re-delegation" in broken.flags[0].message
    assert not broken.valid
    assert holders_of(stays, today)[-1] == ("sddo", False, False)


def test_an_expired_link_flags_the_link_below_and_breaks_the_rest_of_the_chain(
    delegate, stays, positions, today
):
    director_fod = delegate(
        "director",
        "fod",
        redelegation_permitted=True,
        expires_on=today - datetime.timedelta(days=1),
    )
    fod_dfod = delegate("fod", "dfod", parent=director_fod, redelegation_permitted=True)
    dfod_sddo = delegate("dfod", "sddo", parent=fod_dfod)
    root = selectors.authority_view(None, stays, today=today).forest[0]
    assert root.state == LinkState.EXPIRED
    assert root.flags == []  # an ended link is history, not a problem
    middle, bottom = root.children[0], root.children[0].children[0]
    assert middle.delegation == fod_dfod
    assert [flag.kind for flag in middle.flags] == [FlagKind.ENDED_LINK]
    assert f"expired on {director_fod.expires_on:%b %d, %Y}" in middle.flags[0].message
    assert bottom.delegation == dfod_sddo
    assert bottom.flags == []
    assert [flag.delegation for flag in bottom.broken_above] == [fod_dfod]
    assert not bottom.valid
    # Who may exercise it today: the Director from the source; FOD's link has ended.
    assert holders_of(stays, today) == [
        ("director", True, True),
        ("dfod", False, False),
        ("sddo", False, False),
    ]


def test_a_rescinded_link_breaks_the_chain_from_its_rescission_date(chain, stays, today):
    services.rescind(delegation=chain["director_fod"], by=None, on=today, note="Reorganized.")
    before = selectors.authority_view(None, stays, today=today - datetime.timedelta(days=1))
    assert before.flagged == []
    after = selectors.authority_view(None, stays, today=today)
    assert [(n.delegation, n.flags[0].kind) for n in after.flagged] == [
        (chain["fod_dfod"], FlagKind.ENDED_LINK)
    ]
    assert "was rescinded on" in after.flagged[0].flags[0].message


def test_a_source_document_no_longer_in_force_is_flagged(delegate, make_document, stays, today):
    memo = make_document("Delegation to Field Office Directors")
    director_fod = delegate("director", "fod", source_document=memo, redelegation_permitted=True)
    fod_dfod = delegate("fod", "dfod", parent=director_fod)
    assert selectors.authority_view(None, stays, today=today).flagged == []

    successor = make_document("Delegation to Field Office Directors, revised")
    lifecycle.supersede(successor=successor, predecessor=memo, by=None, on=today)
    memo.refresh_from_db()
    assert memo.status == Status.SUPERSEDED

    view = selectors.authority_view(None, stays, today=today)
    root = view.forest[0]
    assert [flag.kind for flag in root.flags] == [FlagKind.SOURCE_NOT_IN_FORCE]
    assert root.flags[0].message.startswith("Its source document is superseded")
    assert [flag.kind for flag in root.children[0].broken_above] == [FlagKind.SOURCE_NOT_IN_FORCE]
    assert root.children[0].delegation == fod_dfod
    assert holders_of(stays, today) == [
        ("director", True, False),
        ("fod", False, False),
        ("dfod", False, False),
    ]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2019-12-31", LinkState.NOT_YET),
        ("2020-01-01", LinkState.IN_FORCE),  # effective day
        ("2020-06-30", LinkState.IN_FORCE),  # last day before expiry
        ("2020-07-01", LinkState.EXPIRED),  # the day after its expiration date
    ],
)
def test_a_link_is_in_force_from_its_effective_date_through_its_expiration_date(
    delegate, on, expected
):
    delegation = delegate("director", "fod", expires_on=day("2020-06-30"))
    assert state_of(delegation, day(on)) == expected


def test_the_staff_report_lists_each_broken_link_with_what_depends_on_it(delegate, today):
    director_fod = delegate("director", "fod", redelegation_permitted=True)
    fod_dfod = delegate("fod", "dfod", parent=director_fod)
    delegate("dfod", "sddo", parent=fod_dfod)
    delegate("director", "fod_la", expires_on=today - datetime.timedelta(days=30))
    report = selectors.report(None, today=today)
    assert report.total == 1
    [row] = report.rows[FlagKind.FORBIDDEN_REDELEGATION]
    assert row.node.delegation.delegated_to.slug == "sddo"
    assert row.affected == 0


def test_the_position_view_lists_what_it_may_do_and_where_it_comes_from(chain, positions, today):
    fod = selectors.position_view(None, positions["fod"], today=today)
    assert [node.delegation for node in fod.holds] == [chain["director_fod"]]
    assert [node.delegation for node in fod.delegated] == [chain["fod_dfod"]]
    director = selectors.position_view(None, positions["director"], today=today)
    assert director.holds == []
    assert [node.delegation.authority.slug for node in director.from_source] == ["stays"]
    assert {node.delegation for node in director.delegated} == {
        chain["director_fod"],
        chain["director_fod_la"],
    }


def test_a_delegation_without_a_source_is_refused(positions, stays):
    with pytest.raises(services.DelegationError, match="Give the source of the authority"):
        services.create_delegation(
            by=None,
            authority=stays,
            delegating_position=positions["fod"],
            delegated_to=positions["dfod"],
            effective_on=datetime.date(2020, 1, 1),
        )


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("both", "not both"),
        ("to itself", "cannot delegate authority to itself"),
        ("wrong delegator", "Only Field Office Director, Chicago"),
        ("other authority", "of another authority"),
    ],
)
def test_a_delegation_that_cannot_be_traced_to_its_source_is_refused(case, message, delegate):
    parent = delegate("director", "fod", redelegation_permitted=True)
    other = services.create_authority(by=None, name="Set bonds", slug="bonds")
    by, to, extra = {
        "both": ("fod", "dfod", {"citation": "8 CFR 241.6"}),
        "to itself": ("fod", "fod", {}),
        "wrong delegator": ("fod_la", "dfod", {}),
        "other authority": ("fod", "dfod", {"authority": other}),
    }[case]
    with pytest.raises(services.DelegationError, match=message):
        delegate(by, to, parent=parent, **extra)


def test_a_delegation_cannot_become_its_own_ancestor(chain):
    with pytest.raises(services.DelegationError, match="derive from itself"):
        services.update_delegation(
            delegation=chain["director_fod"],
            by=None,
            parent=chain["dfod_sddo"],
            source_citation="",
            delegating_position=chain["dfod_sddo"].delegated_to,
        )


def test_rescinding_is_recorded_once_and_not_before_it_takes_effect(chain, today):
    with pytest.raises(services.DelegationError, match="before it takes effect"):
        services.rescind(delegation=chain["fod_dfod"], by=None, on=datetime.date(2019, 1, 1))
    services.rescind(delegation=chain["fod_dfod"], by=None, on=today)
    with pytest.raises(services.DelegationError, match="already rescinded"):
        services.rescind(delegation=chain["fod_dfod"], by=None, on=today)
