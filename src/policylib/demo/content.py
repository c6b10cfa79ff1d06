"""What the demo library holds: libraries, vocabularies, documents, their links and site text.

Everything here is plain data. `build_plan()` turns it into the full, ordered list of records
and lifecycle steps; the only randomness is a `random.Random` with a fixed seed, so every call
returns the same plan.
"""

import datetime
import random
import re
from dataclasses import dataclass, field

from django.utils.text import slugify

SEED = 20060203
DRO = "Detention and Removal Operations"
INS = "Immigration and Naturalization Service"
DIHS_SOURCE = "Division of Immigration Health Services"
# Documents issued before this date were issued by the INS, before ICE was formed.
ICE_FORMED = datetime.date(2003, 3, 1)

# Marking values, as stored on Document.marking.
PUBLIC = "public"
INTERNAL = "internal"
RESTRICTED = "restricted"

LES_GROUP = "LES"


# -- Libraries, categories, offices, types ------------------------------------------------


@dataclass(frozen=True)
class LibrarySpec:
    slug: str
    name: str
    placement: str
    order: int
    description: str = ""
    explanation: str = ""


LIBRARIES = (
    LibrarySpec(
        slug="directives",
        name="Directives and Guidance",
        placement="documents",
        order=1,
        description=(
            "DRO directives, guidance, and related documents cover all DRO operations including: "
            "Field Operations; Mission Support; Information, Policy, and Communications; "
            "Enforcement; Detention and Removal, and Immigration Health Services."
        ),
        explanation=(
            "Policies set direction, like a compass; while procedures and guidance documents are "
            "like a road map – they guide you to your destination. While policy provides the "  # noqa: RUF001
            "principles that set forth the way you do your work, procedures and guidance provides "
            "instructions on how to implement the principles. Procedures and guidance provide a "
            "step-by-step approach to what needs to be done, and may offer options. As policy "
            "tells people *what* to do, guidance tells people *how* to do it."
        ),
    ),
    LibrarySpec(
        slug="moa-mou",
        name="MOA/MOU Library",
        placement="header",
        order=2,
        description=(
            "Memoranda of agreement (MOA) and memoranda of understanding (MOU) between DRO and "
            "other agencies and offices: who does what, who pays, and for how long."
        ),
    ),
    LibrarySpec(
        slug="delegations",
        name="Delegations Library",
        placement="header",
        order=3,
        description=(
            "Delegations of authority from the Director of Detention and Removal Operations to "
            "Field Office Directors and other officials."
        ),
    ),
    LibrarySpec(
        slug="references",
        name="References",
        placement="references",
        order=4,
        description=(
            "Resources to assist in the development of policy and to aid employees in doing "
            "their jobs."
        ),
    ),
)


@dataclass(frozen=True)
class CategorySpec:
    name: str
    description: str
    order: int

    @property
    def slug(self) -> str:
        return slugify(self.name)


FIELD_OPERATIONS = "Field Operations"
ENFORCEMENT = "Enforcement"
MISSION_SUPPORT = "Mission Support"
DETENTION_REMOVAL = "Detention and Removal Management"
INFORMATION_POLICY = "Information, Policy, and Communications"
HEALTH = "Immigration Health Services"

CATEGORIES = (
    CategorySpec(
        FIELD_OPERATIONS,
        "Documents relating to the operational oversight of DRO's field offices.",
        1,
    ),
    CategorySpec(
        ENFORCEMENT,
        "Documents that relate to detecting and arresting removable aliens, DRO response "
        "coordination, and firearms and tactics.",
        2,
    ),
    CategorySpec(
        MISSION_SUPPORT,
        "Documents that provide coordination of DRO administrative and management functions.",
        3,
    ),
    CategorySpec(
        DETENTION_REMOVAL,
        "Documents relating to the safety, security and care of aliens, and that support the "
        "removal of aliens without legal status from the United States.",
        4,
    ),
    CategorySpec(
        INFORMATION_POLICY,
        "Documents relating to the management of information, policy and communications within "
        "DRO.",
        5,
    ),
    CategorySpec(HEALTH, "Documents relating to medical care for aliens in U.S. custody.", 6),
)


@dataclass(frozen=True)
class OfficeSpec:
    name: str
    abbreviation: str
    parent: str = ""  # the parent's abbreviation


OFFICES = (
    OfficeSpec("Detention and Removal Management", "ADDRM"),
    OfficeSpec("Field Operations", "ADFO"),
    OfficeSpec("Mission Support", "ADMS"),
    OfficeSpec("Information, Policy and Communications", "ADIPC"),
    OfficeSpec("Enforcement", "ADE"),
    OfficeSpec("Immigration Health Services", "DIHS"),
    OfficeSpec("Policy Management Unit", "PMU", parent="ADIPC"),
)

DOCUMENT_TYPES = (
    "Directive",
    "Policy",
    "Procedure",
    "Guidance",
    "Field Advisory",
    "Manual",
    "Handbook",
    "Memorandum",
    "Appendix",
    "Chapter",
    "Notice",
    "Memorandum of Agreement",
    "Memorandum of Understanding",
    "Delegation of Authority",
    "Reference",
)


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str


TORRES = Signatory("John P. Torres", "Director, Office of Detention and Removal Operations")
DEPUTY = Signatory(
    "Margaret L. Dunleavy", "Deputy Director, Office of Detention and Removal Operations"
)
INS_FIELD = Signatory("Walter C. Pruett", "Executive Associate Commissioner, Field Operations")
SIGNATORIES = {
    "ADDRM": Signatory(
        "Elena M. Vasquez", "Assistant Director for Detention and Removal Management"
    ),
    "ADFO": Signatory("Raymond T. Okafor", "Assistant Director for Field Operations"),
    "ADMS": Signatory("Harold J. Whitcomb", "Assistant Director for Mission Support"),
    "ADIPC": Signatory(
        "Patricia A. Lindqvist", "Assistant Director for Information, Policy and Communications"
    ),
    "PMU": Signatory("Gregory S. Antonelli", "Chief, Policy Management Unit"),
    "ADE": Signatory("Thomas R. Galloway", "Assistant Director for Enforcement"),
    "DIHS": Signatory(
        "CAPT Samuel K. Brennan, USPHS", "Director, Division of Immigration Health Services"
    ),
}
# The office that usually owns the documents of each category.
CATEGORY_OPI = {
    FIELD_OPERATIONS: "ADFO",
    ENFORCEMENT: "ADE",
    MISSION_SUPPORT: "ADMS",
    DETENTION_REMOVAL: "ADDRM",
    INFORMATION_POLICY: "ADIPC",
    HEALTH: "DIHS",
}


