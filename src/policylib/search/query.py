"""The reader's query syntax, parsed here and turned into tantivy queries directly.

Syntax: words (all must match), "exact phrase", a OR b, -exclude (or NOT word), prefix*.
The last word may be unfinished ("detainee tra" finds "detainee transfers"), for the results
page as for the suggestions under the search box.
Anything else (field names, brackets, boosts, stray quotes or operators) is read as plain
words, so no input is an error. User text never reaches tantivy's own query parser.
"""

import re
from dataclasses import dataclass, field
from functools import cache

import tantivy

from policylib.search.schema import (
    IDENTIFIER_BOOST,
    SEARCHED,
    build_analyzer,
    build_prefix_analyzer,
    identifier_key,
)

# The longest query read, and the search boxes' maxlength. A box filled with characters of
# three UTF-8 bytes (nine, percent-encoded) still makes a request line, facet and page
# parameters included, under the server's limit (`policylib serve`: 8190 bytes).
MAX_QUERY_CHARS = 800
MAX_CLAUSES = 24
MAX_PREFIX_TERMS = 50
UNFINISHED_BOOST = 0.1
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]+")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
                         "\u00bb": '"'})  # fmt: skip

Weighted = tuple[tuple[str, float], ...]
ALL_FIELDS: Weighted = tuple((f.name, f.boost) for f in SEARCHED)


@cache
def analyzer() -> tantivy.TextAnalyzer:
    return build_analyzer()


@cache
def prefix_analyzer() -> tantivy.TextAnalyzer:
    return build_prefix_analyzer()


@dataclass
class Clause:
    """One word, phrase or prefix of the query."""

    text: str
    kind: str = "word"  # word, phrase, prefix
    exclude: bool = False
    # The last word typed, maybe unfinished: it matches as the word itself or as a prefix.
    unfinished: bool = False

    @property
    def tokens(self) -> list[str]:
        return analyzer().analyze(self.text)


@dataclass
class Parsed:
    """Positive clauses grouped by OR (each group must match), and excluded clauses."""

    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)

    @property
    def positive(self) -> list[Clause]:
        return [clause for group in self.groups for clause in group]

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)


def clean(text: str) -> str:
    return _CONTROL.sub(" ", text or "").translate(_QUOTES)[:MAX_QUERY_CHARS]


def parse(text: str, *, last_is_prefix: bool = False) -> Parsed:
    """Read the reader's syntax. Never fails."""
    text = clean(text)
    items: list[Clause | str] = []
    position, length = 0, len(text)
    negate_next = False
    while position < length and len(items) < MAX_CLAUSES * 2:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        exclude = negate_next
        negate_next = False
        if char == "-" and position + 1 < length and not text[position + 1].isspace():
            exclude = True
            position += 1
            char = text[position]
        if char == '"':
            end = text.find('"', position + 1)
            end = length if end < 0 else end
            items.append(Clause(text[position + 1 : end], "phrase", exclude))
            position = end + 1
            continue
        end = position
        while end < length and not text[end].isspace() and text[end] != '"':
            end += 1
        word = text[position:end]
        position = end
        if word in {"OR", "|", "||"}:
            items.append("OR")
        elif word in {"NOT", "!"}:
            negate_next = True
        elif word in {"AND", "&&", "+"}:
            continue
        else:
            word = word.lstrip("+")
            kind = "prefix" if word.endswith("*") else "word"
            items.append(Clause(word.rstrip("*"), kind, exclude))
    if last_is_prefix and items and not text[-1:].isspace():
        last = items[-1]
        if isinstance(last, Clause) and last.kind == "word" and not last.exclude:
            last.kind, last.unfinished = "prefix", True
    parsed = Parsed()
    join_next = False
    for item in items:
        if item == "OR":
            join_next = bool(parsed.groups)
            continue
        assert isinstance(item, Clause)
        if not _usable(item):
            continue
        if item.exclude:
            parsed.excluded.append(item)
        elif join_next:
            parsed.groups[-1].append(item)
        else:
            parsed.groups.append([item])
        join_next = False
    parsed.groups = parsed.groups[:MAX_CLAUSES]
    parsed.excluded = parsed.excluded[:MAX_CLAUSES]
    return parsed


def _usable(clause: Clause) -> bool:
    if clause.kind == "prefix":
        tokens = prefix_analyzer().analyze(clause.text)
        if not tokens:
            return False
        if len(tokens[-1]) < 2:
            clause.kind, clause.unfinished = "word", False
    return bool(clause.tokens)


# Derivations the English stemmer keeps apart although readers expect them to meet
# ("detain" finds "detention"). Applied to whole words, with at least 2 letters left over.
DERIVATIONS = (
    ("ain", "ention"),
    ("ceive", "ception"),
    ("sume", "sumption"),
    ("scribe", "scription"),
    ("duce", "duction"),
    ("vene", "vention"),
    ("olve", "olution"),
    ("mit", "mission"),
    ("pel", "pulsion"),
)
_INFLECTIONS = ("ing", "ed", "es", "s", "d")


