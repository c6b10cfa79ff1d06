"""Bulk import: a manifest of documents and the folder holding their files.

Two passes. The first writes each row's document and files; the second, once every row
exists, links the documents (supersedes, amends, related, parent). Rows are written in short
batches, one transaction each, and each row in its own savepoint: a bad row is rolled back
alone and reported, and a killed import leaves whole rows only. Each row's fingerprint is
stored with its document in the same transaction, so a second run skips what is already
there and a run after a crash picks up where the last one stopped.

Every write goes through `policylib.library.services` and `lifecycle`, so the audit trail,
the search outbox and text extraction see imported documents like any other.
"""

import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from policylib.env import env_int
from policylib.ingest.manifest import Manifest, ManifestRow, read_manifest
from policylib.ingest.models import ImportedRow, ImportRun
from policylib.ingest.rows import FileRef, RowError, RowPlan, plan_row
from policylib.ingest.vocabulary import Unknown, Vocabulary
from policylib.library import lifecycle, services
from policylib.library.events import gathered_changes
from policylib.library.files import FileTooLarge
from policylib.library.models import (
    Amendment,
    Document,
    FileRole,
    Status,
    Supersession,
)

# A batch commits after this many rows or seconds, whichever comes first: short enough that
# the site's own writes never wait long for the database, long enough to be fast.
BATCH_ROWS = env_int("POLICYLIB_IMPORT_BATCH_ROWS", 200)
BATCH_SECONDS = 2.0
BATCH_BYTES = 64 * 1024 * 1024
KEPT_PROBLEMS = 200


class ProgressBar(Protocol):
    def update(self, n: int = 1) -> Any: ...
    def close(self) -> Any: ...


MakeBar = Callable[[int, str], ProgressBar]


@dataclass
class Problem:
    line: int
    identifier: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" ({self.identifier})" if self.identifier else "")
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    """What an import did, row by row and in total."""

    manifest: str
    rows: int = 0
    outcomes: dict[int, str] = field(default_factory=dict)  # line → created/updated/…
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    links: Counter[str] = field(default_factory=Counter)
    vocabulary: dict[str, list[str]] = field(default_factory=dict)
    resumed: ImportRun | None = None
    seconds: float = 0.0

    def count(self, outcome: str) -> int:
        return sum(1 for value in self.outcomes.values() if value == outcome)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def failed(self) -> int:
        return self.count("failed")

    def fail(self, line: int, identifier: str, message: str) -> None:
        self.problems.append(Problem(line, identifier, message))
        self.outcomes[line] = "failed"

    def summary(self) -> list[str]:
        lines = [
            f"{self.rows} rows in {self.seconds:.1f} s: {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.failed} failed."
        ]
        if self.links:
            lines.append(
                "Links added: " + ", ".join(f"{n} {kind}" for kind, n in sorted(self.links.items()))
            )
        for kind, names in sorted(self.vocabulary.items()):
            shown = ", ".join(names[:10]) + (
                f" and {len(names) - 10} more" if len(names) > 10 else ""
            )
            lines.append(f"New {kind} ({len(names)}): {shown}")
        return lines


def import_manifest(
    *,
    folder: Path,
    manifest: Path,
    by=None,
    create_missing: bool = False,
    make_bar: MakeBar | None = None,
) -> ImportReport:
    """Import every row of `manifest`, whose files are under `folder`. Never raises for a row.

    Supersessions are records of what happened, kept as the source states them: a document
    superseded by several others (split into parts, or replaced again later) keeps every link,
    which an act in the library itself may not do (see lifecycle.check_supersession_link).

    Raises ManifestError (from `policylib.ingest.manifest`) when the manifest itself cannot be
    read; nothing is written then.
    """
    started = time.monotonic()
    parsed = read_manifest(manifest)
    run, resumed = _start_run(parsed, folder, by)
    importer = _Importer(
        parsed,
        folder=folder,
        by=by,
        create_missing=create_missing,
        make_bar=make_bar,
        run=run,
    )
    importer.report.resumed = resumed
    importer.run()
    report = importer.report
    report.seconds = time.monotonic() - started
    _finish_run(run, report)
    return report


