"""Reads of the Delegations Library. Each starts from `visible_delegations`; the library
documents a delegation cites are shown only to those who may open them."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from policylib.accounts.access import Action, can, visible_delegations
from policylib.delegations.chains import (
    Flag,
    FlagKind,
    Holder,
    LinkState,
    Node,
    build_forest,
    holders,
    nodes_by_id,
)
from policylib.delegations.models import Authority, Delegation, Position

ACTIVE = "active"
ARCHIVED = "archived"
SCOPES = {
    ACTIVE: "Active (in force or not yet in force)",
    ARCHIVED: "Archived (expired or rescinded)",
}

RELATED = (
    "authority",
    "delegating_position",
    "delegated_to",
    "parent__delegating_position",
    "parent__delegated_to",
    "source_document",
    "rescinded_by",
)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def ended_filter(today: datetime.date) -> Q:
    """Delegations that have expired or been rescinded (the Archived scope), as a filter."""
    return Q(rescinded_on__lte=today) | Q(expires_on__lt=today)


def text_filter(text: str) -> Q:
    """Delegations whose authority, positions, holders, citation or limitations contain `text`."""
    matches = Q()
    for word in text.split():
        matches &= (
            Q(authority__name__icontains=word)
            | Q(identifier__icontains=word)
            | Q(delegating_position__title__icontains=word)
            | Q(delegated_to__title__icontains=word)
            | Q(delegated_to__holder_name__icontains=word)
            | Q(source_citation__icontains=word)
            | Q(limitations__icontains=word)
        )
    return matches


@dataclass(frozen=True)
class DelegationFilters:
    text: str = ""
    scope: str = ACTIVE  # ACTIVE, ARCHIVED, or "" for both


def filter_delegations(
    user, filters: DelegationFilters, *, today: datetime.date | None = None
) -> QuerySet[Delegation]:
    today = _today(today)
    delegations = visible_delegations(user).select_related(*RELATED)
    if filters.text.strip():
        delegations = delegations.filter(text_filter(filters.text))
    if filters.scope == ACTIVE:
        delegations = delegations.exclude(ended_filter(today))
    elif filters.scope == ARCHIVED:
        delegations = delegations.filter(ended_filter(today))
    return delegations.order_by("authority__name", "effective_on", "pk")


def authorities_with_counts(user, *, today: datetime.date | None = None) -> QuerySet[Authority]:
    """Authorities with `active_count`: how many of their delegations are not ended."""
    today = _today(today)
    live = (
        (Q(delegations__rescinded_on__isnull=True) | Q(delegations__rescinded_on__gt=today))
        & (Q(delegations__expires_on__isnull=True) | Q(delegations__expires_on__gte=today))
        & Q(delegations__in=visible_delegations(user).values("pk"))
    )
    return Authority.objects.annotate(active_count=Count("delegations", filter=live)).order_by(
        "name"
    )


def broken_chain_ids(
    user, delegations: list[Delegation], *, today: datetime.date | None = None
) -> set[int]:
    """Which of `delegations` have a broken chain (flagged at the link or above it)."""
    authority_ids = {delegation.authority_id for delegation in delegations}
    nodes = nodes_by_id(_forest(user, authority_ids, _today(today)))
    return {pk for pk, node in nodes.items() if node.flagged}


def _forest(user, authority_ids, today: datetime.date) -> list[Node]:
    delegations = list(
        visible_delegations(user).filter(authority_id__in=authority_ids).select_related(*RELATED)
    )
    _show_documents(user, delegations)
    return build_forest(delegations, today)


def _show_documents(user, delegations: list[Delegation]) -> None:
    """Set `shown_source` and `shown_rescinded_by`: the cited documents the user may open."""
    allowed: dict[int, bool] = {}
    for delegation in delegations:
        for name in ("source_document", "rescinded_by"):
            document = getattr(delegation, name)
            if document is not None and document.pk not in allowed:
                allowed[document.pk] = can(user, Action.VIEW, document)
        source, rescinder = delegation.source_document, delegation.rescinded_by
        delegation.shown_source = source if source and allowed[source.pk] else None
        delegation.shown_rescinded_by = rescinder if rescinder and allowed[rescinder.pk] else None


@dataclass
class AuthorityView:
    authority: Authority
    forest: list[Node]
    holders: list[Holder]
    flagged: list[Node]  # links with a problem of their own


def authority_view(
    user, authority: Authority, *, today: datetime.date | None = None
) -> AuthorityView:
    """Who may exercise `authority`: its chains from each source down to every holder."""
    forest = _forest(user, [authority.pk], _today(today))
    flagged = [node for root in forest for node in root.walk() if node.flags]
    return AuthorityView(authority, forest, holders(forest), flagged)


@dataclass
class PositionView:
    position: Position
    holds: list[Node] = field(default_factory=list)  # delegations it holds, in force
    from_source: list[Node] = field(default_factory=list)  # authority it holds from a source
    delegated: list[Node] = field(default_factory=list)  # delegations it made, not ended
    upcoming: list[Node] = field(default_factory=list)  # delegations to it, not yet in force
    past: list[Node] = field(default_factory=list)  # delegations to it that ended


def position_view(user, position: Position, *, today: datetime.date | None = None) -> PositionView:
    """Everything `position` may do, and where each authority comes from."""
    involved = visible_delegations(user).filter(
        Q(delegated_to=position) | Q(delegating_position=position)
    )
    authority_ids = set(involved.values_list("authority_id", flat=True))
    nodes = nodes_by_id(_forest(user, authority_ids, _today(today)))
    view = PositionView(position)
    sources_seen: set[int] = set()
    for node in sorted(nodes.values(), key=lambda n: (n.delegation.authority.name, n.depth)):
        delegation = node.delegation
        if delegation.delegated_to_id == position.pk:
            if node.state == LinkState.IN_FORCE:
                view.holds.append(node)
            elif node.state == LinkState.NOT_YET:
                view.upcoming.append(node)
            else:
                view.past.append(node)
        if delegation.delegating_position_id == position.pk:
            if node.parent is None and delegation.authority_id not in sources_seen:
                sources_seen.add(delegation.authority_id)
                view.from_source.append(node)
            if not node.state.ended:
                view.delegated.append(node)
    return view


@dataclass
class DelegationView:
    node: Node

    @property
    def delegation(self) -> Delegation:
        return self.node.delegation

    @property
    def chain(self) -> list[Node]:
        return self.node.chain


def delegation_view(
    user, delegation: Delegation, *, today: datetime.date | None = None
) -> DelegationView:
    """A delegation with its chain up to the source and the re-delegations beneath it."""
    nodes = nodes_by_id(_forest(user, [delegation.authority_id], _today(today)))
    return DelegationView(nodes[delegation.pk])


@dataclass
class ReportRow:
    flag: Flag
    node: Node
    affected: int  # live delegations below the broken link, whose chains it breaks


@dataclass
class Report:
    rows: dict[FlagKind, list[ReportRow]]

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    @property
    def sections(self) -> list[tuple[FlagKind, list[ReportRow]]]:
        return [(kind, self.rows.get(kind, [])) for kind in FlagKind]


def report(user, *, today: datetime.date | None = None) -> Report:
    """Every broken link of every chain, by kind (for library staff)."""
    authority_ids = visible_delegations(user).values("authority_id")
    forest = _forest(user, authority_ids, _today(today))
    rows: dict[FlagKind, list[ReportRow]] = {}
    for root in forest:
        for node in root.walk():
            affected = sum(1 for below in node.walk() if below is not node and below.broken_above)
            for flag in node.flags:
                rows.setdefault(flag.kind, []).append(ReportRow(flag, node, affected))
    return Report(rows)


def positions(user) -> QuerySet[Position]:
    return Position.objects.select_related("office").order_by("title")
