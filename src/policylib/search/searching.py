"""Running a reader's search against the index: access filter inside the query, ranking,
facets, then snippets for the hits on the page only (the expensive part, done last)."""

import datetime
import difflib
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import tantivy
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from policylib.accounts.access import is_library_staff, visible_agreements, visible_documents
from policylib.agreements.models import Agreement
from policylib.library.models import ARCHIVED_STATUSES, Document, Marking, Status
from policylib.search import (
    FacetCount,
    SearchError,
    SearchHit,
    SearchQuery,
    SearchResults,
    engine,
    fusion,
    outbox,
    records,
    semantic,
    vectors,
)
from policylib.search.query import ALL_FIELDS, Compiler, Parsed, clean, parse
from policylib.search.schema import EARLIEST_DATE, FIELD_BY_NAME, LIVE_FIELDS, index_date

SNIPPET_CHARS = 240
# Respelling draws its words from these many hits (and the best page of the first few).
SUGGEST_FROM_HITS, SUGGEST_FROM_PAGES = 10, 3
_WORD = re.compile(r"[^\W\d_]{3,}")
FACET_SIZES = {"type": 12, "status": 6, "year": 12, "category": 12}
# Live search reads this many hits more than it shows, in case some are hidden by now.
LIVE_SPARE = 10
LIVE_WEIGHTS = tuple((name, FIELD_BY_NAME[name].boost) for name in LIVE_FIELDS)
Must, Should, MustNot = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot


_beside = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-facets")


def _open() -> "_Builder":
    """A query builder over the index as it is now, knowing what the index has yet to catch up
    with. The outbox is read first: the follower commits the index before it deletes the rows,
    so whatever is gone from the outbox by then is already in the index opened after it."""
    waiting = outbox.waiting()
    opened = engine.searcher()
    if opened is None:
        _request_rebuild()
        opened = engine.searcher()
    if opened is None:
        raise SearchError("The search index is being built. Please try again in a minute.")
    return _Builder(*opened, waiting)


_rebuild_requested: dict[str, float] = {}
_rebuild_lock = threading.Lock()


def _request_rebuild() -> None:
    """No index on disk: ask the task worker to build one (at most once a minute)."""
    key = str(engine.index_dir())
    with _rebuild_lock:
        last = _rebuild_requested.get(key)
        if last is not None and time.monotonic() - last < 60:
            return
        _rebuild_requested[key] = time.monotonic()
    from policylib.search.outbox import _schedule_apply

    _schedule_apply()


