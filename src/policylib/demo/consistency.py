"""The demo must not contradict itself: one record, one marking, wherever it appears.

An agreement of the MOA/MOU Library is also published as a document with the same identifier
(its signed PDF); were the two marked differently, the demo would show readers a text its own
register calls Internal, or the reverse.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from policylib.agreements.models import Agreement
from policylib.library.models import Document, Marking


class InconsistentDemo(ValueError):
    """The demo's content contradicts itself; nothing was loaded."""


@dataclass(frozen=True)
class Handling:
    """How one record is marked: its identifier, its marking and, if Restricted, to whom."""

    identifier: str
    marking: str
    groups: frozenset[str] = frozenset()

    def describe(self) -> str:
        if self.groups:
            return f"{self.marking} ({', '.join(sorted(self.groups))})"
        return self.marking


def marking_conflicts(documents: Iterable[Handling], agreements: Iterable[Handling]) -> list[str]:
    """One line for each agreement and document that share an identifier but not a marking."""
    by_identifier: dict[str, list[Handling]] = {}
    for document in documents:
        by_identifier.setdefault(document.identifier, []).append(document)
    problems = []
    for agreement in agreements:
        for document in by_identifier.get(agreement.identifier, []):
            if (document.marking, document.groups) != (agreement.marking, agreement.groups):
                problems.append(
                    f"{agreement.identifier} is {agreement.describe()} as an agreement but "
                    f"{document.describe()} as a document."
                )
    return problems


def planned_conflicts(document_specs: Iterable, agreement_specs: Iterable) -> list[str]:
    """The conflicts in the demo's content, before anything is loaded."""
    return marking_conflicts(
        (_from_spec(spec) for spec in document_specs),
        (_from_spec(spec) for spec in agreement_specs),
    )


def loaded_conflicts() -> list[str]:
    """The conflicts between the agreements and documents in the database."""
    agreements = Agreement.objects.prefetch_related("restricted_to")
    identifiers = [agreement.identifier for agreement in agreements]
    documents = Document.objects.filter(identifier__in=identifiers).prefetch_related(
        "restricted_to"
    )
    return marking_conflicts(
        (_from_record(document) for document in documents),
        (_from_record(agreement) for agreement in agreements),
    )


def _handling(identifier: str, marking: str, groups: Iterable[str]) -> Handling:
    # The groups matter only to a Restricted record; elsewhere they are not used.
    named = frozenset(groups) if marking == Marking.RESTRICTED else frozenset()
    return Handling(identifier, marking, named)


def _from_spec(spec) -> Handling:
    return _handling(str(spec.identifier), str(spec.marking), spec.restricted_to)


def _from_record(record: Document | Agreement) -> Handling:
    groups = (group.name for group in record.restricted_to.all())
    return _handling(record.identifier, str(record.marking), groups)
