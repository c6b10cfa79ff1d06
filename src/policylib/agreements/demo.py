"""The demo MOA/MOU Library, loaded by `policylib demo` through the agreements' own services.

Expiration dates are set relative to the day the demo is first loaded, so a fresh demo always
shows agreements expiring soon, one expired, and the rest in force, drafted or terminated. Each
agreement is looked up by its identifier and only created when missing, and its modifications
and file only when it has none, so loading twice changes nothing.
"""

import datetime
import io
from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from policylib.agreements import services
from policylib.agreements.models import Agreement, AgreementType, OfficeContact, Organization
from policylib.library.models import Marking, Office

D = datetime.date


class DemoLoader(Protocol):
    """What the agreements demo needs from the demo loader."""

    offices: dict[str, Office]  # by abbreviation
    groups: dict[str, Group]  # by name

    def added(self, kind: str, created: bool = True) -> None: ...


PARTIES = {
    "USMS": "U.S. Marshals Service",
    "BOP": "Federal Bureau of Prisons",
    "DIHS": "Division of Immigration Health Services",
    "EOIR": "Executive Office for Immigration Review",
    "CA": "U.S. Department of State, Bureau of Consular Affairs",
    "CBP": "U.S. Customs and Border Protection",
    "USCG": "U.S. Coast Guard",
    "LCSO": "Lake County Sheriff's Office",
    "HCSO": "Harbor County Sheriff's Office",
}

# Where each owner office's expiration reminders go.
CONTACTS = {
    "ADDRM": "addrm.agreements@dro.example.org",
    "ADFO": "adfo.agreements@dro.example.org",
    "ADE": "ade.agreements@dro.example.org",
    "ADIPC": "adipc.agreements@dro.example.org",
    "DIHS": "dihs.agreements@dro.example.org",
}


@dataclass(frozen=True)
class ModificationSpec:
    title: str
    signed_on: datetime.date | int  # a date, or days from the load date
    description: str = ""
    extends: bool = False  # extends the agreement to its expiration date


@dataclass(frozen=True)
class AgreementSpec:
    identifier: str
    title: str
    agreement_type: str  # an AgreementType slug
    parties: tuple[str, ...]  # keys of PARTIES
    owner: str  # an office abbreviation
    purpose: str
    signed_on: datetime.date | None  # None for a draft
    expires_in: int | None  # days from the load date; None for an open-ended agreement
    renewal_terms: str = ""
    contact: tuple[str, str, str] = ("", "", "")  # name, email, phone
    responsibilities: tuple[str, ...] = ()
    modifications: tuple[ModificationSpec, ...] = ()
    marking: str = Marking.PUBLIC
    restricted_to: tuple[str, ...] = ()
    draft: bool = False
    terminated_on: datetime.date | None = None
    termination_note: str = ""
    effective_on: datetime.date | None = None


