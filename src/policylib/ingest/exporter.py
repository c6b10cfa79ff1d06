"""Export: the library as a manifest plus its files, in the form `policylib import` reads back.

The folder gets `manifest.csv` (or `manifest.json`) and a `files/` tree, one folder per
document. Vocabulary is written by name (a category by slug where several share its name);
links name identifiers, as "library-slug:identifier" where the identifier alone would not say
which document is meant.
"""

import shutil
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Prefetch
from django.utils.text import slugify

from policylib.ingest.manifest import MULTI_VALUED, SEPARATOR, write_csv, write_json
from policylib.library.files import blob_path
from policylib.library.models import (
    Category,
    Document,
    DocumentFile,
    FileRole,
    Library,
    Marking,
)

FORMATS = ("csv", "json")


class ExportError(ValueError):
    """The export cannot start; the message says why."""


@dataclass
class ExportReport:
    folder: Path
    manifest: Path | None = None
    documents: int = 0
    files: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)


def export_library(
    *,
    folder: Path,
    format: str = "csv",
    libraries: list[str] | None = None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ExportReport:
    """Write every document (or those of `libraries`, by slug) and its files to `folder`."""
    if format not in FORMATS:
        raise ExportError(f"The format is one of {', '.join(FORMATS)}, not {format!r}.")
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder.")
    if folder.exists() and any(folder.iterdir()) and not force:
        raise ExportError(f"{folder} is not empty; choose an empty folder (or use --force).")
    folder.mkdir(parents=True, exist_ok=True)
    report = ExportReport(folder=folder)
    documents = _documents(libraries, report)
    names = _reference_names()
    category_name = _category_names()
    rows = []
    for index, document in enumerate(documents, start=1):
        rows.append(_row(document, folder, names, category_name, report))
        if progress:
            progress(index, len(documents))
    report.documents = len(rows)
    report.manifest = folder / f"manifest.{format}"
    temporary = report.manifest.with_suffix(".partial")
    if format == "csv":
        write_csv(temporary, ({k: _cell(v) for k, v in row.items()} for row in rows))
    else:
        write_json(temporary, rows)
    temporary.replace(report.manifest)
    return report


def _documents(libraries: list[str] | None, report: ExportReport) -> list[Document]:
    queryset = (
        Document.objects.select_related("library", "document_type", "opi", "parent")
        .prefetch_related(
            "categories",
            "subjects",
            "restricted_to",
            "supersedes",
            "amends",
            "related",
            Prefetch(
                "files",
                queryset=DocumentFile.objects.exclude(role=FileRole.REPLACED).order_by(
                    "role", "order", "pk"
                ),
            ),
        )
        .order_by("library__order", "library__name", "pk")
    )
    if libraries:
        known = set(Library.objects.values_list("slug", flat=True))
        unknown = sorted(set(libraries) - known)
        if unknown:
            raise ExportError(f"Unknown library slug(s): {', '.join(unknown)}.")
        queryset = queryset.filter(library__slug__in=libraries)
    latest: dict[tuple[int, str], Document] = {}
    for document in queryset:
        key = (document.library_id, document.identifier)
        if key in latest:
            older = min(latest[key], document, key=lambda d: d.pk)
            report.problems.append(
                f"{document.identifier}: an older record (#{older.pk}) with the same identifier "
                "was left out; a manifest holds one document per identifier"
            )
        if key not in latest or latest[key].pk < document.pk:
            latest[key] = document
    return sorted(latest.values(), key=lambda d: (d.library.order, d.library.name, d.pk))


def _category_names() -> Callable[[Category], str]:
    """A category by name, or by slug where several categories share the name."""
    names = Counter(name.lower() for name in Category.objects.values_list("name", flat=True))
    return lambda category: category.slug if names[category.name.lower()] > 1 else category.name


def _reference_names() -> Callable[[Document, int], str]:
    """How a row in one library names a document: the identifier when that is unambiguous."""
    libraries_of: dict[str, set[int]] = defaultdict(set)
    for library, identifier in Document.objects.values_list("library_id", "identifier"):
        libraries_of[identifier].add(library)

    def name(document: Document, from_library: int) -> str:
        places = libraries_of[document.identifier]
        if document.library_id == from_library or places == {document.library_id}:
            return document.identifier
        return f"{document.library.slug}:{document.identifier}"

    return name


def _row(
    document: Document, folder: Path, names, category_name, report: ExportReport
) -> dict[str, str | list]:
    marking = [document.marking]
    if document.marking == Marking.RESTRICTED:
        marking += sorted(group.name for group in document.restricted_to.all())
    signatory = [document.signatory_name] if document.signatory_name else []
    if document.signatory_title:
        signatory = [document.signatory_name, document.signatory_title]
    files = list(document.files.all())
    primary = next((f for f in files if f.role == FileRole.PRIMARY), None)
    attachments = [f for f in files if f.role == FileRole.ATTACHMENT]
    target = folder / "files" / _folder_name(document)
    used: set[str] = set()
    row: dict[str, str | list] = {
        "identifier": document.identifier,
        "title": document.title,
        "library": document.library.name,
        "type": document.document_type.name,
        "status": document.status,
        "issued": _date(document.issued_on),
        "effective": _date(document.effective_on),
        "OPI": document.opi.name if document.opi else "",
        "source": document.source,
        "signatory": signatory,
        "categories": sorted(category_name(category) for category in document.categories.all()),
        "subjects": sorted(subject.name for subject in document.subjects.all()),
        "marking": marking,
        "supersedes": _names(document.supersedes.all(), document, names),
        "amends": _names(document.amends.all(), document, names),
        "related": _names(document.related.all(), document, names),
        "file": _copy(primary, target, folder, used, report) if primary else "",
        "attachments": [
            path
            for f in attachments
            if (path := _copy(f, target, folder, used, report, several=True))
        ],
        "summary": document.summary,
        "body": document.body,
        "parent": names(document.parent, document.library_id) if document.parent else "",
        "review_by": _date(document.review_by),
    }
    for column, value in row.items():
        if column in MULTI_VALUED and isinstance(value, list):
            for part in value:
                if SEPARATOR in part:
                    report.problems.append(
                        f"{document.identifier}: {column} value {part!r} contains {SEPARATOR!r} "
                        "and will read back as several values"
                    )
    return row


def _names(documents, document: Document, names) -> list[str]:
    return sorted(names(other, document.library_id) for other in documents)


def _date(value) -> str:
    return value.isoformat() if value else ""


def _cell(value: str | list) -> str:
    return f"{SEPARATOR} ".join(value) if isinstance(value, list) else value


def _folder_name(document: Document) -> str:
    return f"{document.library.slug}/{slugify(document.identifier) or 'document'}-{document.pk}"


def _copy(
    document_file: DocumentFile,
    target: Path,
    folder: Path,
    used: set[str],
    report: ExportReport,
    *,
    several: bool = False,
) -> str:
    original = document_file.original_name
    # In the attachments cell ";" separates files, so it cannot be part of a name there.
    name = _file_name(original.replace(SEPARATOR, "_") if several else original, used)
    try:
        source = blob_path(document_file.blob)
        target.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as reading, (target / name).open("wb") as writing:
            shutil.copyfileobj(reading, writing, 1024 * 1024)
    except (OSError, ValueError) as exc:
        report.problems.append(
            f"{document_file.document.identifier}: the file {document_file.original_name!r} "
            f"could not be copied ({getattr(exc, 'strerror', None) or exc}); it is left out"
        )
        return ""
    report.files += 1
    report.bytes += document_file.size
    return (target / name).relative_to(folder).as_posix()


def _file_name(original: str, used: set[str]) -> str:
    """The file's own name, made safe as a path part and distinct within its folder."""
    name = original.replace("/", "_").replace("\\", "_").strip()
    if name in {"", ".", ".."} or name.startswith("."):
        name = f"file{name}"
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, number = name, 1
    while candidate.lower() in used:
        number += 1
        candidate = f"{stem}-{number}.{suffix}" if suffix else f"{stem}-{number}"
    used.add(candidate.lower())
    return candidate