class _Builder:
    def __init__(
        self, index: tantivy.Index, searcher: tantivy.Searcher, waiting: tuple[set, set]
    ) -> None:
        self.waiting = waiting  # documents and records the index has not caught up with
        self.schema = index.schema
        self.searcher = searcher
        self.compiler = Compiler(index, searcher)

    def term(self, name: str, value) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, name, value)

    def terms(self, name: str, values: list) -> tantivy.Query:
        return tantivy.Query.term_set_query(self.schema, name, values)

    def access(self, user) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        """What `user` may see, as in policylib.accounts.access, inside the query, and without
        what the database hides at this moment (see `hidden_now`)."""
        if is_library_staff(user):
            return []
        allowed = [self.term("marking", Marking.PUBLIC)]
        if getattr(user, "is_authenticated", False) and user.is_active:
            allowed.append(self.term("marking", Marking.INTERNAL))
            groups = list(user.groups.values_list("pk", flat=True))
            if groups:
                restricted = tantivy.Query.boolean_query(
                    [(Must, self.term("marking", Marking.RESTRICTED)),
                     (Must, self.terms("groups", groups))]
                )  # fmt: skip
                allowed.append(restricted)
        return [
            (Must, tantivy.Query.boolean_query([(Should, q) for q in allowed])),
            (MustNot, self.term("status", Status.DRAFT)),
            *self.hidden_now(user),
        ]

    def hidden_now(self, user) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        """What the database hides from `user` at this moment, left out of the query too.

        The index follows the database a moment later (or, with its follower down, much
        later): a document just made Restricted or put back to draft is still Public there.
        The index can be behind only on what waits in this node's outbox, so just those
        records are asked of the access module; every hit, count, facet, respelling and
        suggestion of every search surface then agrees with the document page.
        """
        document_ids, record_refs = self.waiting
        hidden = []
        if document_ids:
            seen = visible_documents(user, Document.objects.filter(pk__in=document_ids))
            unseen = document_ids - set(seen.values_list("pk", flat=True))
            if unseen:  # the document and its pages
                hidden.append((MustNot, self.terms("id", sorted(unseen))))
        agreement_ids = {
            int(ref.split(":", 1)[1]) for ref in record_refs if ref.startswith("agreement:")
        }
        if agreement_ids:
            seen = visible_agreements(user, Agreement.objects.filter(pk__in=agreement_ids))
            unseen = agreement_ids - set(seen.values_list("pk", flat=True))
            refs = [records.ref("agreement", pk) for pk in sorted(unseen)]
            if refs:
                hidden.append((MustNot, self.terms("ref", refs)))
        return hidden

    def scope(self, scope: str, status: str) -> list[tantivy.Query]:
        if status:
            return [self.term("status", status)]
        if scope == "archived":
            return [self.terms("status", [str(s) for s in ARCHIVED_STATUSES])]
        if scope == "all":
            return []
        return [self.term("status", Status.CURRENT)]

    def what(self, kind: str, scope: str, status: str) -> tantivy.Query:
        """Which index documents a search looks at: library documents in `scope` (and with
        `status`), and for the other kinds their records, active or archived as of today."""
        parts = []
        if kind in ("documents", "all"):
            parts.append(_all_of([self.term("kind", "doc"), *self.scope(scope, status)]))
        if not status:
            record_kinds = {"agreements": ["agreement"], "delegations": ["delegation"]}.get(
                kind, ["agreement", "delegation", "help"] if kind == "all" else []
            )
            for record_kind in record_kinds:
                if record_kind == "help" and scope != "all":
                    continue  # help pages belong to the Entire site scope only
                parts.append(_all_of([self.term("kind", record_kind), *self.record_scope(scope)]))
        if not parts:
            return tantivy.Query.empty_query()
        return (
            parts[0]
            if len(parts) == 1
            else tantivy.Query.boolean_query([(Should, q) for q in parts])
        )

    def record_scope(self, scope: str) -> list[tantivy.Query]:
        """Active: neither draft nor ended, and not expired; archived: ended or expired."""
        today = _midnight(timezone.localdate())
        not_expired = tantivy.Query.range_query(
            self.schema, "expires", tantivy.FieldType.Date, today, _midnight(records.NO_EXPIRY)
        )
        if scope == "active":
            return [
                tantivy.Query.boolean_query(
                    [(Must, self.term("record_state", records.LIVE)), (Must, not_expired)]
                )
            ]
        if scope == "archived":
            return [
                tantivy.Query.boolean_query(
                    [
                        (MustNot, self.term("record_state", records.DRAFT)),
                        (
                            MustNot,
                            tantivy.Query.boolean_query(
                                [
                                    (Must, self.term("record_state", records.LIVE)),
                                    (Must, not_expired),
                                ]
                            ),
                        ),
                        (Must, tantivy.Query.all_query()),
                    ]
                )
            ]
        return []

    def filters(self, query: SearchQuery) -> list[tantivy.Query]:
        found = []
        if query.party.strip():
            found.append(self.term("party", query.party.strip()))
        if query.expires_from or query.expires_to:
            found.append(
                tantivy.Query.range_query(
                    self.schema,
                    "expires",
                    tantivy.FieldType.Date,
                    _midnight(query.expires_from or EARLIEST_DATE),
                    # Open-ended records are stored as expiring on the last day there is.
                    _midnight(query.expires_to or records.NO_EXPIRY),
                )
            )
        if query.document_type:
            found.append(self.term("type", query.document_type))
        if query.library:
            found.append(self.term("library", query.library))
        if query.opi:
            found.append(self.term("opi", int(query.opi)))
        if query.category:
            found.append(self.term("category", int(query.category)))
        if query.year:
            found.append(self.term("year", int(query.year)))
        if query.issued_from or query.issued_to:
            found.append(
                tantivy.Query.range_query(
                    self.schema,
                    "issued",
                    tantivy.FieldType.Date,
                    _midnight(query.issued_from or EARLIEST_DATE),
                    _midnight(query.issued_to or records.NO_EXPIRY),
                )
            )
        return found