# -- Documents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentSpec:
    """One document of the demo library, as `create_document` receives it."""

    key: str
    library: str  # library slug
    identifier: str
    title: str
    document_type: str
    opi: str  # office abbreviation
    issued_on: datetime.date
    summary: str
    topic: str  # a key of topics.TOPICS, the wording of its PDF
    categories: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    source: str = DRO
    signatory: Signatory | None = None
    marking: str = PUBLIC
    restricted_to: tuple[str, ...] = ()
    parent: str = ""  # key of the chapter an appendix belongs to
    file_name: str = ""
    entries: str = ""  # for references: which list of entries the PDF holds
    draft_first: bool = False  # created as a draft, then issued

    @property
    def pdf_name(self) -> str:
        if self.file_name:
            return self.file_name
        words = re.sub(r"[^\w\s.,()'-]", "", f"{self.identifier} {self.title}")
        return " ".join(words.split())[:120] + ".pdf"


# Lifecycle and link steps, run in order after every document exists.
@dataclass(frozen=True)
class Supersede:
    successor: str
    predecessor: str
    on: datetime.date | None = None


@dataclass(frozen=True)
class Issue:
    document: str
    on: datetime.date


@dataclass(frozen=True)
class Relate:
    document: str
    other: str


@dataclass(frozen=True)
class Amend:
    amending: str
    amended: str
    on: datetime.date


@dataclass(frozen=True)
class Cancel:
    document: str
    on: datetime.date
    note: str


@dataclass(frozen=True)
class Archive:
    document: str
    on: datetime.date
    note: str


Step = Supersede | Issue | Relate | Amend | Cancel | Archive

D = datetime.date
ESCORT = "escort-advisory"
CASE_LOAD = "case-load-priority"
FCMS = "fcms-reporting"
CHAPTER_11 = "droppm-11"
CHAPTER_16 = "droppm-16"
CHAPTER_11_TITLE = "Removal Process: Detention Control"
CHAPTER_16_TITLE = "Removal Process: Preparations for Travel Within 90 Days of Final Order"

