"""Chains of delegation and what is wrong with them. The one place these rules live.

A delegation is a link; following `parent` up from it reaches the delegation that came from a
source (a library document or a citation). The links of one authority form a forest, one tree
per source delegation. A link still in force (or not yet in force) is flagged when:

- it re-delegates an authority whose parent delegation forbade re-delegation;
- its parent delegation has expired or been rescinded (an expired link in the chain);
- its source document is no longer in force (superseded, cancelled or archived).

Every live link below a flagged one has its chain *broken above*: it cannot be relied on either.
Links that have ended themselves are history, shown but not flagged.

Everything here works on delegations already loaded (with their parents and source documents
selected); nothing here queries the database or knows who is asking.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from policylib.delegations.models import Delegation, Position
from policylib.library.models import ARCHIVED_STATUSES


class LinkState(StrEnum):
    IN_FORCE = "in force"
    NOT_YET = "not yet in force"
    EXPIRED = "expired"
    RESCINDED = "rescinded"

    @property
    def ended(self) -> bool:
        return self in (LinkState.EXPIRED, LinkState.RESCINDED)


def state_of(delegation: Delegation, today: datetime.date) -> LinkState:
    """Rescinded from its rescission date; expired the day after its expiration date."""
    if delegation.rescinded_on is not None and delegation.rescinded_on <= today:
        return LinkState.RESCINDED
    if delegation.expires_on is not None and delegation.expires_on < today:
        return LinkState.EXPIRED
    if delegation.effective_on > today:
        return LinkState.NOT_YET
    return LinkState.IN_FORCE


class FlagKind(StrEnum):
    FORBIDDEN_REDELEGATION = "forbidden-redelegation"
    ENDED_LINK = "ended-link"
    SOURCE_NOT_IN_FORCE = "source-not-in-force"

    @property
    def label(self) -> str:
        return {
            FlagKind.FORBIDDEN_REDELEGATION: "Re-delegated although not permitted",
            FlagKind.ENDED_LINK: "Derives from an expired or rescinded delegation",
            FlagKind.SOURCE_NOT_IN_FORCE: "Source document no longer in force",
        }[self]


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    delegation: Delegation  # the link where the chain breaks
    message: str

    @property
    def label(self) -> str:
        return self.kind.label


def flags_of(delegation: Delegation, today: datetime.date) -> list[Flag]:
    """What is wrong at this link itself (not above it)."""
    flags = []
    parent = delegation.parent
    if parent is not None and not parent.redelegation_permitted:
        flags.append(
            Flag(
                FlagKind.FORBIDDEN_REDELEGATION,
                delegation,
                f"{delegation.delegating_position} re-delegated this authority, but the "
                f"delegation it holds it by ({_describe(parent)}) does not permit re-delegation.",
            )
        )
    if parent is not None and state_of(parent, today).ended:
        flags.append(
            Flag(
                FlagKind.ENDED_LINK,
                delegation,
                f"It derives from a delegation that {_ending(parent, today)}: {_describe(parent)}.",
            )
        )
    source = delegation.source_document
    if source is not None and source.status in ARCHIVED_STATUSES:
        since = f" since {source.status_changed_on:%b %d, %Y}" if source.status_changed_on else ""
        flags.append(
            Flag(
                FlagKind.SOURCE_NOT_IN_FORCE,
                delegation,
                f"Its source document is {source.get_status_display().lower()}{since}.",
            )
        )
    return flags


def _describe(delegation: Delegation) -> str:
    return f"{delegation.delegating_position} to {delegation.delegated_to}"


def _ending(delegation: Delegation, today: datetime.date) -> str:
    if state_of(delegation, today) == LinkState.RESCINDED:
        return f"was rescinded on {delegation.rescinded_on:%b %d, %Y}"
    return f"expired on {delegation.expires_on:%b %d, %Y}"


@dataclass(eq=False)
class Node:
    """A delegation in its tree, with its state today and what is wrong with its chain."""

    delegation: Delegation
    state: LinkState
    flags: list[Flag]  # problems at this link
    broken_above: list[Flag]  # problems at links above it
    parent: "Node | None" = field(default=None, repr=False)
    children: list["Node"] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return len(self.chain) - 1

    @property
    def chain(self) -> list["Node"]:
        """From the source delegation down to this one."""
        nodes: list[Node] = []
        node: Node | None = self
        while node is not None:
            nodes.insert(0, node)
            node = node.parent
        return nodes

    @property
    def flagged(self) -> bool:
        return bool(self.flags or self.broken_above)

    @property
    def valid(self) -> bool:
        """In force today, with an unbroken chain up to its source."""
        return self.state == LinkState.IN_FORCE and not self.flagged

    def walk(self) -> Iterator["Node"]:
        yield self
        for child in self.children:
            yield from child.walk()


def build_forest(delegations: Iterable[Delegation], today: datetime.date) -> list[Node]:
    """The trees of the given delegations (all links of the chains they belong to)."""
    by_id = {delegation.pk: delegation for delegation in delegations}
    children: dict[int | None, list[Delegation]] = {}
    for delegation in by_id.values():
        parent_id = delegation.parent_id if delegation.parent_id in by_id else None
        children.setdefault(parent_id, []).append(delegation)
    for siblings in children.values():
        siblings.sort(key=lambda d: (d.delegated_to.title, d.effective_on, d.pk))
    seen: set[int] = set()

    def grow(delegation: Delegation, parent: Node | None) -> Node:
        seen.add(delegation.pk)
        state = state_of(delegation, today)
        above = [*parent.broken_above, *parent.flags] if parent and not state.ended else []
        node = Node(
            delegation=delegation,
            state=state,
            flags=[] if state.ended else flags_of(delegation, today),
            broken_above=above,
            parent=parent,
        )
        # `seen` stops a parent loop (which validation forbids) from recursing for ever.
        node.children = [
            grow(child, node) for child in children.get(delegation.pk, []) if child.pk not in seen
        ]
        return node

    return [grow(root, None) for root in children.get(None, [])]


def nodes_by_id(forest: list[Node]) -> dict[int, Node]:
    return {node.delegation.pk: node for root in forest for node in root.walk()}


@dataclass(frozen=True)
class Holder:
    """A position that holds an authority: from its source, or through a delegation."""

    position: Position
    node: Node  # the delegation it holds it by, or (from_source) the one it delegated from
    from_source: bool

    @property
    def valid(self) -> bool:
        if self.from_source:
            return not any(f.kind == FlagKind.SOURCE_NOT_IN_FORCE for f in self.node.flags)
        return self.node.valid


def holders(forest: list[Node]) -> list[Holder]:
    """Who may exercise the authority today: each source's holder, then every position a link
    in force delegates it to, down the trees (those with a broken chain included, not valid)."""
    found: list[Holder] = []
    sources: set[int] = set()
    for root in forest:
        position = root.delegation.delegating_position
        if position.pk not in sources:
            sources.add(position.pk)
            found.append(Holder(position=position, node=root, from_source=True))
    for root in forest:
        for node in root.walk():
            if node.state == LinkState.IN_FORCE:
                found.append(
                    Holder(position=node.delegation.delegated_to, node=node, from_source=False)
                )
    return found