def _midnight(day: datetime.date) -> datetime.datetime:
    return index_date(day)


def _all_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(Must, q) for q in queries])


def _filtered(scoring: tantivy.Query, musts: list[tantivy.Query], extra) -> tantivy.Query:
    clauses = [(Must, scoring)]
    clauses += [(Must, tantivy.Query.const_score_query(q, 0.0)) for q in musts]
    clauses += [(occur, tantivy.Query.const_score_query(q, 0.0)) for occur, q in extra]
    return tantivy.Query.boolean_query(clauses)


def _text_parts(builder: _Builder, query: SearchQuery, *, fuzzy: bool, unfinished: bool = False):
    """The scoring part of the query, the parsed free text, and whether there is any text."""
    parsed = parse(query.text, last_is_prefix=unfinished)
    parts = []
    main = builder.compiler.text_query(parsed, fuzzy=fuzzy)
    if main is not None:
        parts.append(main)
    for value, fields in (
        (query.identifier, (("identifier", 6.0),)),
        (query.title, (("title", 5.0),)),
        (query.subject, (("subjects", 3.0),)),
        (query.signatory, (("signatory", 1.0),)),
    ):
        if value.strip():
            sub = builder.compiler.text_query(parse(value), fields, fuzzy=fuzzy)
            parts.append(sub if sub is not None else tantivy.Query.empty_query())
    has_text = bool(parts)
    scoring = (
        tantivy.Query.boolean_query([(Must, q) for q in parts])
        if parts
        else tantivy.Query.all_query()
    )
    exact = builder.compiler.identifier_query(parse(query.identifier or query.text))
    if exact is not None and not fuzzy:
        scoring = tantivy.Query.boolean_query([(Should, scoring), (Should, exact)])
    return scoring, parsed, has_text


def run_search(query: SearchQuery, user, *, unfinished: bool = False) -> SearchResults:
    """`unfinished`: the last word may be cut short, read as in live search (the results page
    finds what the search box suggested)."""
    results = SearchResults(page=max(1, query.page), per_page=query.per_page)
    if query.is_empty:
        return results
    builder = _open()
    musts = [builder.what(query.kind, query.scope, query.status), *builder.filters(query)]
    access = builder.access(user)
    scoring, parsed, has_text = _text_parts(builder, query, fuzzy=False, unfinished=unfinished)
    plan = fusion.plan(query, parsed) if has_text else None
    if plan is not None:
        # Semantic hits, or a question's words relaxed; else (or finding nothing) keywords.
        found = _hybrid(builder, query, parsed, plan, scoring, musts, access, results)
        if found is not None:
            return _finish(found, results, approximate=False)
    return _keyword(builder, query, musts, access, results, unfinished)


def _keyword(builder: _Builder, query: SearchQuery, musts, access, results, unfinished):
    """Every word must match; when nothing does, spelling mistakes are allowed."""
    searcher = builder.searcher
    for fuzzy in (False, True):
        scoring, parsed, has_text = _text_parts(builder, query, fuzzy=fuzzy, unfinished=unfinished)
        final = _filtered(scoring, musts, access)
        # Facets are counted on the other core while this thread ranks the hits: Tantivy lets
        # go of the GIL, and both passes read every hit (a phrase of common words, twice).
        facets = _beside.submit(_facets, searcher, final)
        found = _page(builder, final, query, results, has_text)
        if results.total or not has_text or fuzzy or not parsed.positive:
            break
        results.approximate = True
    if not results.total:
        results.approximate = False
        return results
    results.facets = facets.result()
    hits = [_hit(searcher, address, score) for score, address in found]
    best = _best_score(searcher, final, query, found) if has_text else 0.0
    for hit in hits:
        hit.percent = round(100 * hit.score / best) if best > 0 else 0
    if has_text and not results.approximate:
        _add_snippets(builder, parsed, hits)
    if results.approximate:
        suggestion = _suggest(builder, query.text, parsed, found)
        respelled = replace(query, text=suggestion)
        if suggestion and _finds_any(builder, respelled, musts, access, unfinished):
            results.suggestion = suggestion
    return _finish(hits, results, approximate=results.approximate)