# The documents of the site we imitate, with the metadata it shows.
SEED_DOCUMENTS = (
    DocumentSpec(
        key=ESCORT,
        library="directives",
        identifier="HQDRO 06-03",
        title="Field Advisory Deviation from the Escort Policy",
        document_type="Directive",
        opi="ADDRM",
        issued_on=D(2006, 2, 3),
        summary=(
            "Addresses requests to deviate from the Office of Detention and Removal's (HQDRO) "
            "Enforcement Standard pertaining to the escorting of aliens in custody where strict "
            "compliance with the policy is impossible or impractical. Requests for any such "
            "deviation will be considered by HQDRO on a case-by-case basis, and HQDRO will make "
            "the final determination as to whether deviation from the policy is permitted in a "
            "particular case. No deviation from the escort policy is permitted without express "
            "approval from HQDRO in the specific case."
        ),
        topic="escort",
        categories=(DETENTION_REMOVAL,),
        subjects=("Removal", "Escort"),
        signatory=TORRES,
        file_name="Deviation Escort Policy.pdf",
    ),
    DocumentSpec(
        key=CASE_LOAD,
        library="directives",
        identifier="HQDRO 04-02",
        title="Case Load Priority with Fugitive Operations",
        document_type="Memorandum",
        opi="ADE",
        issued_on=D(2004, 1, 22),
        summary=(
            "Sets the order in which Fugitive Operations Teams work their case loads, giving "
            "first priority to fugitives who pose a threat to national security and the "
            "community, followed by fugitives with criminal convictions."
        ),
        topic="fugitive",
        categories=(ENFORCEMENT,),
        subjects=("Fugitive Operations", "Case Management"),
    ),
    DocumentSpec(
        key=FCMS,
        library="directives",
        identifier="DRO 11072.1",
        title=(
            "Fugitive Case Management System Reporting and the 1,000 Arrests Annual Goal for "
            "Fugitive Operations Teams"
        ),
        document_type="Directive",
        opi="ADE",
        issued_on=D(2008, 9, 29),
        summary=(
            "Requires Fugitive Operations Teams to record all case activity in the Fugitive Case "
            "Management System (FCMS) and sets an annual goal of 1,000 arrests for each team, "
            "with monthly reporting of progress to HQDRO."
        ),
        topic="fugitive",
        categories=(ENFORCEMENT,),
        subjects=("Fugitive Operations", "Reporting", "Arrests"),
        signatory=DEPUTY,
    ),
    DocumentSpec(
        key="monthly-fugitive-2006",
        library="directives",
        identifier="HQDRO 06-11",
        title="Prioritized Monthly Fugitive Operations",
        document_type="Memorandum",
        opi="ADE",
        issued_on=D(2006, 6, 9),
        summary=(
            "Directs each field office to plan its fugitive operations month by month, working "
            "the highest-priority fugitive cases first and reporting the results to HQDRO at the "
            "end of each month."
        ),
        topic="fugitive",
        categories=(ENFORCEMENT,),
        subjects=("Fugitive Operations", "Reporting"),
    ),
    DocumentSpec(
        key="monthly-fugitive-2009",
        library="directives",
        identifier="HQDRO 09-02",
        title="Prioritized Monthly Fugitive Operations",
        document_type="Memorandum",
        opi="ADE",
        issued_on=D(2009, 2, 4),
        summary=(
            "Restates the monthly planning of fugitive operations for fiscal year 2009, adding "
            "the priority given to fugitives with convictions for violent crimes and the new "
            "FCMS monthly report."
        ),
        topic="fugitive",
        categories=(ENFORCEMENT,),
        subjects=("Fugitive Operations", "Reporting"),
    ),
    DocumentSpec(
        key="nfop-delegation",
        library="directives",
        identifier="HQDRO 07-08",
        title=(
            "Delegation of Authority and Standardization of the National Fugitive Operations "
            "Program (NFOP) Operational Plans"
        ),
        document_type="Memorandum",
        opi="ADE",
        issued_on=D(2007, 8, 3),
        summary=(
            "Delegates to Field Office Directors the approval of fugitive operations plans and "
            "standardizes the format of operational plans used by Fugitive Operations Teams "
            "across the National Fugitive Operations Program."
        ),
        topic="fugitive",
        categories=(ENFORCEMENT,),
        subjects=("Fugitive Operations", "Delegation of Authority"),
    ),
    DocumentSpec(
        key="droppm-21",
        library="directives",
        identifier="DROPPM Chapter 21",
        title="Legal Proceedings",
        document_type="Chapter",
        opi="ADDRM",
        issued_on=D(2003, 3, 27),
        summary=(
            "This chapter provides policy and procedures regarding Legal Proceedings with "
            "regard to Removal, including the finality of orders, stays of removal, and "
            "coordination with the Office of the Chief Counsel."
        ),
        topic="legal",
        categories=(DETENTION_REMOVAL,),
        subjects=("Legal Proceedings", "Removal"),
    ),
    DocumentSpec(
        key=CHAPTER_11,
        library="directives",
        identifier="DROPPM Chapter 11",
        title=CHAPTER_11_TITLE,
        document_type="Chapter",
        opi="ADDRM",
        issued_on=D(2003, 3, 27),
        summary=(
            "This chapter provides policy and procedures for detention control: the intake, "
            "classification, housing, and release of aliens held in detention pending removal."
        ),
        topic="detention",
        categories=(DETENTION_REMOVAL,),
        subjects=("Detention", "Removal"),
    ),
    DocumentSpec(
        key="droppm-11-2",
        library="directives",
        identifier="DROPPM Appendix 11-2",
        title='"A" File Review Checklist',
        document_type="Appendix",
        opi="ADDRM",
        issued_on=D(2003, 3, 27),
        summary=f"Appendix to DROPPM Chapter 11: {CHAPTER_11_TITLE}",
        topic="detention",
        categories=(DETENTION_REMOVAL,),
        subjects=("Detention", "A-Files"),
        parent=CHAPTER_11,
    ),
    DocumentSpec(
        key="droppm-11-4-1",
        library="directives",
        identifier="DROPPM Appendix 11-4.1",
        title="Juvenile Placement Worksheet",
        document_type="Appendix",
        opi="ADDRM",
        issued_on=D(2003, 3, 27),
        summary=f"Appendix to DROPPM Chapter 11: {CHAPTER_11_TITLE}",
        topic="juvenile",
        categories=(DETENTION_REMOVAL,),
        subjects=("Detention", "Juveniles"),
        parent=CHAPTER_11,
    ),
    DocumentSpec(
        key=CHAPTER_16,
        library="directives",
        identifier="DROPPM Chapter 16",
        title=CHAPTER_16_TITLE,
        document_type="Chapter",
        opi="ADDRM",
        issued_on=D(2003, 3, 27),
        summary=(
            "This chapter provides policy and procedures for obtaining travel documents and "
            "arranging travel so that aliens are removed within the 90-day removal period that "
            "follows a final order."
        ),
        topic="removal",
        categories=(DETENTION_REMOVAL,),
        subjects=("Removal", "Travel Documents"),
    ),
    DocumentSpec(
        key="droppm-16-6",
        library="directives",
        identifier="DROPPM Appendix 16-6",
        title="Treatment of Detainee Property and Identity Documents at Removal",
        document_type="Appendix",
        opi="ADDRM",
        issued_on=D(2003, 3, 27),
        summary=f"Attachment to DROPPM Chapter 16: {CHAPTER_16_TITLE}",
        topic="removal",
        categories=(DETENTION_REMOVAL,),
        subjects=("Removal", "Detainee Property"),
        parent=CHAPTER_16,
    ),
    DocumentSpec(
        key="cspa",
        library="directives",
        identifier="HQOPRD 70/6.1.1",
        title="The Child Status Protection Act",
        document_type="Memorandum",
        opi="ADFO",
        issued_on=D(2002, 9, 20),
        summary=(
            "INS Policy On August 6, 2002, the President signed into law the Child Status "
            "Protection Act (CSPA), Public Law 107-208, which permits certain aliens to keep "
            "their classification as a child after turning 21. This memorandum explains how "
            "the field is to apply the CSPA to pending and future cases."
        ),
        topic="legal",
        categories=(FIELD_OPERATIONS,),
        subjects=("Child Status Protection Act", "Juveniles"),
        source=INS,
        signatory=INS_FIELD,
    ),
    DocumentSpec(
        key="ngo-interviews",
        library="directives",
        identifier="HQDRO 07-14",
        title="Procedural Guidance and Interview Protocol for NGO Visits to Detention Facilities",
        document_type="Guidance",
        opi="ADFO",
        issued_on=D(2007, 11, 16),
        summary=(
            "Procedural guidance to ensure FODs are in compliance with ICE detention standards "
            "for Guidance on tours of detention facilities and interviews of detainees by "
            "non-governmental organizations."
        ),
        topic="ngo",
        categories=(FIELD_OPERATIONS, DETENTION_REMOVAL),
        subjects=("Detention Standards", "Interviews"),
    ),
    DocumentSpec(
        key="basic-training",
        library="directives",
        identifier="HQDRO 04-07",
        title="Basic Training Requirements for Immigration Enforcement Agents",
        document_type="Directive",
        opi="ADMS",
        issued_on=D(2004, 7, 12),
        summary=(
            "Upon entering on duty all Immigration Enforcement Agents will be required to fully "
            "participate in and successfully complete the Immigration Enforcement Agent basic "
            "training program at the Federal Law Enforcement Training Center."
        ),
        topic="training",
        categories=(MISSION_SUPPORT,),
        subjects=("Training", "Immigration Enforcement Agents"),
    ),
    DocumentSpec(
        key="bond-surrender",
        library="directives",
        identifier="HQDRO 05-09",
        title="Supplemental Guidance: Acceptance of Surrendered Aliens from Bond Agents",
        document_type="Guidance",
        opi="ADDRM",
        issued_on=D(2005, 5, 18),
        summary=(
            "Clarifies ICE policy for bond agents to effect proper surrender of a bonded alien in "
            "response to a demand notice (Form I-340), and the steps field offices take to accept "
            "the surrender."
        ),
        topic="bonds",
        categories=(FIELD_OPERATIONS, DETENTION_REMOVAL),
        subjects=("Bonds", "Surrender"),
    ),
    DocumentSpec(
        key="ncic-placement",
        library="directives",
        identifier="HQDRO 05-14",
        title="Placement of Fugitive Cases Into NCIC",
        document_type="Memorandum",
        opi="ADE",
        issued_on=D(2005, 8, 30),
        summary=(
            "Restates the requirement of placing fugitive cases into the National Crime "
            "Information Center (NCIC) Immigration Violator File, and sets the time frames for "
            "entering, validating, and clearing those records."
        ),
        topic="ncic",
        categories=(ENFORCEMENT,),
        subjects=("NCIC", "Fugitive Operations"),
    ),
    DocumentSpec(
        key="ncic-release",
        library="directives",
        identifier="DRO 11061.1",
        title="NCIC Requirements Prior to Removal or Release",
        document_type="Directive",
        opi="ADDRM",
        issued_on=D(2006, 10, 5),
        summary=(
            "To ensure that aliens, whose removal or release from custody is imminent, are clear "
            "of warrants, detainers, and other law enforcement interests, officers will query the "
            "National Crime Information Center (NCIC) before every removal or release."
        ),
        topic="ncic",
        categories=(ENFORCEMENT, DETENTION_REMOVAL),
        subjects=("NCIC", "Removal", "Release"),
    ),
)


