"""One manifest row read into what the library needs, with every problem found in it.

Nothing here writes: a row is checked completely (dates, vocabulary, files) before any of it
is imported, so a bad row leaves no trace.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from policylib.ingest.manifest import MULTI_VALUED, ManifestRow
from policylib.ingest.vocabulary import Unknown, Vocabulary
from policylib.library.files import CHUNK_SIZE
from policylib.library.models import Marking, Status

# Scalar document fields each column sets (the others are handled one by one).
TEXT_FIELDS = {"title": "title", "source": "source", "summary": "summary", "body": "body"}
DATE_FIELDS = {"issued": "issued_on", "effective": "effective_on", "review_by": "review_by"}
LIMITS = {"identifier": 200, "title": 500, "source": 200, "signatory": 200}
STATUSES = {choice.value: choice.value for choice in Status} | {
    choice.label.lower(): choice.value for choice in Status
}
MARKINGS = {choice.value: choice.value for choice in Marking} | {
    choice.label.lower(): choice.value for choice in Marking
}
# A row without a status records a document in force: imports bring in existing documents.
DEFAULT_STATUS = Status.CURRENT


class RowError(ValueError):
    """The row cannot be imported; str() lists every reason."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass
class FileRef:
    path: Path
    sha256: str
    size: int


@dataclass
class RowPlan:
    """What a valid row asks for, with names still to be looked up in the vocabulary."""

    line: int
    identifier: str
    library: str
    columns: frozenset[str]
    fields: dict[str, object] = field(default_factory=dict)
    document_type: str = ""
    opi: str = ""
    categories: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    status: str = DEFAULT_STATUS
    file: FileRef | None = None
    attachments: list[FileRef] = field(default_factory=list)
    supersedes: list[str] = field(default_factory=list)
    amends: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    parent: str = ""
    fingerprint: str = ""

    @property
    def files(self) -> list[FileRef]:
        return [self.file, *self.attachments] if self.file else list(self.attachments)


def plan_row(row: ManifestRow, *, folder: Path, vocabulary: Vocabulary) -> RowPlan:
    """Read and check one row; raise RowError with every reason it cannot be imported."""
    reasons: list[str] = []
    columns = frozenset(row.cells)
    plan = RowPlan(
        line=row.line,
        identifier=row.text("identifier"),
        library=row.text("library"),
        columns=columns,
    )
    for column in ("identifier", "title", "library", "type"):
        if not row.text(column):
            reasons.append(f"{column} is empty")
    for column, limit in LIMITS.items():
        if len(row.text(column)) > limit:
            reasons.append(f"{column} is longer than {limit} characters")
    _check_vocabulary(vocabulary, "library", [plan.library] if plan.library else [], reasons)

    for column, name in TEXT_FIELDS.items():
        if column in columns:
            plan.fields[name] = row.text(column)
    for column, name in DATE_FIELDS.items():
        if column in columns:
            plan.fields[name] = _date(row.text(column), column, reasons)

    plan.document_type = row.text("type")
    _check_vocabulary(
        vocabulary, "type", [plan.document_type] if plan.document_type else [], reasons
    )
    if "OPI" in columns:
        plan.opi = row.text("OPI")
        _check_vocabulary(vocabulary, "OPI", [plan.opi] if plan.opi else [], reasons)
    if "categories" in columns:
        plan.categories = row.values("categories")
        _check_vocabulary(vocabulary, "category", plan.categories, reasons)
    if "subjects" in columns:
        plan.subjects = row.values("subjects")
        _check_vocabulary(vocabulary, "subject", plan.subjects, reasons)
    if "signatory" in columns:
        signatory = row.values("signatory")
        if len(signatory) > 2:
            reasons.append('signatory is "name; title": it has more than two parts')
        plan.fields["signatory_name"] = signatory[0] if signatory else ""
        plan.fields["signatory_title"] = signatory[1] if len(signatory) > 1 else ""
    if "status" in columns:
        status = row.text("status")
        plan.status = STATUSES.get(status.lower(), "") if status else DEFAULT_STATUS
        if not plan.status:
            reasons.append(f"unknown status {status!r} (one of: {', '.join(Status.values)})")
    if "marking" in columns:
        marking = row.values("marking")
        plan.fields["marking"] = MARKINGS.get(marking[0].lower(), "") if marking else "public"
        if not plan.fields["marking"]:
            reasons.append(
                f"unknown marking {marking[0]!r} (one of: {', '.join(Marking.values)}; "
                'a restricted document may name its groups: "restricted; LES")'
            )
        plan.groups = marking[1:]
        if plan.groups and plan.fields["marking"] != Marking.RESTRICTED:
            reasons.append("only a restricted marking names groups")
        _check_vocabulary(vocabulary, "group", plan.groups, reasons)

    if row.text("file"):
        plan.file = _file(folder, row.text("file"), "file", reasons)
    for name in row.values("attachments"):
        found = _file(folder, name, "attachment", reasons)
        if found:
            plan.attachments.append(found)

    plan.supersedes = row.values("supersedes")
    plan.amends = row.values("amends")
    plan.related = row.values("related")
    plan.parent = row.text("parent")
    for column in ("supersedes", "amends", "related"):
        if plan.identifier in getattr(plan, column):
            reasons.append(f"{column} names the document itself")
    if plan.parent and plan.parent == plan.identifier:
        reasons.append("parent names the document itself")

    if reasons:
        raise RowError(reasons)
    plan.fingerprint = _fingerprint(row, plan)
    return plan


def _check_vocabulary(vocabulary: Vocabulary, kind: str, names: list[str], reasons: list[str]):
    for name in names:
        try:
            vocabulary.check(kind, name)
        except Unknown as exc:
            reasons.append(str(exc))


def _date(text: str, column: str, reasons: list[str]) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.datetime.fromisoformat(text).date()
    except ValueError:
        reasons.append(f"{column} {text!r} is not an ISO 8601 date (YYYY-MM-DD)")
        return None


def _file(folder: Path, name: str, label: str, reasons: list[str]) -> FileRef | None:
    relative = Path(name)
    if relative.is_absolute() or name.startswith(("/", "\\")):
        reasons.append(f"{label} {name!r} must be a path inside the folder, not an absolute one")
        return None
    root = folder.resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        reasons.append(f"{label} {name!r} is outside the folder")
        return None
    if not path.is_file():
        reasons.append(f"{label} {name!r} does not exist in {folder}")
        return None
    try:
        size = path.stat().st_size
        if size > settings.POLICYLIB_MAX_UPLOAD_BYTES:
            limit = settings.POLICYLIB_MAX_UPLOAD_BYTES // (1024 * 1024)
            reasons.append(f"{label} {name!r} is larger than the limit of {limit} MB")
            return None
        return FileRef(path=path, sha256=_sha256(path), size=size)
    except OSError as exc:
        reasons.append(f"{label} {name!r} cannot be read: {exc.strerror or exc}")
        return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def _fingerprint(row: ManifestRow, plan: RowPlan) -> str:
    cells = {
        column: row.values(column) if column in MULTI_VALUED else row.text(column)
        for column in sorted(row.cells)
    }
    files = [plan.file.sha256 if plan.file else None, *(f.sha256 for f in plan.attachments)]
    encoded = json.dumps({"cells": cells, "files": files}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
