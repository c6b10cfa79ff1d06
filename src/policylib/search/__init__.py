"""Full-text search of the library.

The public interface (everything else in this package is private to it):
- `search(query, user) -> SearchResults`: ranked, access-filtered results with facets
  (`unfinished=True`: the last word may be cut short, as in live search); keyword and
  semantic rankings fused as `query.mode` says (see fusion.py);
- `count(query, user) -> int`: how many it finds, as quickly as can be (no ranking);
- `live_search(text, user) -> SearchResults`: top matches on title, identifier and summary,
  the last word read as a prefix (search as you type);
- `mark_changed(ids)`: queue documents for re-indexing in the caller's transaction;
- `apply_outbox()`: bring the index up to date with queued changes;
- `index_documents(ids)`, `remove_documents(ids)`: update the index now;
- `reindex(progress=None)`, `check() -> IndexReport`: rebuild, and audit against the database;
- `repair() -> IndexReport`: check, then re-index what is missing, stale or orphaned;
- `follow()`: the long-running loop (`policylib search follow`) that keeps this node's index
  in step: one per index folder; several nodes may share one database.

The engine (tantivy), the passage vectors beside it (vectors.py, embedded by semantic.py) and
the index folder (`settings.DATA_DIR / "index"`, or the setting or environment variable
POLICYLIB_INDEX_DIR) are private to the submodules.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

SCOPES = ("active", "archived", "all")
# How the free text is matched: its words and its meaning together (the default), its words
# only, or its meaning only (for measuring; see bench/relevance.py).
MODES = ("hybrid", "keyword", "semantic")
SORTS = ("relevance", "issued")
# What to search: library documents (the default), the MOA/MOU Library, the Delegations
# Library, or everything (those, plus the Help page's questions).
KINDS = ("documents", "agreements", "delegations", "all")


class SearchError(Exception):
    """The index cannot answer (missing or unreadable); the page says search is unavailable."""


@dataclass(frozen=True)
class SearchQuery:
    """What a reader asked for: free text plus the filters of advanced search and facets."""

    text: str = ""
    scope: str = "active"
    kind: str = "documents"
    identifier: str = ""
    title: str = ""
    subject: str = ""
    signatory: str = ""
    document_type: str = ""  # slug
    library: str = ""  # slug
    status: str = ""
    opi: int | None = None
    category: int | None = None
    year: int | None = None
    issued_from: datetime.date | None = None
    issued_to: datetime.date | None = None
    party: str = ""  # agreements with this party (its exact name)
    expires_from: datetime.date | None = None  # agreements and delegations by expiry
    expires_to: datetime.date | None = None
    sort: str = "relevance"
    mode: str = "hybrid"
    page: int = 1
    per_page: int = 20

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.text.strip(), self.identifier.strip(), self.title.strip(),
             self.subject.strip(), self.signatory.strip(), self.document_type, self.library,
             self.status, self.opi, self.category, self.year, self.issued_from,
             self.issued_to, self.party.strip(), self.expires_from, self.expires_to)
        )  # fmt: skip


@dataclass
class SearchHit:
    document_id: int  # the library document, or the record's own id (see `kind`)
    score: float
    percent: int  # relevance as a share of the best hit
    identifier: str = ""
    title: str = ""
    summary: str = ""
    status: str = ""
    snippet: SafeString | str = ""  # HTML with <mark>; everything else escaped
    page: int | None = None  # the page the snippet comes from, when the file has pages
    kind: str = "document"  # or "agreement", "delegation", "help"
    url: str = ""  # set for records other than library documents
    # The attachment the snippet comes from (with `page`), when it is not the main file.
    file_id: int | None = None
    file_name: str = ""


@dataclass
class FacetCount:
    value: str
    count: int


@dataclass
class SearchResults:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    # No exact match: these results allow for spelling mistakes.
    approximate: bool = False
    # With approximate results: the query respelled with words the results contain.
    suggestion: str = ""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class IndexReport:
    documents: int = 0
    indexed: int = 0
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)


def search(query: SearchQuery, user, *, unfinished: bool = False) -> SearchResults:
    from policylib.search.searching import run_search

    return run_search(query, user, unfinished=unfinished)


def count(query: SearchQuery, user, *, unfinished: bool = False) -> int:
    from policylib.search.searching import run_count

    return run_count(query, user, unfinished=unfinished)


def live_search(text: str, user, *, scope: str = "all", limit: int = 10) -> SearchResults:
    from policylib.search.searching import run_live_search

    return run_live_search(text, user, scope=scope, limit=limit)


def mark_changed(document_ids: Iterable[int]) -> None:
    from policylib.search.outbox import mark_changed as _mark_changed

    _mark_changed(document_ids)


def apply_outbox() -> int:
    from policylib.search.outbox import apply_outbox as _apply

    return _apply()


def index_documents(document_ids: Iterable[int]) -> None:
    from policylib.search.outbox import index_documents as _index

    _index(document_ids)


def remove_documents(document_ids: Iterable[int]) -> None:
    from policylib.search.outbox import remove_documents as _remove

    _remove(document_ids)


def reindex(progress: Callable[[int, int], None] | None = None) -> int:
    from policylib.search.outbox import reindex as _reindex

    return _reindex(progress=progress)


def check() -> IndexReport:
    from policylib.search.outbox import check as _check

    return _check()


def repair() -> IndexReport:
    from policylib.search.outbox import repair as _repair

    return _repair()


def follow(*, interval: float = 0.5, repair_every: float = 600.0, ready=None) -> None:
    from policylib.search.follower import Follower

    Follower(interval=interval, repair_every=repair_every).run(ready)


__all__ = [
    "KINDS",
    "MODES",
    "SCOPES",
    "SORTS",
    "FacetCount",
    "IndexReport",
    "SearchError",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "apply_outbox",
    "check",
    "count",
    "follow",
    "index_documents",
    "live_search",
    "mark_changed",
    "reindex",
    "remove_documents",
    "repair",
    "search",
]