@dataclass(frozen=True)
class Generated:
    """A demo document whose identifier, date, and signatory `build_plan` chooses."""

    title: str
    document_type: str
    topic: str
    subjects: tuple[str, ...]
    summary: str
    categories: tuple[str, ...] = ()
    opi: str = ""
    marking: str = PUBLIC
    restricted: bool = False
    key: str = ""
    issued_on: datetime.date | None = None
    draft_first: bool = False


GENERATED: dict[str, tuple[Generated, ...]] = {
    FIELD_OPERATIONS: (
        Generated(
            "Field Office Significant Incident Reporting",
            "Directive",
            "fieldops",
            ("Significant Incidents", "Reporting"),
            "Requires field offices to report significant incidents involving detainees, "
            "employees, or facilities to the HQDRO Command Center within two hours and to follow "
            "with a written report within 24 hours.",
        ),
        Generated(
            "Field Office Duty Officer Program",
            "Procedure",
            "fieldops",
            ("Duty Officer", "Field Offices"),
            "Establishes a 24-hour duty officer rotation in each field office to answer law "
            "enforcement inquiries, detainer requests, and emergencies outside business hours.",
        ),
        Generated(
            "Field Office Self-Inspection Program",
            "Policy",
            "fieldops",
            ("Inspections", "Field Offices"),
            "Directs each Field Office Director to conduct an annual self-inspection of field "
            "office programs using the HQDRO checklists and to report corrective actions.",
            marking=INTERNAL,
        ),
        Generated(
            "Sub-Office Staffing and Supervision Standards",
            "Guidance",
            "fieldops",
            ("Staffing", "Field Offices"),
            "Sets minimum supervisory ratios and coverage requirements for sub-offices and ports "
            "of entry staffed by DRO personnel.",
        ),
        Generated(
            "Alternatives to Detention Field Guidance",
            "Guidance",
            "atd",
            ("Alternatives to Detention", "Electronic Monitoring"),
            "Guidance for field offices on enrolling eligible aliens in the Intensive Supervision "
            "Appearance Program (ISAP) and the Electronic Monitoring Program as alternatives to "
            "detention.",
            categories=(DETENTION_REMOVAL,),
        ),
        Generated(
            "Processing Requests for Stays of Removal",
            "Procedure",
            "legal",
            ("Stays of Removal", "Removal"),
            "Describes how field offices receive, review, and decide requests for administrative "
            "stays of removal on Form I-246, including the documents required and the time "
            "frames for a decision.",
            categories=(DETENTION_REMOVAL,),
        ),
        Generated(
            "Field Operations Handbook",
            "Handbook",
            "fieldops",
            ("Field Offices", "Supervision"),
            "A compilation of the standard operating procedures most often used by field office "
            "supervisors, with checklists for intake, case review, and removal staging.",
        ),
        Generated(
            "Continuity of Operations Planning for Field Offices",
            "Directive",
            "coop",
            ("Continuity of Operations", "Emergency Management"),
            "Requires each field office to keep a Continuity of Operations (COOP) plan that "
            "provides for the custody of detainees and the performance of essential functions "
            "during an emergency.",
            marking=INTERNAL,
        ),
        Generated(
            "Congressional and Consular Inquiries at Field Offices",
            "Memorandum",
            "communications",
            ("Congressional Inquiries", "Consular Notification"),
            "Establishes points of contact and response times for congressional, consular, and "
            "attorney inquiries received by field offices about individual detainees.",
        ),
        Generated(
            "Hurricane Preparedness and Detainee Evacuation",
            "Field Advisory",
            "coop",
            ("Emergency Management", "Evacuation"),
            "Guidance for field offices in hurricane-prone areas on planning before the season, "
            "evacuating detainees from affected detention facilities, and accounting for "
            "detainees after relocation.",
            categories=(DETENTION_REMOVAL,),
            issued_on=D(2006, 5, 15),
        ),
    ),
    ENFORCEMENT: (
        Generated(
            "Fugitive Operations Target Folder and Operational Planning Standards",
            "Procedure",
            "tactics",
            ("Fugitive Operations", "Tactics", "Arrests"),
            "Sets the required contents of fugitive operations target folders and the "
            "operational plan approvals, briefings, and tactical assignments required before a "
            "Fugitive Operations Team executes an arrest.",
            marking=RESTRICTED,
            restricted=True,
        ),
        Generated(
            "Use of Force Policy",
            "Policy",
            "firearms",
            ("Use of Force", "Firearms"),
            "States the circumstances in which DRO officers may use force, including deadly "
            "force, and the reporting and review required after any use of force.",
            marking=INTERNAL,
        ),
        Generated(
            "Firearms Qualification and Training",
            "Directive",
            "firearms",
            ("Firearms", "Training"),
            "Requires quarterly firearms qualification for all armed DRO officers and sets the "
            "standards for courses of fire, instructors, and record keeping.",
        ),
        Generated(
            "Criminal Alien Program Jail Screening Procedures",
            "Procedure",
            "cap",
            ("Criminal Alien Program", "Detainers"),
            "Procedures for identifying, interviewing, and placing detainers on removable aliens "
            "held in federal, state, and local jails and prisons under the Criminal Alien "
            "Program (CAP).",
        ),
        Generated(
            "Issuance of Immigration Detainers (Form I-247)",
            "Guidance",
            "cap",
            ("Detainers",),
            "Clarifies when officers may issue an Immigration Detainer - Notice of Action (Form "
            "I-247) and the information that must accompany a detainer sent to a law enforcement "
            "agency.",
        ),
        Generated(
            "Interim Guidance on Collateral Arrests During Fugitive Operations",
            "Memorandum",
            "fugitive",
            ("Fugitive Operations", "Arrests"),
            "Interim guidance on processing removable aliens encountered during fugitive "
            "operations who are not the subject of a target folder.",
            key="collateral-arrests",
            issued_on=D(2007, 3, 14),
        ),
        Generated(
            "Body Armor Issuance and Wear",
            "Policy",
            "firearms",
            ("Body Armor", "Officer Safety"),
            "Requires DRO officers to wear issued body armor during the execution of arrest "
            "warrants and high-risk transports, and sets replacement schedules.",
        ),
    ),
    MISSION_SUPPORT: (
        Generated(
            "Government Vehicle Use and Fleet Management",
            "Directive",
            "resources",
            ("Vehicles", "Fleet Management"),
            "Governs the assignment, authorized use, maintenance, and reporting of DRO "
            "government-owned and leased vehicles, including home-to-work authorizations.",
        ),
        Generated(
            "Law Enforcement Availability Pay (LEAP) Certification",
            "Procedure",
            "personnel",
            ("Pay", "LEAP"),
            "Procedures for the annual certification of Law Enforcement Availability Pay (LEAP) "
            "eligibility by officers and their supervisors.",
            marking=INTERNAL,
        ),
        Generated(
            "Property Management and Accountability Manual",
            "Manual",
            "resources",
            ("Property Management",),
            "Explains the receipt, inventory, transfer, and disposal of accountable property, "
            "including weapons, radios, and vehicles, in DRO offices.",
        ),
        Generated(
            "Contracting Officer's Technical Representative Duties for Detention Services "
            "Contracts",
            "Guidance",
            "resources",
            ("Contracts", "Detention Facilities"),
            "Describes the duties of the Contracting Officer's Technical Representative (COTR) "
            "in monitoring detention services contracts and intergovernmental service "
            "agreements.",
            categories=(DETENTION_REMOVAL,),
        ),
        Generated(
            "Budget Execution and Fund Control Procedures",
            "Procedure",
            "resources",
            ("Budget",),
            "Sets fund control responsibilities and monthly reporting for field office budget "
            "execution, including obligations for detention bed space and removal travel.",
            marking=INTERNAL,
        ),
        Generated(
            "Government Travel Charge Card Program",
            "Policy",
            "personnel",
            ("Travel", "Charge Cards"),
            "Governs the issuance and use of government travel charge cards for official travel, "
            "including the escort of aliens on removal flights.",
        ),
        Generated(
            "Deportation Officer Journeyman Training Program",
            "Directive",
            "training",
            ("Training", "Deportation Officers"),
            "Establishes the training plan and the competencies required of Deportation Officers "
            "from entry on duty through the journeyman level.",
        ),
        Generated(
            "Collateral Duty Assignments",
            "Memorandum",
            "personnel",
            ("Collateral Duties",),
            "Lists the collateral duties field offices must assign, such as firearms instructor, "
            "property custodian, and safety officer, and the training each requires.",
        ),
        Generated(
            "Employee Safety and Occupational Health Program",
            "Directive",
            "personnel",
            ("Safety", "Occupational Health"),
            "Establishes the DRO occupational safety and health program, including workplace "
            "inspections and the reporting of employee injuries.",
        ),
        Generated(
            "Overtime Authorization for Removal Escorts",
            "Memorandum",
            "personnel",
            ("Overtime", "Escort"),
            "Explains when supervisors may authorize overtime for officers escorting aliens on "
            "removal flights and how that overtime is recorded.",
        ),
    ),
    DETENTION_REMOVAL: (
        Generated(
            "Detainee Transfers",
            "Memorandum",
            "detention",
            ("Transfers", "Detention"),
            "Interim instructions for notifying attorneys of record and the receiving field "
            "office when a detainee is transferred between detention facilities.",
            key="transfers-2003",
            issued_on=D(2003, 6, 17),
        ),
        Generated(
            "Detainee Transfers",
            "Directive",
            "detention",
            ("Transfers", "Detention"),
            "Sets the standards for transferring detainees between detention facilities, "
            "including notice to counsel, the transfer of medical records and property, and the "
            "documentation required on Form I-216.",
            key="transfers-2007",
            issued_on=D(2007, 1, 24),
            draft_first=True,
        ),
        Generated(
            "Post-Order Custody Review Procedures",
            "Procedure",
            "custody",
            ("Custody Reviews", "Detention"),
            "Procedures for the 90-day and 180-day custody reviews of aliens detained after a "
            "final order of removal, as required by 8 CFR 241.4 and Zadvydas v. Davis.",
        ),
        Generated(
            "Travel Document Requests to Foreign Consulates",
            "Guidance",
            "removal",
            ("Travel Documents", "Removal"),
            "Guidance on preparing and tracking travel document requests to foreign consulates, "
            "and on elevating cases in which a consulate does not respond.",
        ),
        Generated(
            "Detention Standards Compliance Reviews",
            "Directive",
            "detention",
            ("Detention Standards", "Inspections"),
            "Requires an annual review of every facility housing ICE detainees against the "
            "National Detention Standards and sets the follow-up required after a deficient "
            "rating.",
        ),
        Generated(
            "Family Residential Standards",
            "Policy",
            "juvenile",
            ("Families", "Juveniles"),
            "Standards for the care of families in ICE family residential facilities, including "
            "education, recreation, and medical services for children.",
        ),
        Generated(
            "Use of Special Management Units for Administrative and Disciplinary Segregation",
            "Directive",
            "detention",
            ("Segregation", "Detention Standards"),
            "Sets the conditions under which detainees may be placed in administrative or "
            "disciplinary segregation, and the reviews required while they remain there.",
            marking=INTERNAL,
        ),
    ),
    INFORMATION_POLICY: (
        Generated(
            "DRO Policy Development and Clearance Process",
            "Directive",
            "policy",
            ("Policy Development", "Directives"),
            "Establishes how DRO directives and guidance are proposed, drafted, reviewed through "
            "RevCom, cleared, signed, and published in the DRO Resource Library.",
            opi="PMU",
            key="policy-process",
            issued_on=D(2006, 4, 10),
        ),
        Generated(
            "Change Notice: Electronic Review of Draft Directives",
            "Notice",
            "policy",
            ("Policy Development", "RevCom"),
            "Amends the DRO Policy Development and Clearance Process to require that every draft "
            "directive be circulated for comment through RevCom, with a 30-day comment period.",
            opi="PMU",
            key="policy-process-notice",
            issued_on=D(2009, 3, 2),
        ),
        Generated(
            "Directive Numbering, Format, and Style Standards",
            "Guidance",
            "policy",
            ("Directives", "Writing Standards"),
            "Prescribes the numbering scheme, section order, and writing style for DRO "
            "directives, field advisories, and guidance documents.",
            opi="PMU",
        ),
        Generated(
            "Deportable Alien Control System (DACS) Data Entry Standards",
            "Memorandum",
            "information",
            ("DACS", "Data Quality"),
            "Sets the data entry standards for the Deportable Alien Control System (DACS), "
            "including the time allowed for recording book-ins, releases, and removals.",
            key="dacs-2003",
            issued_on=D(2003, 9, 8),
        ),
        Generated(
            "ENFORCE Alien Removal Module (EARM) Data Entry and Quality Standards",
            "Directive",
            "information",
            ("EARM", "Data Quality"),
            "Sets the data entry and data quality standards for the ENFORCE Alien Removal Module "
            "(EARM), which replaces the Deportable Alien Control System.",
            key="earm-2008",
            issued_on=D(2008, 6, 2),
        ),
        Generated(
            "Using the RevCom Review and Comment System",
            "Procedure",
            "policy",
            ("RevCom", "Policy Development"),
            "Step-by-step procedures for policy owners, authors, reviewers, and DPCs who post "
            "drafts to RevCom, submit comments, and adjudicate the comments received.",
            opi="PMU",
        ),
        Generated(
            "Privacy Protection for Detainee Personal Information",
            "Directive",
            "information",
            ("Privacy", "Personally Identifiable Information"),
            "Sets the rules for collecting, using, sharing, and protecting the personally "
            "identifiable information of detainees, and for reporting a privacy incident.",
        ),
        Generated(
            "Responding to Media Inquiries",
            "Policy",
            "communications",
            ("Media", "Public Affairs"),
            "Requires DRO employees to refer media inquiries to the ICE Office of Public Affairs "
            "and sets the approvals needed before any interview about detention or removal "
            "operations.",
        ),
        Generated(
            "Congressional Correspondence Procedures",
            "Procedure",
            "communications",
            ("Congressional Inquiries",),
            "Procedures for preparing, clearing, and tracking responses to congressional "
            "correspondence about DRO cases and programs.",
        ),
        Generated(
            "Freedom of Information Act Request Processing",
            "Procedure",
            "information",
            ("FOIA", "Privacy Act"),
            "Explains how field offices search for, review, and forward records responsive to "
            "Freedom of Information Act (FOIA) and Privacy Act requests.",
        ),
        Generated(
            "Safeguarding Law Enforcement Sensitive Information",
            "Directive",
            "information",
            ("Information Security", "Law Enforcement Sensitive"),
            "Sets the handling, marking, storage, and dissemination rules for Law Enforcement "
            "Sensitive (LES) and For Official Use Only (FOUO) information within DRO.",
            marking=INTERNAL,
        ),
        Generated(
            "Records Management for Alien Files and Detention Records",
            "Directive",
            "information",
            ("Records Management", "A-Files"),
            "Sets the custody, charge-out, and retention rules for alien files (A-files) and "
            "detention records held in DRO offices.",
        ),
        Generated(
            "Reporting Lines and Signature Authority During the Transition to DHS",
            "Memorandum",
            "information",
            ("Transition", "Signature Authority"),
            "Interim instructions to former INS detention and removal staff on reporting lines, "
            "forms, and signature authority during the transition to the Department of Homeland "
            "Security.",
            key="dhs-transition",
            issued_on=D(2003, 3, 3),
        ),
    ),
    HEALTH: (
        Generated(
            "Intake Medical Screening of Detainees",
            "Directive",
            "health",
            ("Medical Screening", "Health Care"),
            "Requires medical and mental health screening of every detainee within 12 hours of "
            "arrival at a detention facility, and a full health appraisal within 14 days.",
        ),
        Generated(
            "Tuberculosis Screening, Isolation, and Removal Clearance",
            "Directive",
            "health",
            ("Tuberculosis", "Communicable Disease"),
            "Sets tuberculosis screening requirements for detainees and the medical clearance "
            "required before a detainee with active or suspected tuberculosis is transferred or "
            "removed.",
        ),
        Generated(
            "Hunger Strike Monitoring and Treatment",
            "Procedure",
            "health",
            ("Hunger Strikes", "Health Care"),
            "Procedures for identifying, monitoring, and medically evaluating detainees who "
            "refuse food, including notice to HQDRO and the Field Office Director.",
        ),
        Generated(
            "Medical Records Transfer with Detainee Movement",
            "Procedure",
            "health",
            ("Medical Records", "Transfers"),
            "Requires a medical transfer summary to accompany every detainee who is moved "
            "between facilities or released from custody.",
            key="medical-transfer",
        ),
        Generated(
            "Suicide Prevention and Intervention",
            "Policy",
            "health",
            ("Suicide Prevention", "Mental Health"),
            "Sets requirements for suicide risk screening, staff training, suicide watch, and the "
            "review of any suicide attempt in facilities holding ICE detainees.",
        ),
        Generated(
            "Detainee Death Notification and Review",
            "Directive",
            "health",
            ("Detainee Deaths", "Reporting"),
            "Requires immediate notice of a detainee death to HQDRO, the Division of Immigration "
            "Health Services, the consulate, and next of kin, and sets the mortality review "
            "process.",
            marking=INTERNAL,
        ),
        Generated(
            "Mental Health Services for Detainees",
            "Guidance",
            "health",
            ("Mental Health", "Health Care"),
            "Guidance on the identification, treatment, and housing of detainees with mental "
            "illness, and on coordinating their care when they are transferred or removed.",
        ),
        Generated(
            "Medical Clearance for Removal and Medical Escorts",
            "Guidance",
            "health",
            ("Medical Escorts", "Removal"),
            "Explains how Field Office Directors request medical clearance for removal and when a "
            "medical escort from the Division of Immigration Health Services is required.",
            categories=(DETENTION_REMOVAL,),
        ),
        Generated(
            "DIHS Covered Services Package",
            "Handbook",
            "health",
            ("Covered Services", "Health Care"),
            "Describes the medical, dental, and mental health services covered for detainees and "
            "the process for authorizing off-site care through a Treatment Authorization Request "
            "(TAR).",
        ),
        Generated(
            "Pandemic Influenza Preparedness for Detention Facilities",
            "Guidance",
            "health",
            ("Pandemic Influenza", "Communicable Disease"),
            "Guidance on infection control, isolation, and the continuity of medical care for "
            "detainees in the event of pandemic influenza.",
            issued_on=D(2006, 11, 20),
        ),
        Generated(
            "Pharmaceutical Management in DIHS-Staffed Facilities",
            "Procedure",
            "health",
            ("Pharmacy", "Health Care"),
            "Procedures for ordering, storing, dispensing, and accounting for medications in "
            "facilities staffed by the Division of Immigration Health Services.",
        ),
    ),
}