AGREEMENTS = (
    AgreementSpec(
        identifier="MOA 05-03",
        title=(
            "Memorandum of Agreement Between ICE, the U.S. Marshals Service and the Federal "
            "Bureau of Prisons for Prisoner Transportation (JPATS)"
        ),
        agreement_type="moa",
        parties=("USMS", "BOP"),
        owner="ADDRM",
        purpose=(
            "Sets the terms under which the Justice Prisoner and Alien Transportation System "
            "(JPATS) moves ICE detainees by air, including scheduling, reimbursement, and the "
            "custody of detainees in flight."
        ),
        signed_on=D(2005, 9, 20),
        effective_on=D(2005, 10, 1),
        expires_in=45,
        renewal_terms=(
            "Renews for successive one-year periods unless a party gives written notice at least "
            "90 days before the end of a period. Rates are reviewed every fiscal year."
        ),
        contact=("Dana R. Whitfield", "dana.whitfield@dro.example.org", "202-555-0143"),
        responsibilities=(
            "ICE submits movement requests to the JPATS scheduling office at least 10 days "
            "before the requested flight.",
            "JPATS provides aircraft, crews and in-flight security, and keeps custody of "
            "detainees from boarding to hand-over.",
            "ICE reimburses JPATS at the flight-hour rates in the annual rate schedule.",
        ),
        modifications=(
            ModificationSpec(
                "Revised reimbursement rates for fiscal year 2009",
                D(2008, 9, 15),
                "Replaces the rate schedule with the fiscal year 2009 flight-hour rates.",
            ),
            ModificationSpec(
                "Medical escorts on removal flights",
                D(2014, 4, 2),
                "Adds the carriage of DIHS medical escorts and their equipment.",
            ),
            ModificationSpec(
                "Extension of the term",
                -320,
                "Extends the agreement while a successor agreement is negotiated.",
                extends=True,
            ),
        ),
    ),
    AgreementSpec(
        identifier="MOU 07-01",
        title=(
            "Memorandum of Understanding Between DRO and the Division of Immigration Health "
            "Services on Detainee Medical Care"
        ),
        agreement_type="mou",
        parties=("DIHS",),
        owner="DIHS",
        purpose=(
            "Describes the responsibilities of DRO and the Division of Immigration Health "
            "Services for the medical and health care of detainees, including staffing, records, "
            "and payment for off-site care."
        ),
        signed_on=D(2007, 2, 12),
        expires_in=20,
        renewal_terms="Reviewed every three years; renewed by an exchange of letters.",
        contact=("Dr. Alan C. Mercer", "alan.mercer@dihs.example.org", "202-555-0178"),
        responsibilities=(
            "DIHS staffs the medical clinics of service processing centers.",
            "DRO transports detainees to off-site care and guards them there.",
            "Medical records travel with the detainee on every transfer.",
        ),
        modifications=(
            ModificationSpec(
                "Payment for off-site care",
                D(2008, 11, 3),
                "Sets out how claims for off-site hospital care are submitted and paid.",
            ),
        ),
        marking=Marking.INTERNAL,
    ),
    AgreementSpec(
        identifier="IAA 19-014",
        title="Interagency Agreement with the Federal Bureau of Prisons for Detention Bed Space",
        agreement_type="iaa",
        parties=("BOP",),
        owner="ADDRM",
        purpose=(
            "Makes up to 1,200 beds in Federal Bureau of Prisons facilities available for ICE "
            "detainees, at a daily rate per occupied bed."
        ),
        signed_on=D(2019, 6, 28),
        expires_in=-40,
        renewal_terms="None. A new agreement is required to continue the arrangement.",
        contact=("Gloria T. Fenwick", "gloria.fenwick@dro.example.org", "202-555-0119"),
        responsibilities=(
            "BOP houses detainees to ICE detention standards.",
            "ICE pays the daily rate for each occupied bed and moves detainees in and out.",
        ),
    ),
    AgreementSpec(
        identifier="ISA 22-02",
        title=(
            "Interconnection Security Agreement Between the ENFORCE Alien Removal Module and "
            "the EOIR Case Access System"
        ),
        agreement_type="isa",
        parties=("EOIR",),
        owner="ADIPC",
        purpose=(
            "Sets the security controls of the system-to-system connection that exchanges "
            "hearing schedules and final orders between EARM and the EOIR case system."
        ),
        signed_on=D(2022, 3, 14),
        expires_in=2 * 365 + 10,
        renewal_terms="Reviewed each year and re-signed at least every three years.",
        contact=("Kevin J. Adair", "kevin.adair@dro.example.org", "202-555-0164"),
        responsibilities=(
            "Each party keeps its end of the connection under its own authorization to operate.",
            "Security incidents affecting the connection are reported to the other party within "
            "one hour.",
        ),
        marking=Marking.RESTRICTED,
        restricted_to=("LES",),
    ),
    AgreementSpec(
        identifier="IGSA 16-0042",
        title=(
            "Intergovernmental Service Agreement with the Lake County Sheriff's Office for "
            "Detention Services"
        ),
        agreement_type="igsa",
        parties=("LCSO",),
        owner="ADFO",
        purpose=(
            "Provides detention beds, meals and local transportation for ICE detainees in the "
            "Lake County Jail, at a fixed daily rate."
        ),
        signed_on=D(2016, 8, 1),
        expires_in=None,
        renewal_terms=(
            "No expiration date. Either party may terminate it on 60 days' written notice; the "
            "daily rate is renegotiated every two years."
        ),
        contact=("Capt. Robert E. Lindqvist", "rlindqvist@lakecounty.example.org", ""),
        responsibilities=(
            "The Sheriff houses detainees to ICE detention standards and allows inspections.",
            "ICE pays the daily rate for each detainee day.",
        ),
        modifications=(
            ModificationSpec(
                "Daily rate for 2024 and 2025", D(2023, 12, 8), "Sets the daily rate at $94."
            ),
        ),
    ),
    AgreementSpec(
        identifier="MOA 24-11",
        title=(
            "Memorandum of Agreement with the Bureau of Consular Affairs on Travel Documents "
            "for Removal"
        ),
        agreement_type="moa",
        parties=("CA",),
        owner="ADDRM",
        purpose=(
            "Coordinates requests to foreign consulates for travel documents, and the "
            "escalation of requests left unanswered."
        ),
        signed_on=D(2024, 1, 30),
        expires_in=80,
        renewal_terms="May be extended by an exchange of letters for up to two years.",
        contact=("Nadia F. Rahman", "nadia.rahman@dro.example.org", "202-555-0187"),
        responsibilities=(
            "ICE sends complete travel document requests through the Travel Document Unit.",
            "Consular Affairs raises requests unanswered after 30 days with the consulate.",
        ),
    ),
    AgreementSpec(
        identifier="MOA 21-04",
        title=(
            "Memorandum of Agreement with the U.S. Coast Guard and U.S. Customs and Border "
            "Protection on Migrants Interdicted at Sea"
        ),
        agreement_type="moa",
        parties=("USCG", "CBP"),
        owner="ADE",
        purpose=(
            "Sets out the hand-over to ICE of migrants interdicted at sea and brought ashore, "
            "and the records that travel with them."
        ),
        signed_on=D(2021, 5, 17),
        expires_in=400,
        renewal_terms="Renewed for five years at a time by the signature of all parties.",
        contact=("Lt. Cmdr. Erin P. Vaughn", "erin.vaughn@uscg.example.org", ""),
    ),
    AgreementSpec(
        identifier="MOU 26-03",
        title=(
            "Memorandum of Understanding with U.S. Customs and Border Protection on the "
            "Transfer of Custody at Ports of Entry"
        ),
        agreement_type="mou",
        parties=("CBP",),
        owner="ADFO",
        purpose=(
            "Would set the times, places and paperwork for transfers of custody from CBP to ICE "
            "at land ports of entry."
        ),
        signed_on=None,
        expires_in=5 * 365,
        draft=True,
    ),
    AgreementSpec(
        identifier="MOA 12-05",
        title=(
            "Memorandum of Agreement with the Harbor County Sheriff's Office Under Section "
            "287(g) of the Immigration and Nationality Act"
        ),
        agreement_type="moa",
        parties=("HCSO",),
        owner="ADE",
        purpose=(
            "Authorized trained officers of the Sheriff's Office to perform certain immigration "
            "officer functions in the county jail, under ICE supervision."
        ),
        signed_on=D(2012, 4, 9),
        expires_in=None,
        terminated_on=D(2019, 9, 30),
        termination_note="Terminated at the Sheriff's request.",
    ),
)