def _finish(hits: list[SearchHit], results: SearchResults, *, approximate: bool):
    for hit in hits:
        if not hit.snippet and hit.summary:
            hit.snippet = _shorten(hit.summary)
    results.hits = hits
    results.approximate = approximate
    return results


@dataclass
class _Match:
    """What a fused search matches: the keyword query (all words, or relaxed), the reader's
    -words, the semantic hits, and the query that counts and facets both together."""

    keyword: tantivy.Query
    excluded: list
    passages: dict
    combined: tantivy.Query


def _match(builder: _Builder, query, parsed, plan, strict, musts, access) -> _Match | None:
    """None when a fused search has nothing to add: the keyword path then allows typos."""
    searcher = builder.searcher
    keyword = strict
    if plan.keyword_weight:
        strict_count = searcher.search(_filtered(strict, musts, access), 1, count=True).count or 0
        if not strict_count and not plan.relaxable:
            return None  # a word or two that match nothing: maybe a typo
        if strict_count < fusion.RELAX_BELOW and plan.relaxable:
            # All the words found little: rank by the meaningful words that match instead.
            keyword = _relaxed(builder, parsed) or strict
    excluded = _excluded(builder, parsed)
    passages = _passages(builder, query.text, plan, musts, access, excluded)
    if not passages and not plan.keyword_weight:
        return None
    matched = [keyword] if plan.keyword_weight else []
    if passages:
        chosen = _records(builder, passages.values())
        matched.append(tantivy.Query.const_score_query(chosen, 0.0))
    combined = _filtered(_any_of(matched), musts, [*access, *excluded])
    return _Match(keyword, excluded, passages, combined)


def _records(builder: _Builder, passages) -> tantivy.Query:
    """The index entries (documents and other records) owning `passages`."""
    ids = [p.owner for p in passages if p.owner > 0]
    refs = [records.ref(*vectors.owner_record(p.owner)) for p in passages if p.owner < 0]
    chosen = ([builder.terms("id", ids)] if ids else []) + (
        [builder.terms("ref", refs)] if refs else []
    )
    return _any_of(chosen)


def _hybrid(builder: _Builder, query, parsed, plan, strict, musts, access, results):
    """Keyword and semantic rankings fused (see fusion.py); None when neither finds anything
    (the keyword path then allows for spelling mistakes)."""
    searcher = builder.searcher
    match = _match(builder, query, parsed, plan, strict, musts, access)
    if match is None:
        return None
    facets = _beside.submit(_facets, searcher, match.combined)
    total = searcher.search(match.combined, 1, count=True).count or 0
    if not total:
        facets.result()
        return None
    results.total = total
    results.facets = facets.result()
    offset = (results.page - 1) * results.per_page
    passages = match.passages
    if query.sort == "issued":
        found = _page(builder, match.combined, query, results, True)
        hits = [_hit(searcher, address, score) for score, address in found]
        best = _best_score(searcher, match.combined, replace(query, sort="relevance"), [])
        for hit in hits:
            hit.percent = round(100 * hit.score / best) if best > 0 else 0
    else:
        window = offset + results.per_page + fusion.WINDOW
        ranked_keyword = []
        if plan.keyword_weight:
            final = _filtered(match.keyword, musts, [*access, *match.excluded])
            found = searcher.search(final, window, count=False).hits
            owners = _owners(searcher, [address for _, address in found])
            ranked_keyword = [
                (owner, score, address)
                for owner, (score, address) in zip(owners, found, strict=True)
            ]
        pinned = _pinned(builder, query, parsed, musts, access)
        ranked_semantic = [(p.owner, p.score, p.address) for p in passages.values()]
        fused = fusion.fuse(ranked_keyword, ranked_semantic, plan, pinned)
        hits = []
        for item in fused[offset : offset + results.per_page]:
            hit = _hit(searcher, item.address, item.score)
            hit.percent = item.percent
            hits.append(hit)
    pages = {p.owner: (p.page, p.last_page) for p in passages.values()}
    _add_snippets(builder, parsed, hits, passage_pages=pages)
    return hits


