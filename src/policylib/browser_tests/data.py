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

# --- The review-and-comment round (test_review_round.py) ---------------------------------


@dataclass(frozen=True)
class Member(Person):
    """Someone with roles in offices of the drafting and review tools."""

    first_name: str = ""
    last_name: str = ""
    roles: tuple[tuple[str, str], ...] = ()  # (office abbreviation, role)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class OfficeInfo:
    name: str
    abbreviation: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.abbreviation})"


OPI = OfficeInfo("Transport Policy Office", "TPO")
FIELD = OfficeInfo("Transport Field Operations", "TFO")
SUPPORT = OfficeInfo("Transport Mission Support", "TMS")
LATE = OfficeInfo("Transport Enforcement", "TEN")  # never answers: the period closes without it
BOARD = OfficeInfo("Transport Review Board", "TRB")

AUTHOR = Member(
    "dana.ashby", "dana.ashby@example.org", first_name="Dana", last_name="Ashby",
    roles=(("TPO", "author"), ("TPO", "owner")),
)  # fmt: skip
FIELD_DPC = Member(
    "frank.field", "frank.field@example.org", first_name="Frank", last_name="Field",
    roles=(("TFO", "dpc"),),
)  # fmt: skip
FIELD_REVIEWER = Member(
    "rita.reviewer", "rita.reviewer@example.org", first_name="Rita", last_name="Reviewer",
    roles=(("TFO", "reviewer"),),
)  # fmt: skip
SUPPORT_DPC = Member(
    "mike.support", "mike.support@example.org", first_name="Mike", last_name="Support",
    roles=(("TMS", "dpc"),),
)  # fmt: skip
SUPPORT_REVIEWER = Member(
    "ross.reviewer", "ross.reviewer@example.org", first_name="Ross", last_name="Reviewer",
    roles=(("TMS", "reviewer"),),
)  # fmt: skip
LATE_DPC = Member(
    "eve.late", "eve.late@example.org", first_name="Eve", last_name="Late", roles=(("TEN", "dpc"),)
)
BOARD_MEMBER = Member(
    "bea.barlow", "bea.barlow@example.org", first_name="Bea", last_name="Barlow",
    roles=(("TRB", "board"),),
)  # fmt: skip
SIGNATORY = Member(
    "sam.sinclair", "sam.sinclair@example.org", first_name="Sam", last_name="Sinclair",
    roles=(("TRB", "signatory"),),
)  # fmt: skip

# Revised through the whole round; its own program area, so no other list changes.
REVIEW_CATEGORY = "Detainee Restraints"
REVIEW_CATEGORY_SLUG = "detainee-restraints"
REVISED = Doc(
    "DTP 0010",
    "Restraint of Detainees During Transport",
    "When officers apply restraints to detainees in vehicles, and which restraints.",
)
REVISED_V1_TEXT = "Officers apply hand restraints to every detainee before boarding."
REVISED_V2_TEXT = "Officers apply hand and leg restraints to every detainee before boarding."

# --- The MOA/MOU and Delegations libraries (test_agreements_delegations.py) ---------------

PARTY = "Marlowe County Sheriff's Office"
PARTY_ABBREVIATION = "MCSO"
AGREEMENT_IDENTIFIER = "MOA 26-11"
AGREEMENT_TITLE = "Memorandum of Agreement with the Marlowe County Sheriff's Office on Jail Beds"
AGREEMENT_EXPIRES_IN_DAYS = 12  # within the expiring-soon window
AGREEMENT_MODIFICATION = "Added beds for female detainees"
AGREEMENT_FILE = "MOA-26-11.pdf"

AUTHORITY = "Approve the use of restraint chairs during transport"
AUTHORITY_SLUG = "approve-restraint-chairs"
DIRECTOR = "Director, Transport Division"
DIRECTOR_HOLDER = "Jordan Q. Ames"
CHIEF = "Chief, Marlowe Transport Unit"
CHIEF_HOLDER = "Casey L. Brandt"
SUPERVISOR = "Supervisor, Marlowe Transport Unit"
SUPERVISOR_HOLDER = "Morgan T. Reyes"
DELEGATION_LIMITS = "Only for transports of up to four hours."

# --- Staff upload (test_upload_api.py) ------------------------------------------------------

# A document of its own, without files, that staff add files to by drag and drop.
UPLOAD_DOC = Doc(
    "DTP 0011",
    "Transport Vehicle Maintenance Log Procedures",
    "How drivers keep the maintenance log of each transport vehicle.",
    pdf=False,
)