OTHER_DOCUMENTS = (
    DocumentSpec(
        key="glossary",
        library="references",
        identifier="DRO REF 01",
        title="Glossary of Detention and Removal Terms",
        document_type="Reference",
        opi="PMU",
        issued_on=D(2008, 1, 15),
        summary=(
            "Definitions of the terms used in DRO directives and guidance, in alphabetical "
            "order, from A-file to validation."
        ),
        topic="reference",
        subjects=("Glossary",),
        entries="glossary",
    ),
    DocumentSpec(
        key="ina-quick-reference",
        library="references",
        identifier="DRO REF 02",
        title="Immigration and Nationality Act (INA) Quick Reference",
        document_type="Reference",
        opi="PMU",
        issued_on=D(2008, 1, 15),
        summary=(
            "The sections of the Immigration and Nationality Act most often cited in DRO "
            "directives, with their United States Code citations and a one-line description."
        ),
        topic="reference",
        subjects=("Immigration and Nationality Act",),
        entries="ina",
    ),
    DocumentSpec(
        key="acronyms",
        library="references",
        identifier="DRO REF 03",
        title="Acronyms and Abbreviations Used in DRO Documents",
        document_type="Reference",
        opi="PMU",
        issued_on=D(2009, 5, 4),
        summary="The acronyms and abbreviations found in DRO directives, forms, and systems.",
        topic="reference",
        subjects=("Acronyms",),
        entries="acronyms",
    ),
    DocumentSpec(
        key="writing-guide",
        library="references",
        identifier="DRO REF 04",
        title="DRO Directive Writing Guide",
        document_type="Handbook",
        opi="PMU",
        issued_on=D(2009, 5, 4),
        summary=(
            "A guide for policy owners and authors on writing clear DRO directives: structure, "
            "plain language, and the review of drafts in RevCom."
        ),
        topic="policy",
        subjects=("Writing Standards", "Directives"),
    ),
    DocumentSpec(
        key="moa-usms",
        library="moa-mou",
        identifier="MOA 05-03",
        title=(
            "Memorandum of Agreement Between ICE and the U.S. Marshals Service for Prisoner "
            "Transportation (JPATS)"
        ),
        document_type="Memorandum of Agreement",
        opi="ADDRM",
        issued_on=D(2005, 10, 1),
        summary=(
            "Sets the terms under which the Justice Prisoner and Alien Transportation System "
            "(JPATS) moves ICE detainees by air, including scheduling, reimbursement, and the "
            "custody of detainees in flight."
        ),
        topic="agreement",
        categories=(DETENTION_REMOVAL,),
        subjects=("Transportation", "JPATS"),
        signatory=TORRES,
    ),
    DocumentSpec(
        key="mou-dihs",
        library="moa-mou",
        identifier="MOU 07-01",
        title=(
            "Memorandum of Understanding Between DRO and the Division of Immigration Health "
            "Services on Detainee Medical Care"
        ),
        document_type="Memorandum of Understanding",
        opi="DIHS",
        issued_on=D(2007, 2, 12),
        summary=(
            "Describes the responsibilities of DRO and the Division of Immigration Health "
            "Services for the medical and health care of detainees, including staffing, records, "
            "and "
            "payment for off-site care."
        ),
        topic="agreement",
        categories=(HEALTH,),
        subjects=("Health Care", "Interagency Agreements"),
        source=DIHS_SOURCE,
        # As in the MOA/MOU Library: an agreement between agencies is for their staff.
        marking=INTERNAL,
    ),
    DocumentSpec(
        key="delegation-stays",
        library="delegations",
        identifier="Delegation 7030.2-1",
        title="Delegation of Authority to Field Office Directors to Grant Stays of Removal",
        document_type="Delegation of Authority",
        opi="ADDRM",
        issued_on=D(2004, 6, 21),
        summary=(
            "Delegates to Field Office Directors the authority to grant or deny administrative "
            "stays of removal under 8 CFR 241.6, with redelegation to Deputy Field Office "
            "Directors."
        ),
        topic="delegation",
        categories=(FIELD_OPERATIONS,),
        subjects=("Stays of Removal", "Delegation of Authority"),
    ),
    DocumentSpec(
        key="delegation-bonds",
        library="delegations",
        identifier="Delegation 7030.2-2",
        title="Delegation of Authority to Release Aliens on Bond or Conditional Parole",
        document_type="Delegation of Authority",
        opi="ADDRM",
        issued_on=D(2004, 6, 21),
        summary=(
            "Delegates to Field Office Directors and Assistant Field Office Directors the "
            "authority to set bonds and to release aliens on conditional parole under INA "
            "section 236."
        ),
        topic="delegation",
        categories=(FIELD_OPERATIONS,),
        subjects=("Bonds", "Delegation of Authority"),
    ),
)

