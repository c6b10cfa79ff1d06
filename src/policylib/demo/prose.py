"""The text of a demo document: its header and numbered sections, from its record and topic."""

import datetime
import random
from dataclasses import dataclass

from policylib.demo import content, topics
from policylib.demo.content import DocumentSpec, Plan


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # numbered under the section: 4.1, 4.2, …
    entries: tuple[tuple[str, str], ...] = ()  # a term and what it means


@dataclass(frozen=True)
class DocumentText:
    agency: tuple[str, ...]
    identifier: str
    title: str
    document_type: str
    issued: str
    opi: str
    source: str
    subjects: str
    marking: str  # the banner on every page, or ""
    sections: tuple[Section, ...]
    signatory: tuple[str, ...]


# How each type of document describes what it does, and what it calls itself.
VERBS = {
    "Directive": "sets DRO policy and assigns responsibilities for",
    "Policy": "states DRO policy on",
    "Procedure": "sets out the steps for",
    "Guidance": "provides guidance on",
    "Field Advisory": "advises the field on",
    "Memorandum": "provides instructions on",
    "Manual": "collects the standard practices for",
    "Handbook": "collects the standard practices for",
    "Notice": "announces a change affecting",
    "Chapter": "sets out the policy and procedures of DRO for",
    "Appendix": "provides a working aid for",
    "Memorandum of Agreement": "sets the terms of",
    "Memorandum of Understanding": "records the understanding of the parties on",
    "Delegation of Authority": "delegates authority for",
    "Reference": "gathers",
}
KINDS = {
    "Memorandum of Agreement": "agreement",
    "Memorandum of Understanding": "memorandum",
    "Delegation of Authority": "delegation",
}
MARKINGS = {
    content.INTERNAL: "FOR OFFICIAL USE ONLY",
    content.RESTRICTED: "LAW ENFORCEMENT SENSITIVE",
}

GENERIC_POLICY = (
    "Supervisors will review compliance with this {kind} during regular case reviews and will "
    "correct any deficiency promptly.",
    "Field Office Directors may issue local procedures to carry out this {kind}, provided that "
    "they are consistent with it and are sent to {opi} for review before they take effect.",
    "Where this {kind} conflicts with an earlier memorandum or with local practice, this {kind} "
    "controls.",
    "Exceptions to this {kind} may be granted only in writing by {opi}.",
    "Employees with questions about {focus} should raise them with their supervisor before acting.",
    "Nothing in this {kind} limits an officer's duty to act at once to protect life or safety.",
    "All employees affected by this {kind} will be briefed on it within 30 days of its issue.",
)
NO_PRIVATE_RIGHT = (
    "This {kind} is an internal statement of DRO policy. It is not intended to, does not, and "
    "may not be relied upon to create any right or benefit, substantive or procedural, "
    "enforceable at law by any party in any administrative, civil, or criminal matter."
)