def _owners(searcher: tantivy.Searcher, addresses: list) -> list[int]:
    """The owner number (see vectors.owner_of) of each index entry."""
    if not addresses:
        return []
    return [int(owner) for owner in searcher.fast_field_values("owner", addresses)]


def _any_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(Should, q) for q in queries])


def _relaxed(builder: _Builder, parsed: Parsed) -> tantivy.Query | None:
    """Any of the query's meaningful words, so documents matching more of them (rarer ones
    weigh more) rank first; an exact identifier still comes first."""
    clauses = [c for c in parsed.positive if fusion.meaningful(c)]
    queries = [builder.compiler.clause(c, ALL_FIELDS) for c in clauses]
    queries = [q for q in queries if q is not None]
    if not queries:
        return None
    relaxed = tantivy.Query.boolean_query([(Should, q) for q in queries])
    exact = builder.compiler.identifier_query(parsed)
    return tantivy.Query.boolean_query([(Should, relaxed), (Should, exact)]) if exact else relaxed


def _excluded(builder: _Builder, parsed: Parsed) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """The reader's -words, which semantic hits must respect too."""
    found = []
    for clause in parsed.excluded:
        query = builder.compiler.clause(clause, ALL_FIELDS)
        if query is not None:
            found.append((MustNot, query))
    return found


def _pinned(builder: _Builder, query: SearchQuery, parsed: Parsed, musts, access) -> list:
    """Records whose identifier is exactly what was typed: first whatever the fusion says."""
    exact = builder.compiler.identifier_query(parse(query.identifier or query.text))
    if exact is None:
        return []
    found = builder.searcher.search(_filtered(exact, musts, access), 5, count=False).hits
    addresses = [address for _, address in found]
    return list(zip(_owners(builder.searcher, addresses), addresses, strict=True))


@dataclass
class _Passage:
    owner: int
    page: int
    last_page: int
    score: float
    address: object = None


def _passages(builder: _Builder, text: str, plan, musts, access, excluded) -> dict[int, _Passage]:
    """The best passage of each record the question's meaning is closest to, among those the
    reader may see and the filters keep: best first, by owner."""
    if not plan.semantic_weight:
        return {}
    store = engine.vector_store()
    vector = semantic.embedder().query(fusion.semantic_text(text)) if store else None
    if vector is None or store is None:
        return {}
    best: dict[int, _Passage] = {}
    for passage in store.search(vector, fusion.SEMANTIC_ROWS):
        if passage.owner not in best:
            best[passage.owner] = _Passage(
                passage.owner, passage.page, passage.last_page, passage.score
            )
    candidates = list(best.values())[: fusion.SEMANTIC_CANDIDATES]
    if not candidates:
        return {}
    # Access, scope and filters inside the query: what the reader may not see is not ranked,
    # and does not set the bar the others are measured against either.
    allowed = _filtered(_records(builder, candidates), musts, [*access, *excluded])
    found = builder.searcher.search(allowed, len(candidates), count=False).hits
    by_owner = {p.owner: p for p in candidates}
    addresses = [address for _, address in found]
    for owner, address in zip(_owners(builder.searcher, addresses), addresses, strict=True):
        if owner in by_owner:
            by_owner[owner].address = address
    visible = [p for p in candidates if p.address is not None]
    return {p.owner: p for p in fusion.close_enough(visible)}