# Links between documents and the lifecycle steps that follow from them, in order.
STEPS: tuple[Step, ...] = (
    Supersede(successor=ESCORT, predecessor=CASE_LOAD, on=D(2006, 2, 3)),
    Supersede(successor=FCMS, predecessor=ESCORT, on=D(2008, 9, 29)),
    Relate(ESCORT, "monthly-fugitive-2006"),
    Relate(ESCORT, "monthly-fugitive-2009"),
    Relate(ESCORT, "nfop-delegation"),
    Relate("ncic-placement", "ncic-release"),
    Relate("transfers-2007", "medical-transfer"),
    Relate("bond-surrender", "delegation-bonds"),
    Supersede(successor="transfers-2007", predecessor="transfers-2003"),
    Issue("transfers-2007", on=D(2007, 1, 24)),
    Supersede(successor="earm-2008", predecessor="dacs-2003", on=D(2008, 6, 2)),
    Amend(amending="policy-process-notice", amended="policy-process", on=D(2009, 3, 2)),
    Cancel(
        "collateral-arrests",
        on=D(2009, 2, 4),
        note="Withdrawn; collateral arrests are addressed in the fiscal year 2009 guidance.",
    ),
    Archive(
        "dhs-transition",
        on=D(2005, 3, 1),
        note="The transition to DHS is complete; kept for reference.",
    ),
)