# --- Pages of work checked by axe-core alone (test_accessibility.py) -------------------------

# Reads the audit trail; the role's group gives the permission.
ADMINISTRATOR = Person("ada.admin", "ada.admin@example.org", staff=True)
# A new directive drafted, saved twice and in an open comment period: the Training Academy's
# reviewer has commented twice, and the Safety Office has submitted its position with one
# comment, answered by the OPI. The pages a round passes through, left in that state. Its offices
# and people are its own, and it is due long after the round's day of closing, so the round and
# these checks never see each other's work.
TRAINING = OfficeInfo("Transport Training Academy", "TTA")
SAFETY = OfficeInfo("Transport Safety Office", "TSO")
TRAINING_DPC = Member(
    "tess.tran", "tess.tran@example.org", first_name="Tess", last_name="Tran",
    roles=(("TTA", "dpc"),),
)  # fmt: skip
TRAINING_REVIEWER = Member(
    "ray.ruiz", "ray.ruiz@example.org", first_name="Ray", last_name="Ruiz",
    roles=(("TTA", "reviewer"),),
)  # fmt: skip
SAFETY_DPC = Member(
    "sid.shaw", "sid.shaw@example.org", first_name="Sid", last_name="Shaw",
    roles=(("TSO", "dpc"),),
)  # fmt: skip
IN_REVIEW_DUE_IN_DAYS = 120
IN_REVIEW = Doc(
    "DTP 0012",
    "Seat Belts in Transport Vans",
    "Which detainees wear seat belts in transport vans, and who checks them.",
)
IN_REVIEW_COMMENTS = (
    "The van models that have no rear seat belts are not named anywhere.",
    "Spell out DTP at its first use.",
)
IN_REVIEW_SUBMITTED = "Name the form on which the escort officer records the check."
IN_REVIEW_ANSWER = "Form DTP-12 is now named in section 2."

# --- A draft in every state, for the tags' colours (test_accessibility.py) ------------------

# Records drafts new directives in its own offices, so no journey sees them: one draft left in
# each state a draft can be in. Two are in an open period at once, so the Records Review DPC's
# My reviews lists the same step for two drafts. In the first, the DPC has dropped a comment and
# merged another, so its office review shows every comment tag.
RECORDS = OfficeInfo("Transport Records Office", "TRO")
RECORDS_REVIEW = OfficeInfo("Transport Records Review", "TRR")
RECORDS_BOARD = OfficeInfo("Transport Records Board", "TRD")
RECORDS_AUTHOR = Member(
    "lee.lane", "lee.lane@example.org", first_name="Lee", last_name="Lane",
    roles=(("TRO", "author"), ("TRO", "owner")),
)  # fmt: skip
RECORDS_DPC = Member(
    "rhea.rowe", "rhea.rowe@example.org", first_name="Rhea", last_name="Rowe",
    roles=(("TRR", "dpc"),),
)  # fmt: skip
RECORDS_SIGNER = Member(
    "bo.bright", "bo.bright@example.org", first_name="Bo", last_name="Bright",
    roles=(("TRD", "board"), ("TRD", "signatory")),
)  # fmt: skip
# identifier, title, the state it is left in (reviews.models.DraftState)
STATE_DRAFTS = (
    ("DTP 0020", "Transport Records: Drafting", "drafting"),
    ("DTP 0021", "Transport Records: Comment Period", "in_review"),
    ("DTP 0022", "Transport Records: Second Comment Period", "in_review"),
    ("DTP 0023", "Transport Records: Resolving", "resolving"),
    ("DTP 0024", "Transport Records: Concurrence", "concurrence"),
    ("DTP 0025", "Transport Records: Approval", "approval"),
    ("DTP 0026", "Transport Records: Approved", "approved"),
    ("DTP 0027", "Transport Records: Issued", "issued"),
    ("DTP 0028", "Transport Records: Cancelled", "cancelled"),
)

REVIEW_OFFICES = (OPI, FIELD, SUPPORT, LATE, BOARD, TRAINING, SAFETY, RECORDS, RECORDS_REVIEW,
                  RECORDS_BOARD)  # fmt: skip
MEMBERS = (
    AUTHOR, FIELD_DPC, FIELD_REVIEWER, SUPPORT_DPC, SUPPORT_REVIEWER, LATE_DPC, BOARD_MEMBER,
    SIGNATORY, TRAINING_DPC, TRAINING_REVIEWER, SAFETY_DPC, RECORDS_AUTHOR, RECORDS_DPC,
    RECORDS_SIGNER,
)  # fmt: skip