def run_count(query: SearchQuery, user, *, unfinished: bool = False) -> int:
    """How many records `query` finds for `user`, as the results page counts them (no
    ranking, no snippets; spelling as it is)."""
    if query.is_empty:
        return 0
    builder = _open()
    searcher = builder.searcher
    musts = [builder.what(query.kind, query.scope, query.status), *builder.filters(query)]
    access = builder.access(user)
    scoring, parsed, has_text = _text_parts(builder, query, fuzzy=False, unfinished=unfinished)
    plan = fusion.plan(query, parsed) if has_text else None
    if plan is not None:
        match = _match(builder, query, parsed, plan, scoring, musts, access)
        if match is not None:
            return searcher.search(match.combined, 1, count=True).count or 0
    final = _filtered(scoring, musts, access)
    return searcher.search(final, 1, count=True).count or 0


def _finds_any(builder: _Builder, query: SearchQuery, musts, access, unfinished: bool) -> bool:
    """Whether `query`, spelled as it is, finds anything the reader may see."""
    scoring, _, _ = _text_parts(builder, query, fuzzy=False, unfinished=unfinished)
    return bool(builder.searcher.search(_filtered(scoring, musts, access), 1, count=False).hits)


def _page(builder: _Builder, final, query: SearchQuery, results: SearchResults, has_text: bool):
    searcher = builder.searcher
    offset = (results.page - 1) * results.per_page
    if query.sort == "issued" or not has_text:
        result = searcher.search(
            final, results.per_page, offset=offset, order_by_field="issued",
            order=tantivy.Order.Desc,
        )  # fmt: skip
        results.total = result.count or 0
        addresses = [address for _, address in result.hits]
        scores = _scores_of(builder, final, addresses) if has_text else {}
        return [(scores.get(_key(a), 0.0), a) for a in addresses]
    result = searcher.search(final, results.per_page, offset=offset)
    results.total = result.count or 0
    return result.hits


def _key(address) -> tuple[int, int]:
    return (address.segment_ord, address.doc)


def _scores_of(builder: _Builder, final, addresses) -> dict[tuple[int, int], float]:
    """Relevance scores of hits listed in another order (by date)."""
    if not addresses:
        return {}
    ids = [int(pk) for pk in builder.searcher.fast_field_values("id", addresses)]
    only = tantivy.Query.boolean_query([(Must, final), (Must, builder.terms("id", ids))])
    found = builder.searcher.search(only, len(addresses) * 2, count=False).hits
    return {_key(a): score for score, a in found}


def _best_score(searcher, final, query: SearchQuery, found) -> float:
    if query.sort != "issued" and query.page <= 1 and found:
        return found[0][0]
    top = searcher.search(final, 1, count=False).hits
    return top[0][0] if top else 0.0


def _hit(searcher: tantivy.Searcher, address, score: float) -> SearchHit:
    stored = searcher.doc(address)
    record = stored.get_first("ref")
    kind = record.partition(":")[0] if record else "document"
    return SearchHit(
        document_id=int(stored.get_first("record_id" if record else "id")),
        score=score,
        percent=0,
        identifier=stored.get_first("identifier") or "",
        title=stored.get_first("title") or "",
        summary=stored.get_first("summary") or "",
        status=stored.get_first("status") or "",
        kind=kind,
        url=stored.get_first("url") or "",
    )


def _facets(searcher: tantivy.Searcher, final: tantivy.Query) -> dict[str, list[FacetCount]]:
    request = {name: {"terms": {"field": name, "size": size}} for name, size in FACET_SIZES.items()}
    try:
        answer = searcher.aggregate(final, request)
    except ValueError:
        return {}
    facets = {}
    for name in FACET_SIZES:
        buckets = answer.get(name, {}).get("buckets", [])
        facets[name] = [
            FacetCount(_facet_value(bucket["key"]), int(bucket["doc_count"]))
            for bucket in buckets
            if bucket.get("doc_count")
        ]
    return facets


def _facet_value(key) -> str:
    return str(int(key)) if isinstance(key, float) else str(key)