def load(loader: DemoLoader) -> None:
    """Add whatever part of the demo agreements is missing."""
    today = timezone.localdate()
    parties = {}
    for key, name in PARTIES.items():
        parties[key], created = Organization.objects.get_or_create(
            name=name, defaults={"abbreviation": key, "slug": slugify(name)[:100]}
        )
        loader.added("agreement parties", created)
    for abbreviation, email in CONTACTS.items():
        _, created = OfficeContact.objects.get_or_create(
            office=loader.offices[abbreviation], email=email
        )
        loader.added("office contacts", created)
    for spec in AGREEMENTS:
        expires_on = _on(spec.expires_in, today) if spec.expires_in is not None else None
        extension = next((m for m in spec.modifications if m.extends), None)
        agreement = Agreement.objects.filter(identifier=spec.identifier).first()
        if agreement is None:
            # An agreement that was extended ran, before that, to a month after the extension.
            first_term = _on(extension.signed_on, today) + THIRTY_DAYS if extension else expires_on
            agreement = _create(spec, loader=loader, parties=parties, expires_on=first_term)
            loader.added("agreements")
        if not agreement.modifications.exists():
            for modification in spec.modifications:
                signed_on = _on(modification.signed_on, today)
                services.add_modification(
                    agreement=agreement,
                    by=None,
                    title=modification.title,
                    description=modification.description,
                    signed_on=signed_on,
                    effective_on=signed_on,
                    extends_to=expires_on if modification.extends else None,
                )
                loader.added("agreement modifications")
            agreement.refresh_from_db()
        if not agreement.files.exists():
            services.attach_file(
                agreement=agreement,
                by=None,
                stream=io.BytesIO(_pdf(spec, agreement)),
                original_name=f"{spec.identifier}.pdf",
            )
            loader.added("agreement files")