# -- The plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    documents: tuple[DocumentSpec, ...]
    steps: tuple[Step, ...]
    by_key: dict[str, DocumentSpec] = field(compare=False, repr=False)


def build_plan(seed: int = SEED) -> Plan:
    """Every demo document, in creation order, and the steps that link them."""
    rng = random.Random(seed)
    used = {spec.identifier for spec in (*SEED_DOCUMENTS, *OTHER_DOCUMENTS)}
    documents = list(SEED_DOCUMENTS)
    for category, entries in GENERATED.items():
        for entry in entries:
            documents.append(_generate(entry, category=category, rng=rng, used=used))
    documents.extend(OTHER_DOCUMENTS)
    by_key = {spec.key: spec for spec in documents}
    if len(by_key) != len(documents):
        raise ValueError("Two demo documents share a key.")
    identifiers = {(spec.library, spec.identifier) for spec in documents}
    if len(identifiers) != len(documents):
        raise ValueError("Two demo documents share an identifier in one library.")
    for step in STEPS:
        unknown = [key for key in step_documents(step) if key not in by_key]
        if unknown:
            raise ValueError(f"A demo step names an unknown document: {', '.join(unknown)}.")
    return Plan(documents=tuple(documents), steps=STEPS, by_key=by_key)


def step_documents(step: Step) -> tuple[str, ...]:
    """The keys of the documents a step touches."""
    if isinstance(step, Supersede):
        return (step.successor, step.predecessor)
    if isinstance(step, Relate):
        return (step.document, step.other)
    if isinstance(step, Amend):
        return (step.amending, step.amended)
    return (step.document,)