def _add_snippets(
    builder: _Builder,
    parsed: Parsed,
    hits: list[SearchHit],
    passage_pages: dict[int, tuple[int, int]] | None = None,
) -> None:
    """For each hit, the best-matching page and a highlighted passage from it; for a hit
    found by meaning (`passage_pages`: document id → the pages of its closest passage),
    from those pages first."""
    if not hits:
        return
    passage_pages = passage_pages or {}
    # Any matching word will do for choosing a page: a phrase may span two pages.
    page_field = (("page_text", 1.0),)
    anywhere = [builder.compiler.clause(c, page_field, phrases=False) for c in parsed.positive]
    anywhere = [q for q in anywhere if q is not None]
    words = tantivy.Query.boolean_query([(Should, q) for q in anywhere]) if anywhere else None
    searcher, schema = builder.searcher, builder.schema
    generator = None
    if words is not None:
        generator = tantivy.SnippetGenerator.create(searcher, words, schema, "page_text")
        generator.set_max_num_chars(SNIPPET_CHARS)
    summary_generator = None
    for hit in hits:
        if hit.kind == "document" and _page_snippet(
            builder, hit, words, generator, passage_pages.get(hit.document_id)
        ):
            continue
        if hit.summary and anywhere:
            if summary_generator is None:
                summary_words = [
                    builder.compiler.clause(c, (("summary", 1.0),), phrases=False)
                    for c in parsed.positive
                ]
                summary_generator = tantivy.SnippetGenerator.create(
                    searcher,
                    tantivy.Query.boolean_query(
                        [(Should, q) for q in summary_words if q is not None]
                    ),
                    schema,
                    "summary",
                )
                summary_generator.set_max_num_chars(SNIPPET_CHARS)
            document = tantivy.Document(summary=hit.summary)
            hit.snippet = _highlight(summary_generator.snippet_from_doc(document))


def _page_snippet(
    builder: _Builder, hit: SearchHit, words, generator, pages: tuple[int, int] | None
) -> bool:
    """The snippet from the hit's best page: where its closest passage is (when found by
    meaning), else where the words match. Names the attachment the page belongs to."""
    searcher = builder.searcher
    this = [(Must, builder.term("kind", "page")), (Must, builder.term("id", hit.document_id))]
    tries = []
    if pages is not None and pages[0] >= 0:
        first, last = pages
        within = tantivy.Query.range_query(
            builder.schema, "page", tantivy.FieldType.Integer, first, last
        )
        on_page = [*this, (Must, within)]
        if words is not None:
            tries.append(tantivy.Query.boolean_query([*on_page, (Must, words)]))
        tries.append(tantivy.Query.boolean_query(on_page))
    if words is not None:
        tries.append(tantivy.Query.boolean_query([*this, (Must, words)]))
    for query in tries:
        best = searcher.search(query, 1, count=False).hits
        if not best:
            continue
        stored = searcher.doc(best[0][1])
        html = _highlight(generator.snippet_from_doc(stored)) if generator is not None else ""
        hit.snippet = html or _shorten(stored.get_first("page_text") or "")
        number = stored.get_first("page")
        hit.page = int(number) if number else None
        attachment = stored.get_first("file")
        if attachment:
            hit.file_id = int(attachment)
            hit.file_name = stored.get_first("file_name") or ""
        return bool(hit.snippet)
    return False


def _suggest(builder: _Builder, text: str, parsed: Parsed, found) -> str:
    """ "Did you mean": each misspelled word replaced by the closest word of the fuzzy hits.

    The words come only from hits the reader may see, so a suggestion never reveals more.
    """
    words = [c.text for c in parsed.positive if c.kind == "word" or c.unfinished]
    if not words:
        return ""
    searcher = builder.searcher
    vocabulary: set[str] = set()
    for _, address in found[:SUGGEST_FROM_HITS]:
        stored = searcher.doc(address)
        for name in ("title", "summary", "subjects"):
            for value in stored.get_all(name) or []:
                vocabulary.update(w.lower() for w in _WORD.findall(str(value)))
    fuzzy_pages = [
        builder.compiler.clause(c, (("page_text", 1.0),), fuzzy=True, phrases=False)
        for c in parsed.positive
    ]
    fuzzy_pages = [q for q in fuzzy_pages if q is not None]
    if fuzzy_pages:
        any_word = tantivy.Query.boolean_query([(Should, q) for q in fuzzy_pages])
        kind = builder.term("kind", "page")
        for _, address in found[:SUGGEST_FROM_PAGES]:
            # Agreements, delegations and help questions have no pages (and no document id).
            document_id = searcher.doc(address).get_first("id")
            if document_id is None:
                continue
            page = searcher.search(
                tantivy.Query.boolean_query(
                    [(Must, any_word), (Must, kind), (Must, builder.term("id", document_id))]
                ),
                1,
                count=False,
            ).hits
            if page:
                page_text = searcher.doc(page[0][1]).get_first("page_text") or ""
                vocabulary.update(w.lower() for w in _WORD.findall(page_text))
    respelled, changed = text, False
    for word in words:
        lowered = word.lower()
        # Short words ("of", "to") are kept as typed: the respelled search must find them.
        if lowered in vocabulary or not _WORD.search(word):
            continue
        close = difflib.get_close_matches(lowered, vocabulary, n=1, cutoff=0.7)
        if not close:
            return ""  # a word left as typed would not read as one
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        respelled, replaced = pattern.subn(close[0], respelled, count=1)
        changed = changed or bool(replaced)
    return clean(respelled).strip() if changed else ""