THIRTY_DAYS = datetime.timedelta(days=30)


def _on(day: datetime.date | int, today: datetime.date) -> datetime.date:
    """A fixed date, or a number of days from the load date."""
    return day if isinstance(day, datetime.date) else today + datetime.timedelta(days=day)


def _create(
    spec: AgreementSpec, *, loader: DemoLoader, parties, expires_on: datetime.date | None
) -> Agreement:
    agreement = services.create_agreement(
        by=None,
        identifier=spec.identifier,
        title=spec.title,
        agreement_type=AgreementType.objects.get(slug=spec.agreement_type),
        owner_office=loader.offices[spec.owner],
        parties=[parties[key] for key in spec.parties],
        restricted_to=[loader.groups[name] for name in spec.restricted_to],
        purpose=spec.purpose,
        contact_name=spec.contact[0],
        contact_email=spec.contact[1],
        contact_phone=spec.contact[2],
        signed_on=spec.signed_on,
        effective_on=spec.effective_on or spec.signed_on,
        expires_on=expires_on,
        renewal_terms=spec.renewal_terms,
        marking=spec.marking,
    )
    if not spec.draft:
        services.sign(agreement=agreement, by=None)
    if spec.terminated_on:
        services.terminate(
            agreement=agreement, by=None, on=spec.terminated_on, note=spec.termination_note
        )
    return agreement


BANNERS = {
    Marking.INTERNAL: "FOR OFFICIAL USE ONLY",
    Marking.RESTRICTED: "LAW ENFORCEMENT SENSITIVE",
}


def _pdf(spec: AgreementSpec, agreement: Agreement) -> bytes:
    # Imported here: the demo app is optional, and only the demo loader calls this module.
    from policylib.demo.pdfs import render
    from policylib.demo.prose import DocumentText, Section, long_date

    parties = "; ".join(party.name for party in agreement.parties.order_by("name"))
    sections = [
        Section("Parties", paragraphs=(f"U.S. Immigration and Customs Enforcement; {parties}.",)),
        Section("Purpose", paragraphs=(spec.purpose,)),
    ]
    if spec.responsibilities:
        sections.append(Section("Responsibilities", items=spec.responsibilities))
    start = long_date(agreement.effective_on) if agreement.effective_on else "signature"
    term = f"This agreement is effective on {start} and remains in " + (
        f"effect until {long_date(agreement.expires_on)}."
        if agreement.expires_on
        else "effect until terminated."
    )
    sections.append(
        Section("Term and Renewal", paragraphs=(term, spec.renewal_terms or "Not renewable."))
    )
    if spec.contact[0]:
        sections.append(
            Section("Points of Contact", paragraphs=(f"{spec.contact[0]}, {spec.contact[1]}.",))
        )
    return render(
        DocumentText(
            agency=(
                "U.S. Department of Homeland Security",
                "U.S. Immigration and Customs Enforcement",
                "Office of Detention and Removal Operations",
            ),
            identifier=spec.identifier,
            title=spec.title,
            document_type=agreement.agreement_type.name,
            issued=long_date(spec.signed_on) if spec.signed_on else "Draft",
            opi=str(agreement.owner_office),
            source="",
            subjects=parties,
            marking=BANNERS.get(spec.marking, ""),
            sections=tuple(sections),
            signatory=(),
        )
    )
