"""How a query's keyword and semantic rankings are weighed and fused into one.

Keyword ranking (BM25 with field boosts) is what identifiers, names and exact words need;
semantic ranking (passage vectors, see vectors.py) is what a question in plain words needs.
Both rankings are fused by reciprocal rank fusion (each list contributes weight / (K + rank)),
which needs no calibration between BM25 scores and cosine similarities. How much the semantic
list weighs grows with the number of meaningful words: a one-word query is a keyword query;
a question of several words is mostly about its meaning. Query syntax (a "phrase", OR, a
prefix*) asks for exact matching, so it turns the semantic part off.
"""

from dataclasses import dataclass
from functools import cache

import tantivy

from policylib.search import SearchQuery
from policylib.search.query import Clause, Parsed

K = 60  # the usual constant of reciprocal rank fusion
# Keyword hits read beyond the page being shown, so that fusion can reorder them.
WINDOW = 40
# Passages read from the vectors, and records kept as semantic hits at most.
SEMANTIC_ROWS = 400
SEMANTIC_CANDIDATES = 200  # records checked against access and filters
SEMANTIC_HITS = 50
# A semantic hit is kept when its similarity is within this of the best one: the rest is
# noise a reader would not call a match (and would inflate the count).
SEMANTIC_MARGIN = 0.12
# Less than a page of results for all the words of a question (three meaningful words or
# more): rank by how many of them match instead, rarer words weighing more.
RELAX_BELOW = 20
RELAX_FROM_WORDS = 3
SEMANTIC_WEIGHTS = {0: 0.0, 1: 0.0, 2: 0.5}  # by meaningful words; more: SEMANTIC_WEIGHT
SEMANTIC_WEIGHT = 1.0


@dataclass(frozen=True)
class Plan:
    keyword_weight: float
    semantic_weight: float
    relaxable: bool  # may fall back to ranking by the meaningful words that match

    @property
    def fused(self) -> bool:
        return bool(self.semantic_weight or self.relaxable)


@cache
def _stopwords() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stopword("english"))
        .build()
    )


def meaningful(clause: Clause) -> bool:
    """A word that says something: not a stop word ("the", "of", "to"), not a lone letter."""
    return any(len(token) > 1 for token in _stopwords().analyze(clause.text))


def plan(query: SearchQuery, parsed: Parsed) -> Plan | None:
    """How to match `query`; None for plain keyword search (typos then allowed)."""
    exact_syntax = any(len(group) > 1 for group in parsed.groups) or any(
        c.kind == "phrase" or (c.kind == "prefix" and not c.unfinished) for c in parsed.positive
    )
    words = sum(1 for c in parsed.positive if meaningful(c))
    if query.mode == "keyword" or exact_syntax or not query.text.strip():
        semantic = 0.0
    else:
        semantic = SEMANTIC_WEIGHTS.get(words, SEMANTIC_WEIGHT)
    if query.mode == "semantic":
        return Plan(keyword_weight=0.0, semantic_weight=1.0, relaxable=False)
    chosen = Plan(
        keyword_weight=1.0,
        semantic_weight=semantic,
        relaxable=words >= RELAX_FROM_WORDS and not exact_syntax,
    )
    return chosen if chosen.fused else None


def semantic_text(text: str) -> str:
    """The question as the model should read it: without the syntax characters."""
    return " ".join(text.replace('"', " ").replace("*", " ").split())


def close_enough(passages: list) -> list:
    """The records (best passage each, best first) near enough to the best one to count."""
    if not passages:
        return []
    top = passages[0].score
    return [p for p in passages[:SEMANTIC_HITS] if p.score >= top - SEMANTIC_MARGIN]


@dataclass
class Fused:
    owner: int
    address: object
    score: float
    percent: int = 0


def fuse(keyword: list[tuple], semantic: list[tuple], plan: Plan, pinned: list[tuple]) -> list:
    """One ranking from (owner, score, address) lists, best first; `pinned` (owner, address)
    records, whose identifier was typed exactly, come first whatever their ranks."""
    fused: dict[int, Fused] = {}
    for weight, ranking in ((plan.keyword_weight, keyword), (plan.semantic_weight, semantic)):
        if not weight:
            continue
        for rank, (owner, _, address) in enumerate(ranking, 1):
            entry = fused.setdefault(owner, Fused(owner, address, 0.0))
            entry.score += weight / (K + rank)
    if not fused:
        return []
    ordered = sorted(fused.values(), key=lambda f: -f.score)
    best = ordered[0].score
    first = [fused.pop(owner) for owner, _ in pinned if owner in fused]
    first += [Fused(o, a, best) for o, a in pinned if o not in {f.owner for f in first}]
    rest = [f for f in ordered if f.owner in fused]
    # As for keyword search: relevance as a share of the best hit's.
    for entry in rest:
        entry.percent = round(100 * entry.score / best)
    for entry in first:
        entry.percent = 100
    return [*first, *rest]