def _highlight(snippet: tantivy.Snippet) -> SafeString | str:
    """The passage with matches in <mark>; the text itself is escaped."""
    fragment = snippet.fragment()
    ranges = sorted((r.start, r.end) for r in snippet.highlighted())
    if not fragment or not ranges:
        return ""
    data = fragment.encode("utf-8")
    parts, position = [], 0
    for start, end in ranges:
        if start < position:
            continue
        parts.append(escape(data[position:start].decode("utf-8", "ignore")))
        parts.append(f"<mark>{escape(data[start:end].decode('utf-8', 'ignore'))}</mark>")
        position = end
    parts.append(escape(data[position:].decode("utf-8", "ignore")))
    return mark_safe("".join(parts).strip())  # noqa: S308 - every part is escaped above


def _shorten(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit) if " " in text[:limit] else limit] + "…"


def run_live_search(text: str, user, *, scope: str = "all", limit: int = 10) -> SearchResults:
    """Top matches on identifier, title and summary; the last word may be unfinished."""
    results = SearchResults(per_page=limit)
    parsed = parse(text, last_is_prefix=True)
    if not parsed.positive:
        return results
    builder = _open()
    searcher = builder.searcher
    scoring = builder.compiler.text_query(parsed, LIVE_WEIGHTS)
    if scoring is None:
        return results
    exact = builder.compiler.identifier_query(parsed)
    if exact is not None:
        scoring = tantivy.Query.boolean_query([(Should, scoring), (Should, exact)])
    musts = [builder.what("all" if scope == "all" else "documents", scope, "")]
    # The hits shown are read again through the access module, as the results page's rows are;
    # a few spare ones stand in for any it turns away.
    final = _filtered(scoring, musts, builder.access(user))
    found = searcher.search(final, limit + LIVE_SPARE, count=False).hits
    hits = _still_visible([_hit(searcher, address, score) for score, address in found], user)
    hits = hits[:limit]
    best = max((hit.score for hit in hits), default=0.0)
    for hit in hits:
        hit.percent = round(100 * hit.score / best) if best > 0 else 0
    results.hits = hits
    results.total = len(hits)
    return results


def _still_visible(hits: list[SearchHit], user) -> list[SearchHit]:
    """The hits `user` may see now, by the access module (the index may lag a change)."""
    if is_library_staff(user):
        return hits
    wanted: dict[str, list[int]] = {}
    for hit in hits:
        wanted.setdefault(hit.kind, []).append(hit.document_id)
    allowed = {
        "document": set(
            visible_documents(user)
            .filter(pk__in=wanted.get("document", []))
            .values_list("pk", flat=True)
        ),
        "agreement": set(
            visible_agreements(user)
            .filter(pk__in=wanted.get("agreement", []))
            .values_list("pk", flat=True)
        )
        if wanted.get("agreement")
        else set(),
    }
    # Delegations and help questions are readable by anyone.
    return [hit for hit in hits if hit.kind not in allowed or hit.document_id in allowed[hit.kind]]


__all__ = ["ALL_FIELDS", "run_count", "run_live_search", "run_search"]