def related_stems(word: str) -> set[str]:
    """Stems of words derived from `word` by the table above, besides its own stem."""
    word = word.lower()
    bases = {word} | {word[: -len(end)] for end in _INFLECTIONS if word.endswith(end)}
    bases |= {word[:-1] + "e" for word in list(bases)}
    related: set[str] = set()
    for base in bases:
        for short, long in DERIVATIONS:
            for a, b in ((short, long), (long, short)):
                if base.endswith(a) and len(base) - len(a) >= 2:
                    related.update(analyzer().analyze(base[: -len(a)] + b))
    return related - set(analyzer().analyze(word))


class Compiler:
    """Turns parsed clauses into tantivy queries over weighted fields."""

    def __init__(self, index: tantivy.Index, searcher: tantivy.Searcher) -> None:
        self.schema = index.schema
        self.searcher = searcher

    def text_query(
        self, parsed: Parsed, fields: Weighted = ALL_FIELDS, *, fuzzy: bool = False
    ) -> tantivy.Query | None:
        """All groups must match, no excluded clause may; None when nothing is searchable."""
        musts = []
        for group in parsed.groups:
            alternatives = [self.clause(c, fields, fuzzy=fuzzy) for c in group]
            alternatives = [q for q in alternatives if q is not None]
            if alternatives:
                musts.append(_any(alternatives))
        if not musts and not parsed.excluded:
            return None
        subqueries = [(tantivy.Occur.Must, q) for q in musts] or [
            (tantivy.Occur.Must, tantivy.Query.all_query())
        ]
        for clause in parsed.excluded:
            query = self.clause(clause, fields)
            if query is not None:
                subqueries.append((tantivy.Occur.MustNot, query))
        return tantivy.Query.boolean_query(subqueries)

    def clause(
        self, clause: Clause, fields: Weighted, *, fuzzy: bool = False, phrases: bool = True
    ) -> tantivy.Query | None:
        """The clause over `fields`; `phrases=False` matches a phrase's words anywhere."""
        tokens = clause.tokens
        if clause.kind == "prefix" and clause.unfinished:
            whole = self.clause(Clause(clause.text), fields, fuzzy=fuzzy, phrases=phrases)
            started = self._prefix(clause, fields)
            if whole is None:
                return started
            # The word as typed outweighs its completions ("code" before "codecs").
            return _any([whole, _boost(started, UNFINISHED_BOOST)])
        if clause.kind == "prefix":
            return self._prefix(clause, fields)
        if not tokens:
            return None
        per_field = []
        for name, boost in fields:
            if len(tokens) == 1 and fuzzy:
                distance = 1 if len(tokens[0]) <= 5 else 2
                query = tantivy.Query.fuzzy_term_query(self.schema, name, tokens[0], distance)
            elif len(tokens) == 1:
                query = self._term(name, tokens[0])
                if clause.kind == "word":
                    extra = [self._term(name, stem) for stem in sorted(related_stems(clause.text))]
                    query = _any([query, *extra]) if extra else query
            elif phrases:
                query = tantivy.Query.phrase_query(self.schema, name, tokens)
            else:
                query = _any([self._term(name, token) for token in tokens])
            per_field.append(_boost(query, boost))
        return _any(per_field)

    def _prefix(self, clause: Clause, fields: Weighted) -> tantivy.Query | None:
        words = prefix_analyzer().analyze(clause.text)
        head, last = words[:-1], words[-1]
        prefixes = {last, *analyzer().analyze(last)}
        per_field = []
        for name, boost in fields:
            terms: set[str] = set()
            for prefix in prefixes:
                found = self.searcher.terms_with_prefix(name, prefix, limit=MAX_PREFIX_TERMS)
                terms.update(term for term, _ in found)
            if not terms:
                continue
            query = _any([self._term(name, term) for term in sorted(terms)])
            if head:
                leading = [self._term(name, t) for w in head for t in analyzer().analyze(w)]
                query = tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, q) for q in [*leading, query]]
                )
            per_field.append(_boost(query, boost))
        return _any(per_field) if per_field else tantivy.Query.empty_query()

    def identifier_query(self, parsed: Parsed) -> tantivy.Query | None:
        """The document whose identifier is exactly what was typed, boosted to the top."""
        key = identifier_key(" ".join(c.text for c in parsed.positive))
        if not key or parsed.excluded:
            return None
        return _boost(self._term("identifier_key", key), IDENTIFIER_BOOST)

    def _term(self, name: str, value) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, name, value)


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def _boost(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)
