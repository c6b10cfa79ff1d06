"""What the browser tests' library holds besides the demo: known people and documents.

`prepare` creates these in the data folder the server runs on; the tests read the same names, so
a journey never depends on what the demo happens to contain.
"""

from dataclasses import dataclass

PASSWORD = "a long browser test password"  # noqa: S105


@dataclass(frozen=True)
class Person:
    username: str
    email: str
    staff: bool = False


READER = Person("alice", "alice@example.org")
LIBRARIAN = Person("carol", "carol@example.org", staff=True)

# A program area of its own, so its list holds exactly the documents below.
CATEGORY = "Detainee Transportation"
CATEGORY_SLUG = "detainee-transportation"


@dataclass(frozen=True)
class Doc:
    identifier: str
    title: str
    summary: str
    document_type: str = "Directive"
    pdf: bool = True


# Browsed, downloaded, printed and sent.
ESCORT = Doc(
    "DTP 0001",
    "Escort of Detainees by Ground Transportation",
    "Sets the standards for escorting detainees in vehicles between facilities.",
)
# Superseded by the librarian during the staff journey; no other test relies on its status.
BUS_SAFETY = Doc(
    "DTP 0002",
    "Transport Bus Safety Inspections",
    "How often buses used to move detainees are inspected, and by whom.",
)
# A word no demo document uses, found by live search as it is typed.
LIVE_WORD = "kestrelwick"
LIVE_DOC = Doc(
    "DTP 0003",
    "Kestrelwick Airfield Transfer Procedures",
    "Transfers of detainees through the Kestrelwick airfield.",
)
# Three documents sharing a word; the Type facet narrows them.
FACET_WORD = "lanyard"
FACET_DOCS = (
    Doc("DTP 0004", "Lanyard Identification for Escort Officers", "Who wears which lanyard."),
    Doc("DTP 0005", "Lanyard Colors in Holding Areas", "What each lanyard color means."),
    Doc(
        "DTP 0006",
        "Lanyard Handbook for Contract Guards",
        "A handbook of lanyard rules for contract guards.",
        document_type="Handbook",
    ),
)
DOCUMENTS = (ESCORT, BUS_SAFETY, LIVE_DOC, *FACET_DOCS)

# What the librarian issues in the staff journey.
SUCCESSOR_IDENTIFIER = "DTP 0002 Rev 1"
SUCCESSOR_TITLE = "Transport Bus Safety Inspections (Revised)"