def _start_run(manifest: Manifest, folder: Path, by) -> tuple[ImportRun, ImportRun | None]:
    resumed = (
        ImportRun.objects.filter(manifest_sha256=manifest.sha256, finished_at__isnull=True)
        .order_by("-started_at", "-id")
        .first()
    )
    run = ImportRun.objects.create(
        manifest=str(manifest.path),
        manifest_sha256=manifest.sha256,
        folder=str(folder),
        by=by if getattr(by, "is_authenticated", False) else None,
        rows=len(manifest.rows),
    )
    return run, resumed


def _finish_run(run: ImportRun, report: ImportReport) -> None:
    run.finished_at = timezone.now()
    run.created, run.updated = report.created, report.updated
    run.unchanged, run.failed = report.unchanged, report.failed
    run.problems = [str(problem) for problem in report.problems[:KEPT_PROBLEMS]]
    run.save()
    # Runs of this manifest that never finished are now finished by this one.
    ImportRun.objects.filter(
        manifest_sha256=run.manifest_sha256, finished_at__isnull=True, pk__lt=run.pk
    ).update(finished_at=run.finished_at)


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _in_batches(items: list, bar: ProgressBar, handle: Callable[[Any], None]) -> None:
    """Call `handle` on each item, committing every BATCH_ROWS items or BATCH_SECONDS."""
    position = 0
    try:
        while position < len(items):
            started = time.monotonic()
            with transaction.atomic(), gathered_changes(sender=Document):
                while position < len(items):
                    handle(items[position])
                    position += 1
                    bar.update(1)
                    if position % BATCH_ROWS == 0 or time.monotonic() - started > BATCH_SECONDS:
                        break
    finally:
        bar.close()


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()
            )
        return " ".join(exc.messages)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}"
    return str(exc)


# Failures of one row that must not stop the others.
ROW_ERRORS = (
    RowError,
    Unknown,
    services.DocumentError,
    lifecycle.LifecycleError,
    ValidationError,
    FileTooLarge,
    OSError,
    ValueError,
    IntegrityError,
    DataError,
)


