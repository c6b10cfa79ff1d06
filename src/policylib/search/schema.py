"""The index's fields, declared once with their boosts, and the text analyzer they share."""

import datetime
import re
from dataclasses import dataclass

import tantivy

# Bump when fields or analysis change: an index built with another version is rebuilt.
SCHEMA_VERSION = 7
ANALYZER = "policy_en"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, keyword, int, date
    boost: float = 0.0  # > 0: searched by the reader's words, with this weight
    stored: bool = False
    fast: bool = False
    # Page text needs no positions: it only picks the page and the passage to show.
    positions: bool = True


# One tantivy document per library document (kind "doc"), plus one per page of text
# (kind "page") so a snippet comes from the best-matching page alone. The other records of the
# site (kinds "agreement", "delegation", "help") are one tantivy document each, found by `ref`.
FIELDS: tuple[Field, ...] = (
    Field("id", "int", stored=True, fast=True),
    Field("kind", "keyword", fast=True),
    # Searched text, strongest first.
    Field("identifier", "text", boost=6.0, stored=True),
    Field("title", "text", boost=5.0, stored=True),
    Field("subjects", "text", boost=3.0),
    Field("summary", "text", boost=2.0, stored=True),
    Field("body", "text", boost=1.0),
    # An identifier typed as such ("DROPPM Chapter 21") puts that document first.
    Field("identifier_key", "keyword"),
    Field("signatory", "text"),
    # Filters and facets.
    Field("status", "keyword", stored=True, fast=True),
    Field("library", "keyword", fast=True),
    Field("type", "keyword", stored=True, fast=True),
    Field("opi", "int", fast=True),
    Field("category", "int", fast=True),
    Field("year", "int", fast=True),
    Field("issued", "date", stored=True, fast=True),
    Field("marking", "keyword"),
    Field("groups", "int"),
    # When the indexed state was read (microseconds), to find stale entries.
    Field("stamp", "int", stored=True, fast=True),
    # Records other than library documents: "agreement:12", their own id, address, parties,
    # expiry (scopes are decided at query time, as expiry moves with the calendar) and state.
    Field("ref", "keyword", stored=True),
    Field("record_id", "int", stored=True),
    # Documents and other records alike: the number their passage vectors are kept under
    # (vectors.owner_of), read back as a fast field when rankings are fused.
    Field("owner", "int", fast=True),
    Field("url", "keyword", stored=True),
    Field("party", "keyword"),
    Field("expires", "date", fast=True),
    Field("record_state", "keyword"),
    # Page documents.
    Field("page", "int", stored=True),
    # The attachment a page comes from (none for the main file and the document's own text).
    Field("file", "int", stored=True),
    Field("file_name", "keyword", stored=True),
    Field("page_text", "text", stored=True, positions=False),
)

FIELD_BY_NAME = {field.name: field for field in FIELDS}
SEARCHED = tuple(field for field in FIELDS if field.boost > 0)
LIVE_FIELDS = ("identifier", "title", "summary")
IDENTIFIER_BOOST = 50.0


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for field in FIELDS:
        if field.kind == "text":
            builder.add_text_field(
                field.name,
                stored=field.stored,
                tokenizer_name=ANALYZER,
                index_option="position" if field.positions else "freq",
            )
        elif field.kind == "keyword":
            builder.add_text_field(
                field.name, stored=field.stored, fast=field.fast, tokenizer_name="raw"
            )
        elif field.kind == "int":
            builder.add_integer_field(
                field.name, stored=field.stored, indexed=True, fast=field.fast
            )
        elif field.kind == "date":
            builder.add_date_field(field.name, stored=field.stored, indexed=True, fast=field.fast)
    return builder.build()


def build_analyzer() -> tantivy.TextAnalyzer:
    """English words: lower case, accents folded, stemmed ("detained" → "detain")."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def build_prefix_analyzer() -> tantivy.TextAnalyzer:
    """Like the main analyzer but without stemming: a prefix is matched before stemming."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


# The index keeps dates in nanoseconds since 1970, so it holds the years 1678 to 2262 only;
# a date outside is clamped (a typo such as year 20244 must not stop indexing).
EARLIEST_DATE = datetime.date(1678, 1, 1)
LATEST_DATE = datetime.date(2262, 1, 1)


def index_date(day: datetime.date) -> datetime.datetime:
    day = min(max(day, EARLIEST_DATE), LATEST_DATE)
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


_NOT_WORD = re.compile(r"[\W_]+")


def identifier_key(identifier: str) -> str:
    """ "DROPPM Chapter 21", "droppm-chapter-21" and "DROPPM  chapter 21" share one key."""
    return " ".join(_NOT_WORD.sub(" ", identifier.casefold()).split())