def long_date(day: datetime.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def office_labels() -> dict[str, str]:
    return {
        office.abbreviation: f"{office.name} ({office.abbreviation})" for office in content.OFFICES
    }


def compose(spec: DocumentSpec, *, plan: Plan) -> DocumentText:
    """The full text of `spec`'s PDF; the same spec and plan always give the same text."""
    rng = random.Random(f"{content.SEED}:{spec.library}:{spec.identifier}")
    topic = topics.TOPICS[spec.topic]
    opi = office_labels()[spec.opi]
    kind = KINDS.get(spec.document_type, spec.document_type.lower())
    fill = {"kind": kind, "opi": opi, "focus": topic.focus}

    if spec.document_type == "Reference":
        sections = _reference_sections(spec, topic=topic, kind=kind)
    else:
        sections = _directive_sections(spec, plan=plan, topic=topic, fill=fill, rng=rng)
    sections.append(
        Section(
            "Point of Contact",
            paragraphs=(
                f"Questions about this {kind} should be directed to {opi}. Suggestions for its "
                "improvement may be sent through the Help page of the DRO Resource Library.",
            ),
        )
    )
    signatory = spec.signatory
    return DocumentText(
        agency=_agency(spec),
        identifier=spec.identifier,
        title=spec.title,
        document_type=spec.document_type,
        issued=long_date(spec.issued_on),
        opi=opi,
        source=spec.source,
        subjects=", ".join(spec.subjects),
        marking=MARKINGS.get(spec.marking, ""),
        sections=tuple(sections),
        signatory=(signatory.name, signatory.title) if signatory else (),
    )


def _agency(spec: DocumentSpec) -> tuple[str, ...]:
    if spec.issued_on < content.ICE_FORMED:
        return ("U.S. Department of Justice", content.INS, "Office of Field Operations")
    office = (
        content.DIHS_SOURCE if spec.opi == "DIHS" else "Office of Detention and Removal Operations"
    )
    return (
        "U.S. Department of Homeland Security",
        "U.S. Immigration and Customs Enforcement",
        office,
    )


def _directive_sections(
    spec: DocumentSpec, *, plan: Plan, topic: topics.Topic, fill: dict[str, str], rng: random.Random
) -> list[Section]:
    kind = fill["kind"]
    verb = VERBS.get(spec.document_type, "addresses")
    purpose = [f"This {kind} {verb} {topic.focus}."]
    parent = plan.by_key.get(spec.parent) if spec.parent else None
    if parent is not None:
        purpose.append(
            f"It supplements {parent.identifier}, {parent.title}, and is to be read with it. "
            f"This appendix, {spec.title}, gives officers a working aid for the procedures that "
            "chapter sets out."
        )
    else:
        purpose.append(spec.summary)
    appendices = [other for other in plan.documents if other.parent == spec.key]
    if appendices:
        names = "; ".join(f"{other.identifier}, {other.title}" for other in appendices)
        purpose.append(f"The following appendices form part of this {kind}: {names}.")

    sections = [
        Section("Purpose", paragraphs=tuple(purpose)),
        Section(
            "Scope",
            paragraphs=(
                topic.scope.format(kind=kind),
                f"It addresses matters filed under the following subjects: "
                f"{', '.join(spec.subjects)}.",
            ),
        ),
        Section("Authorities", items=topic.authorities),
    ]
    changes = _changes(spec, plan=plan, kind=kind)
    if changes:
        sections.append(Section("Documents Affected", paragraphs=tuple(changes)))
    sections.append(Section("Background", paragraphs=topic.background))

    statements = list(topic.statements)
    generic = rng.sample(GENERIC_POLICY, 2)
    sections.append(
        Section("Policy", items=(*statements, *(line.format(**fill) for line in generic)))
    )
    sections.append(Section("Definitions", entries=topic.definitions))
    sections.append(
        Section(
            "Responsibilities",
            items=(
                *(f"{actor} {duty}" for actor, duty in topic.actors),
                f"All employees comply with this {kind} and bring problems in carrying it out to "
                "the attention of their supervisors.",
            ),
        )
    )
    if topic.steps:
        sections.append(Section("Procedures", items=topic.steps))
    sections.append(
        Section(
            "Recordkeeping",
            paragraphs=(
                topic.records,
                "Records are kept and disposed of under the records schedules approved for "
                "DRO, and are made available to HQDRO and to inspectors on request.",
            ),
        )
    )
    sections.append(
        Section(
            "Effective Date and Review",
            paragraphs=(
                f"This {kind} is effective on {long_date(spec.issued_on)}. {fill['opi']} will "
                f"review it within three years of that date and revise, reissue, or cancel it as "
                "needed.",
            ),
        )
    )
    sections.append(Section("No Private Right", paragraphs=(NO_PRIVATE_RIGHT.format(kind=kind),)))
    return sections


def _changes(spec: DocumentSpec, *, plan: Plan, kind: str) -> list[str]:
    """What this document does to earlier ones, as its text states it."""
    lines = []
    for step in plan.steps:
        if isinstance(step, content.Supersede) and step.successor == spec.key:
            old = plan.by_key[step.predecessor]
            lines.append(
                f"This {kind} supersedes {old.identifier}, {old.title}, issued "
                f"{long_date(old.issued_on)}."
            )
        elif isinstance(step, content.Amend) and step.amending == spec.key:
            old = plan.by_key[step.amended]
            lines.append(
                f"This {kind} amends {old.identifier}, {old.title}, issued "
                f"{long_date(old.issued_on)}. Except as amended here, {old.identifier} remains in "
                "force."
            )
    return lines


def _reference_sections(spec: DocumentSpec, *, topic: topics.Topic, kind: str) -> list[Section]:
    if spec.entries == "glossary":
        entries = topics.glossary()
    else:
        entries = topics.REFERENCE_ENTRIES[spec.entries]
    return [
        Section("Purpose", paragraphs=(f"This {kind} gathers {topic.focus}.", spec.summary)),
        Section(
            "Using This Reference",
            paragraphs=(
                topic.scope.format(kind=kind),
                *topic.background,
                *topic.statements,
            ),
        ),
        Section(spec.title, entries=entries),
        Section("Sources", items=topic.authorities),
        Section(
            "Maintenance",
            paragraphs=(*(f"{actor} {duty}" for actor, duty in topic.actors), topic.records),
        ),
    ]