class _Importer:
    def __init__(
        self,
        manifest: Manifest,
        *,
        folder: Path,
        by,
        create_missing: bool,
        make_bar: MakeBar | None,
        run: ImportRun,
    ) -> None:
        self.manifest = manifest
        self.folder = folder
        self.by = by
        self.run_record = run
        self.make_bar = make_bar or (lambda total, description: _NoBar())
        self.vocabulary = Vocabulary(create_missing=create_missing)
        self.report = ImportReport(manifest=manifest.path.name, rows=len(manifest.rows))
        self.plans: list[RowPlan] = []
        self.failed_keys: dict[str, int] = {}  # identifier → line, rows that failed
        self.documents: dict[tuple[int, str], int] = {}
        self.by_identifier: dict[str, dict[int, int]] = defaultdict(dict)
        self.imported: dict[int, tuple[str, str]] = {}
        self.row_of_document: dict[int, RowPlan] = {}

    def run(self) -> None:
        self._load_documents()
        self.imported = {
            document: (fingerprint, status)
            for document, fingerprint, status in ImportedRow.objects.values_list(
                "document_id", "fingerprint", "status"
            )
        }
        self._first_pass()
        self._load_documents()
        self._second_pass()
        self.report.vocabulary = self.vocabulary.created

    # -- Pass 1: documents and files ------------------------------------------------------

    def _first_pass(self) -> None:
        bar = self.make_bar(len(self.manifest.rows), "Importing documents")
        self.seen: dict[tuple[str, str], int] = {}
        batch: list[RowPlan] = []
        size, started = 0, time.monotonic()
        try:
            for row in self.manifest.rows:
                plan = self._plan(row)
                if plan is not None:
                    batch.append(plan)
                    size += sum(f.size for f in plan.files)
                if (
                    len(batch) >= BATCH_ROWS
                    or size >= BATCH_BYTES
                    or time.monotonic() - started > BATCH_SECONDS
                ):
                    self._write_batch(batch)
                    batch, size, started = [], 0, time.monotonic()
                bar.update(1)
            self._write_batch(batch)
        finally:
            bar.close()

    def _plan(self, row: ManifestRow) -> RowPlan | None:
        identifier = row.text("identifier")
        try:
            plan = plan_row(row, folder=self.folder, vocabulary=self.vocabulary)
        except RowError as exc:
            self._failed(row.line, identifier, str(exc))
            return None
        key = (self._library_key(plan.library), plan.identifier)
        if key in self.seen:
            self.report.fail(
                row.line, identifier, f"the same document as line {self.seen[key]} (skipped)"
            )
            return None
        self.seen[key] = row.line
        return plan

    def _failed(self, line: int, identifier: str, reason: str) -> None:
        self.report.fail(line, identifier, reason)
        self.failed_keys.setdefault(identifier, line)

    def _write_batch(self, plans: list[RowPlan]) -> None:
        """Write a batch of rows in one transaction: new documents together, others one by one."""
        if not plans:
            return
        with transaction.atomic(), gathered_changes(sender=Document):
            new: list[RowPlan] = []
            for plan in plans:
                pk = self._existing(plan)
                if pk is None:
                    new.append(plan)
                elif self.imported.get(pk, ("", ""))[0] == plan.fingerprint:
                    self.row_of_document[pk] = plan
                    self.report.outcomes[plan.line] = "unchanged"
                    self.plans.append(plan)
                else:
                    self._write_one(plan)
            if len(new) > 1:
                try:
                    with transaction.atomic():
                        self._create_many(new)
                    return
                except ROW_ERRORS:
                    # One of them is bad: take them one at a time to find and report it.
                    self.vocabulary.rollback_row()
            for plan in new:
                self._write_one(plan)

    def _existing(self, plan: RowPlan) -> int | None:
        found = self.vocabulary.kinds["library"].index.get(plan.library.strip().lower())
        return self.documents.get((found[0].pk, plan.identifier)) if found else None

    def _write_one(self, plan: RowPlan) -> None:
        try:
            with transaction.atomic():
                outcome = self._write(plan)
        except ROW_ERRORS as exc:
            self.vocabulary.rollback_row()
            self._failed(plan.line, plan.identifier, _reason(exc))
            return
        self.vocabulary.commit_row()
        self.report.outcomes[plan.line] = outcome
        self.plans.append(plan)

    def _create_many(self, plans: list[RowPlan]) -> None:
        records = []
        for plan in plans:
            values, many = self._values(plan)
            records.append(
                {
                    "library": self.vocabulary.get("library", plan.library),
                    "identifier": plan.identifier,
                    "status": plan.status,
                    **values,
                    **many,
                }
            )
        created = services.create_documents(by=self.by, documents=records)
        for document, plan in zip(created, plans, strict=True):
            self._attach(document, plan.file, FileRole.PRIMARY)
            for attachment in plan.attachments:
                self._attach(document, attachment, FileRole.ATTACHMENT)
        ImportedRow.objects.bulk_create(
            ImportedRow(
                document=document,
                fingerprint=plan.fingerprint,
                status=plan.status if "status" in plan.columns else "",
                run=self.run_record,
                line=plan.line,
            )
            for document, plan in zip(created, plans, strict=True)
        )
        self.vocabulary.commit_row()
        for document, plan in zip(created, plans, strict=True):
            self._remember(document)
            self.row_of_document[document.pk] = plan
            self.report.outcomes[plan.line] = "created"
            self.plans.append(plan)

    def _library_key(self, name: str) -> str:
        kind = self.vocabulary.kinds["library"]
        found = kind.index.get(name.strip().lower())
        return str(found[0].pk) if found else name.strip().lower()

    def _write(self, plan: RowPlan) -> str:
        library = self.vocabulary.get("library", plan.library)
        pk = self.documents.get((library.pk, plan.identifier))
        if pk is not None and self.imported.get(pk, ("", ""))[0] == plan.fingerprint:
            self.row_of_document[pk] = plan
            return "unchanged"
        values, many = self._values(plan)
        if pk is None:
            document = services.create_document(
                by=self.by,
                library=library,
                identifier=plan.identifier,
                status=plan.status,
                **values,
                **many,
            )
            outcome = "created"
            self._remember(document)
        else:
            document = Document.objects.get(pk=pk)
            changed = self._update(document, plan, values, many)
            outcome = "updated" if changed else "unchanged"
        if self._attach(document, plan.file, FileRole.PRIMARY):
            outcome = "updated" if outcome == "unchanged" else outcome
        for attachment in plan.attachments:
            if self._attach(document, attachment, FileRole.ATTACHMENT):
                outcome = "updated" if outcome == "unchanged" else outcome
        ImportedRow.objects.update_or_create(
            document=document,
            defaults={
                "fingerprint": plan.fingerprint,
                "status": plan.status if "status" in plan.columns else "",
                "run": self.run_record,
                "line": plan.line,
            },
        )
        self.row_of_document[document.pk] = plan
        return outcome

    def _values(self, plan: RowPlan) -> tuple[dict[str, Any], dict[str, list]]:
        get = self.vocabulary.get
        values: dict[str, Any] = dict(plan.fields)
        values["document_type"] = get("type", plan.document_type)
        if "OPI" in plan.columns:
            values["opi"] = get("OPI", plan.opi) if plan.opi else None
        many: dict[str, list] = {}
        if "categories" in plan.columns:
            many["categories"] = [get("category", name) for name in plan.categories]
        if "subjects" in plan.columns:
            many["subjects"] = [get("subject", name) for name in plan.subjects]
        if "marking" in plan.columns:
            many["restricted_to"] = [get("group", name) for name in plan.groups]
        return values, many

    def _update(self, document: Document, plan: RowPlan, values: dict, many: dict) -> bool:
        changes = {
            name: value for name, value in values.items() if getattr(document, name) != value
        }
        for name, items in many.items():
            current = set(getattr(document, name).values_list("pk", flat=True))
            if current != {item.pk for item in items}:
                changes[name] = items
        if changes:
            services.update_document(
                document=document, by=self.by, note=f"Import, line {plan.line}", **changes
            )
        moved = self._move(document, plan)
        return bool(changes) or moved

    def _move(self, document: Document, plan: RowPlan) -> bool:
        """Follow a status the manifest changed, through the lifecycle's transitions."""
        if "status" not in plan.columns:
            return False
        previous = self.imported.get(document.pk, ("", ""))[1]
        target = plan.status
        if target in (previous, document.status):
            return False
        note = f"Import, line {plan.line}"
        if target == Status.CURRENT and document.status == Status.DRAFT:
            lifecycle.issue(
                document=document, by=self.by, issued_on=plan.fields.get("issued_on"), note=note
            )
        elif target == Status.CANCELLED:
            lifecycle.cancel(document=document, by=self.by, note=note)
        elif target == Status.ARCHIVED:
            lifecycle.archive(document=document, by=self.by, note=note)
        elif target == Status.SUPERSEDED:
            return False  # only a superseding document can do that; see _check_superseded
        else:
            raise lifecycle.LifecycleError(
                f"{document.identifier} is {document.get_status_display()}; the library "
                f"cannot make it {Status(target).label} again."
            )
        return True

    def _attach(self, document: Document, file: FileRef | None, role: str) -> bool:
        if file is None:
            return False
        if document.files.filter(role=role, sha256=file.sha256).exists():
            return False
        with file.path.open("rb") as stream:
            services.attach_file(
                document=document,
                by=self.by,
                stream=stream,
                original_name=file.path.name,
                role=role,
            )
        return True

    # -- Looking documents up ---------------------------------------------------------------

    def _load_documents(self) -> None:
        self.documents.clear()
        self.by_identifier.clear()
        rows = Document.objects.order_by("pk").values_list("pk", "library_id", "identifier")
        for pk, library, identifier in rows:
            self._remember_key(pk, library, identifier)

    def _remember(self, document: Document) -> None:
        self._remember_key(document.pk, document.library_id, document.identifier)

    def _remember_key(self, pk: int, library: int, identifier: str) -> None:
        # A later record with the same identifier (a newer version) wins.
        self.documents[(library, identifier)] = pk
        self.by_identifier[identifier][library] = pk

    def resolve(self, reference: str, *, library: int) -> int:
        """The document a reference names: in the row's library, "library:identifier", or
        an identifier used in just one library. Raises LookupError with the reason."""
        if (library, reference) in self.documents:
            return self.documents[(library, reference)]
        prefix, colon, rest = reference.partition(":")
        if colon:
            found = self.vocabulary.kinds["library"].index.get(prefix.strip().lower())
            if found and (found[0].pk, rest.strip()) in self.documents:
                return self.documents[(found[0].pk, rest.strip())]
        candidates = list(self.by_identifier.get(reference, {}).values())
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise LookupError(
                f"{reference!r} is used in several libraries; write it as library:identifier"
            )
        if reference in self.failed_keys:
            raise LookupError(
                f"{reference!r} was not imported (its row, line "
                f"{self.failed_keys[reference]}, failed)"
            )
        raise LookupError(f"no document {reference!r}, in the manifest or the library")

    # -- Pass 2: links -----------------------------------------------------------------------

    def _second_pass(self) -> None:
        supersessions, amendments, related, parents = self._resolve_links()
        supersessions = self._without_cycles(supersessions)
        steps: list[tuple[str, RowPlan, int, int]] = [
            *(("supersedes", plan, a, b) for plan, a, b in self._in_history_order(supersessions)),
            *(("amends", plan, a, b) for plan, a, b in amendments),
            *(("related", plan, a, b) for plan, a, b in related),
            *(("parent", plan, a, b) for plan, a, b in parents),
        ]
        _in_batches(steps, self.make_bar(len(steps), "Linking documents"), self._link_step)
        self._check_superseded()

    def _link_step(self, step: tuple[str, RowPlan, int, int]) -> None:
        kind, plan, one, other = step
        try:
            with transaction.atomic():
                self._link(kind, plan, one, other)
        except ROW_ERRORS as exc:
            self.report.fail(plan.line, plan.identifier, f"{kind}: {_reason(exc)}")
            return
        self.report.links[_LINK_NAMES[kind]] += 1

    def _resolve_links(self):
        self.db_supersessions = set(
            Supersession.objects.values_list("successor_id", "predecessor_id")
        )
        existing_supersessions = set(self.db_supersessions)
        existing_amendments = set(Amendment.objects.values_list("amending_id", "amended_id"))
        through = Document.related.through
        existing_related = set(through.objects.values_list("from_document_id", "to_document_id"))
        parents = dict(Document.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
        supersessions, amendments, related, parent_links = [], [], [], []
        for plan in self.plans:
            library = self._library_pk(plan)
            me = self.documents[(library, plan.identifier)]
            for column, existing, bucket in (
                ("supersedes", existing_supersessions, supersessions),
                ("amends", existing_amendments, amendments),
                ("related", existing_related, related),
            ):
                for reference in getattr(plan, column):
                    try:
                        other = self.resolve(reference, library=library)
                    except LookupError as exc:
                        self.report.fail(plan.line, plan.identifier, f"{column}: {exc}{_UNLINKED}")
                        continue
                    if other == me:
                        self.report.fail(plan.line, plan.identifier, f"{column} names itself")
                    elif (me, other) not in existing:
                        existing.add((me, other))
                        if column == "related":
                            existing.add((other, me))
                        bucket.append((plan, me, other))
            if plan.parent:
                try:
                    parent = self.resolve(plan.parent, library=library)
                except LookupError as exc:
                    self.report.fail(plan.line, plan.identifier, f"parent: {exc}")
                    continue
                if parents.get(me) != parent:
                    parent_links.append((plan, me, parent))
        return supersessions, amendments, related, parent_links

    def _library_pk(self, plan: RowPlan) -> int:
        return self.vocabulary.kinds["library"].index[plan.library.strip().lower()][0].pk

    def _without_cycles(self, edges: list[tuple[RowPlan, int, int]]):
        """Drop (and report) each new link that would close a cycle, in manifest order."""
        older: dict[int, set[int]] = defaultdict(set)  # successor → what it supersedes
        for successor, predecessor in self.db_supersessions:
            older[successor].add(predecessor)
        kept = []
        for plan, successor, predecessor in edges:
            if _reaches(older, predecessor, successor):
                self.report.fail(
                    plan.line,
                    plan.identifier,
                    f"supersedes: {self._name(predecessor)} already supersedes "
                    f"{plan.identifier} (directly or through others); the link would make a "
                    f"cycle{_UNLINKED}",
                )
                continue
            older[successor].add(predecessor)
            kept.append((plan, successor, predecessor))
        self.graph = older
        return kept

    def _in_history_order(self, edges: list[tuple[RowPlan, int, int]]):
        """Oldest links first: a document's own predecessors are linked before it is superseded,
        so whether a predecessor is retired depends on the records, not the manifest order."""
        rank = _ranks(self.graph)
        return sorted(edges, key=lambda edge: rank.get(edge[2], 0))

    def _name(self, pk: int) -> str:
        plan = self.row_of_document.get(pk)
        if plan is not None:
            return plan.identifier
        return Document.objects.filter(pk=pk).values_list("identifier", flat=True).first() or ""

    def _link(self, kind: str, plan: RowPlan, one: int, other: int) -> None:
        document = Document.objects.get(pk=one)
        target = Document.objects.get(pk=other)
        if kind == "supersedes":
            was = target.status
            services.record_supersession(
                successor=document,
                predecessor=target,
                by=self.by,
                several_successors=True,  # a record of what happened
            )
            target.refresh_from_db(fields=["status"])
            if was == Status.CURRENT and target.status == Status.SUPERSEDED:
                self._note_retired(target, document)
        elif kind == "amends":
            services.amend(amending=document, amended=target, by=self.by)
        elif kind == "related":
            services.relate(document=document, other=target, by=self.by)
        elif kind == "parent":
            _check_parent(document, target)
            services.update_document(
                document=document, by=self.by, parent=target, note=f"Import, line {plan.line}"
            )

    def _note_retired(self, document: Document, successor: Document) -> None:
        plan = self.row_of_document.get(document.pk)
        if plan is None or plan.status != Status.CURRENT:
            return
        self.report.notes.append(
            Problem(
                plan.line,
                plan.identifier,
                f"Current in the manifest, but {successor.identifier} (current) supersedes it: "
                "now Superseded",
            )
        )

    def _check_superseded(self) -> None:
        wanted = {
            self.documents[(self._library_pk(plan), plan.identifier)]: plan
            for plan in self.plans
            if plan.status == Status.SUPERSEDED and "status" in plan.columns
        }
        if not wanted:
            return
        statuses = Document.objects.filter(pk__in=wanted).values_list("pk", "status")
        for pk, status in statuses:
            if status in (Status.DRAFT, Status.CURRENT):
                plan = wanted[pk]
                self.report.notes.append(
                    Problem(
                        plan.line,
                        plan.identifier,
                        f"Superseded in the manifest, but no current document supersedes it; "
                        f"it stays {Status(status).label}",
                    )
                )


_UNLINKED = " (the document is imported without this link)"
_LINK_NAMES = {
    "supersedes": "supersessions",
    "amends": "amendments",
    "related": "related links",
    "parent": "appendix links",
}


def _reaches(older: dict[int, set[int]], start: int, goal: int) -> bool:
    """Does `start` supersede `goal`, directly or through a chain?"""
    seen = {start}
    queue = deque([start])
    while queue:
        for predecessor in older.get(queue.popleft(), ()):
            if predecessor == goal:
                return True
            if predecessor not in seen:
                seen.add(predecessor)
                queue.append(predecessor)
    return False


def _ranks(older: dict[int, set[int]]) -> dict[int, int]:
    """Each document's place in its supersession history: 0 for the oldest versions."""
    newer: dict[int, list[int]] = defaultdict(list)
    waiting: Counter[int] = Counter()
    nodes: set[int] = set()
    for successor, predecessors in older.items():
        nodes.add(successor)
        for predecessor in predecessors:
            nodes.add(predecessor)
            newer[predecessor].append(successor)
            waiting[successor] += 1
    rank = dict.fromkeys(nodes, 0)
    queue = deque(node for node in nodes if waiting[node] == 0)
    while queue:
        node = queue.popleft()
        for successor in newer[node]:
            rank[successor] = max(rank[successor], rank[node] + 1)
            waiting[successor] -= 1
            if waiting[successor] == 0:
                queue.append(successor)
    return rank


def _check_parent(document: Document, parent: Document) -> None:
    seen = {document.pk}
    node: Document | None = parent
    while node is not None:
        if node.pk in seen:
            raise services.DocumentError(
                f"{parent.identifier} is an appendix of {document.identifier}; the parent link "
                "would make a cycle"
            )
        seen.add(node.pk)
        node = node.parent