def _generate(
    entry: Generated, *, category: str, rng: random.Random, used: set[str]
) -> DocumentSpec:
    issued_on = entry.issued_on or _random_date(rng)
    opi = entry.opi or CATEGORY_OPI[category]
    signatory = SIGNATORIES[opi]
    if issued_on < ICE_FORMED:
        source, signatory = INS, INS_FIELD
    elif opi == "DIHS":
        source = DIHS_SOURCE
    else:
        source = DRO
        if entry.document_type in {"Directive", "Policy"} and rng.random() < 0.4:
            signatory = DEPUTY
    identifier = _identifier(entry.document_type, opi, issued_on, rng=rng, used=used)
    return DocumentSpec(
        key=entry.key or slugify(entry.title),
        library="directives",
        identifier=identifier,
        title=entry.title,
        document_type=entry.document_type,
        opi=opi,
        issued_on=issued_on,
        summary=entry.summary,
        topic=entry.topic,
        categories=(category, *entry.categories),
        subjects=entry.subjects,
        source=source,
        signatory=signatory,
        marking=entry.marking,
        restricted_to=(LES_GROUP,) if entry.restricted else (),
        draft_first=entry.draft_first,
    )


def _random_date(rng: random.Random) -> datetime.date:
    start = D(2003, 4, 1).toordinal()
    end = D(2010, 6, 30).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def _identifier(
    document_type: str, opi: str, issued_on: datetime.date, *, rng: random.Random, used: set[str]
) -> str:
    """A realistic identifier for the type and office, unused so far."""
    yy = f"{issued_on.year % 100:02d}"
    if opi == "DIHS":
        candidates = (f"DIHS {yy}-{n:02d}" for n in range(rng.randint(1, 6), 100))
    elif document_type in {"Directive", "Policy"}:
        candidates = (f"DRO {n}.1" for n in range(rng.randint(11001, 11090), 11999))
    elif document_type == "Procedure":
        candidates = (f"DRO SOP {yy}-{n:02d}" for n in range(rng.randint(1, 6), 100))
    elif document_type in {"Handbook", "Manual"}:
        candidates = (f"DRO {document_type} {yy}-{n:02d}" for n in range(1, 100))
    elif document_type == "Notice":
        candidates = (f"DRO Notice {yy}-{n:02d}" for n in range(1, 100))
    else:
        candidates = (f"HQDRO {yy}-{n:02d}" for n in range(rng.randint(1, 12), 100))
    for candidate in candidates:
        if candidate not in used:
            used.add(candidate)
            return candidate
    raise ValueError(f"No identifier left for a {document_type}.")


# -- Site text -----------------------------------------------------------------------------

SITE_TEXT = {
    "site_name": "DRO Resource Library",
    "tagline": (
        "Official DRO documents are maintained in this library to direct and inform DRO "
        "employees and contractors."
    ),
    "welcome": (
        "The DRO Resource Library is maintained by the Policy Management Unit (PMU), a part of "
        "the HQ DRO staff under the Assistant Director for Information, Policy and "
        "Communications."
    ),
    "documents_intro": (
        "DRO Policies are published through Directives. Directives align operations, articulate "
        "expectations, set procedures, and define responsibilities. Also, find other resources, "
        "such as manuals, guides, and handbooks here."
    ),
    "development_intro": (
        "Tools for policy owners, authors, reviewers and DPCs to draft, revise, and review DRO "
        "policies. Also, access the review and comment (RevCom) system here."
    ),
    "references_intro": (
        "Resources to assist in the development of policy and to aid employees in doing their jobs."
    ),
    "help_intro": (
        "Look here for answers to frequently asked questions, and for ways to contact us for "
        "support or feedback."
    ),
    "about": (
        "The DRO Resource Library is the official source of the directives, guidance, manuals, "
        "and handbooks of the Office of Detention and Removal Operations (DRO).\n\n"
        "It is maintained by the **Policy Management Unit (PMU)**, part of the HQ DRO staff under "
        "the Assistant Director for Information, Policy and Communications. The PMU assigns "
        "directive numbers, manages the review and comment (RevCom) system, and publishes each "
        "directive here once it is signed.\n\n"
        "Every document in the library names its office of primary interest (OPI), the office "
        "that owns it and answers questions about it. Documents that have been superseded, "
        "cancelled, or archived stay in the library under **Archives**, with a link to whatever "
        "replaced them, so that you can always find both the version in force and the history "
        "behind it.\n\n"
        "Questions, corrections, and suggestions are welcome through the Help page."
    ),
}

QUICK_LINKS = (
    ("Recently issued documents", "/documents/recent/"),
    ("All current documents", "/documents/"),
    ("Archives: superseded and cancelled documents", "/archives/"),
    ("MOA/MOU Library", "/agreements/"),
    ("Delegations Library", "/delegations/"),
    ("Frequently asked questions", "/help/"),
)

FREQUENT_QUESTIONS = (
    (
        "How do I know which version of a directive is in force?",
        "Search **Active Documents** (the default) or browse **Documents**: only documents in "
        "force are listed there. Each document page shows its **Status**. A Current document is "
        "in force; if it has been superseded, the page says so and links to the document that "
        "replaced it under **Superseded By**.",
    ),
    (
        "Where do superseded and cancelled documents go?",
        "Nothing is deleted. Superseded, cancelled, and archived documents move to the "
        "**Archives**, where they stay readable with their files and links. A superseded "
        "document links forward to its successor, and the successor links back under "
        "**Supersedes**.",
    ),
    (
        "What is the difference between a directive and guidance?",
        "Directives set policy: they tell people *what* to do and assign responsibilities. "
        "Procedures and guidance tell people *how* to do it, step by step, and may offer options. "
        "Guidance may not change the requirements of a directive.",
    ),
    (
        "Why can't I see some documents?",
        "Documents marked **Internal** are shown only to signed-in employees and contractors. "
        "Documents marked **Restricted** contain Law Enforcement Sensitive (LES) information and "
        "are shown only to members of the groups they are restricted to. Log in to see the "
        "documents you are entitled to.",
    ),
    (
        "What does OPI mean?",
        "The office of primary interest: the office that owns a document, keeps it current, and "
        "answers questions about it. Each document page names its OPI.",
    ),
    (
        "What is an amendment or change notice?",
        "A change notice amends part of a directive without replacing it. The directive stays in "
        "force, and its page lists the notices that amend it.",
    ),
    (
        "How do I report an error or suggest a new document?",
        "Use the feedback form on the **Help** page. Your message goes to the Policy Management "
        "Unit, which answers within five business days.",
    ),
)
