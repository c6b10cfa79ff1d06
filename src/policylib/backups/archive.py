"""Backup and restore: the whole library (database and files) in one ZIP file.

The archive holds
- `policylib-backup.json`: what it is (format, date, database, applied migrations, row counts,
  and the SHA-256 and size of every file);
- `database.jsonl`: every row, one JSON object a line (in Django's serialization shape, times to
  the microsecond, content types and permissions named by natural key so they match any
  database);
- `blobs/ab/abcdef…`: the stored files, under their SHA-256, exactly as the blob store keeps
  them.

A backup is consistent while the site runs. With SQLite the online backup API copies the
database in one step into a snapshot file, and the rows are read from that snapshot. With
PostgreSQL the rows are read in one REPEATABLE READ, READ ONLY transaction, so every table is
read as of the same moment, without pg_dump (whose version must match the server's) and in a
form that restores into either database. Files are never changed or deleted once stored (they
are named by their content), so every file the snapshot names is on disk and complete.

The search index is not in the archive: restore rebuilds it from the restored database.
"""

import datetime
import hashlib
import itertools
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils import timezone

from policylib.library import files
from policylib.library.file_rows import stored_blobs

FORMAT = "policylib-backup"
VERSION = 1
METADATA = "policylib-backup.json"
DATABASE = "database.jsonl"
SNAPSHOT_ALIAS = "policylib_backup_snapshot"
CHUNK = 1024 * 1024
INSERT_BATCH = 500

# Left out of a backup: rebuilt by `migrate` (content types, permissions), per machine (the
# search index's nodes and outbox), or short-lived (sessions).
EXCLUDED_APPS = {"contenttypes", "sessions", "search"}
EXCLUDED_MODELS = {"auth.permission"}
# What makes a library non-empty: restoring over any of these would mix two libraries.
CONTENT_MODELS = (
    "library.document",
    "library.library",
    "library.category",
    "library.documenttype",
    "library.office",
    "library.documentfile",
    "audit.auditentry",
    "auth.user",
)

Progress = Callable[[str], None]


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


@dataclass
class BackupReport:
    path: Path
    rows: int = 0
    files: int = 0
    bytes: int = 0
    missing: list[str] = field(default_factory=list)  # files the database names but lacks
    damaged: list[str] = field(default_factory=list)  # files whose content no longer matches


@dataclass
class RestoreReport:
    rows: int = 0
    files: int = 0
    indexed: int = 0
    counts: Counter[str] = field(default_factory=Counter)


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows a backup keeps."""
    return [
        model
        for model in apps.get_models(include_auto_created=False)
        if model._meta.app_label not in EXCLUDED_APPS
        and model._meta.label_lower not in EXCLUDED_MODELS
        and model._meta.managed
        and not model._meta.proxy
    ]


# -- Backup -------------------------------------------------------------------------------


def backup(path: Path, *, say: Progress | None = None) -> BackupReport:
    """Write a consistent backup of the library to `path` (replaced only once complete)."""
    say = say or (lambda message: None)
    path = path.expanduser().resolve()
    if path.is_dir():
        raise BackupError(f"{path} is a folder; give the name of the backup file to write.")
    path.parent.mkdir(parents=True, exist_ok=True)
    report = BackupReport(path=path)
    with tempfile.TemporaryDirectory(prefix=".policylib-backup-", dir=path.parent) as work:
        work_dir = Path(work)
        dump = work_dir / DATABASE
        with _consistent_read(work_dir) as alias:
            say("Reading the database…")
            _dump(dump, alias)
            counts = _counts(alias)
            migrations = _applied_migrations(alias)
            blobs = stored_blobs(using=alias)
        report.rows = sum(counts.values())
        partial = work_dir / "backup.zip"
        say(f"Copying {len({b[1] for b in blobs})} files…")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.write(dump, DATABASE, compress_type=zipfile.ZIP_DEFLATED)
            written = _add_blobs(zf, blobs, report)
            metadata = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": migrations,
                "counts": dict(sorted(counts.items())),
                "files": written,
                "missing": report.missing,
                "damaged": report.damaged,
            }
            zf.writestr(METADATA, json.dumps(metadata, indent=1, sort_keys=True))
        _fsync(partial)
        os.chmod(partial, 0o600)  # it holds every document and the accounts' password hashes
        os.replace(partial, path)
    return report


@contextmanager
def _consistent_read(work_dir: Path) -> Iterator[str]:
    """A database alias that reads one moment of the library, for as long as the block runs."""
    if connection.in_atomic_block:
        # Already inside a transaction (a caller's): its reads are one moment already.
        yield DEFAULT_DB_ALIAS
        return
    if connection.vendor == "sqlite":
        snapshot = work_dir / "snapshot.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(snapshot)
        try:
            # pages=-1: the whole database in one step, so the copy is of one moment.
            connection.connection.backup(target, pages=-1)
        finally:
            target.close()
        settings = dict(connections.settings[DEFAULT_DB_ALIAS])
        settings.update(NAME=str(snapshot), OPTIONS={}, CONN_MAX_AGE=0)
        # A connection made here rather than configured: it lives only while the backup runs.
        backend = load_backend(settings["ENGINE"])
        connections[SNAPSHOT_ALIAS] = backend.DatabaseWrapper(settings, SNAPSHOT_ALIAS)
        try:
            yield SNAPSHOT_ALIAS
        finally:
            connections[SNAPSHOT_ALIAS].close()
            del connections[SNAPSHOT_ALIAS]
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield DEFAULT_DB_ALIAS


def _stored_models(alias: str) -> list[type[models.Model]]:
    """The backed-up models whose tables this database has (it may predate some)."""
    tables = set(connections[alias].introspection.table_names())
    return [model for model in backed_up_models() if model._meta.db_table in tables]


class _ExactEncoder(DjangoJSONEncoder):
    """Django's JSON, but times keep their microseconds (Django's own encoder drops them)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _dump(target: Path, alias: str) -> None:
    """Every row as a line of JSON, in Django's serialization shape, models in an order that
    lets natural keys resolve as they load."""
    by_app: dict = defaultdict(list)
    for model in _stored_models(alias):
        by_app[apps.get_app_config(model._meta.app_label)].append(model)
    ordered = serializers.sort_dependencies(by_app.items(), allow_cycles=True)
    with target.open("w", encoding="utf-8") as out:
        for model in ordered:
            named = [
                f.name
                for f in model._meta.concrete_fields
                if f.is_relation and hasattr(f.related_model, "natural_key")
            ]
            rows = (
                model._base_manager.using(alias)
                .select_related(*named)
                .order_by(model._meta.pk.name)
                .iterator(chunk_size=INSERT_BATCH)
            )
            while batch := list(itertools.islice(rows, INSERT_BATCH)):
                for item in serializers.serialize("python", batch, use_natural_foreign_keys=True):
                    out.write(json.dumps(item, cls=_ExactEncoder, ensure_ascii=False) + "\n")


def _counts(alias: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for model in _stored_models(alias):
        counts[model._meta.label_lower] = model._base_manager.using(alias).count()
    return counts


def _applied_migrations(alias: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = defaultdict(list)
    for app, name in MigrationRecorder(connections[alias]).applied_migrations():
        applied[app].append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _add_blobs(zf: zipfile.ZipFile, blobs, report: BackupReport) -> dict[str, int]:
    written: dict[str, int] = {}
    for blob, sha256, size in blobs:
        if sha256 in written:
            continue
        try:
            source = files.blob_path(blob)
            digest = hashlib.sha256()
            with (
                source.open("rb") as reading,
                zf.open(_member(sha256), "w", force_zip64=True) as out,
            ):
                while chunk := reading.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        except (OSError, ValueError):
            report.missing.append(sha256)
            continue
        if digest.hexdigest() != sha256:
            report.damaged.append(sha256)
        written[sha256] = size
        report.files += 1
        report.bytes += size
    return written


def _member(sha256: str) -> str:
    return f"blobs/{sha256[:2]}/{sha256}"


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


# -- Restore ------------------------------------------------------------------------------


def restore(path: Path, *, force: bool = False, say: Progress | None = None) -> RestoreReport:
    """Rebuild the library from a backup, on an empty database (or any, with `force`)."""
    say = say or (lambda message: None)
    path = path.expanduser()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{path} is not a policylib backup ({exc}).") from exc
    with archive:
        metadata = _read_metadata(archive, path)
        _migrate(say)
        _check_migrations(metadata)
        if not force:
            _check_empty()
        report = RestoreReport()
        say(f"Restoring {len(metadata['files'])} files…")
        report.files = _restore_blobs(archive, metadata)
        say("Restoring the database…")
        with tempfile.TemporaryDirectory(prefix="policylib-restore-") as work:
            dump = Path(work) / DATABASE
            with archive.open(DATABASE) as source, dump.open("wb") as target:
                shutil.copyfileobj(source, target, CHUNK)
            report.counts = _load(dump, expected=metadata.get("counts", {}))
        report.rows = sum(report.counts.values())
    say("Rebuilding the search index…")
    from policylib import search

    report.indexed = search.reindex()
    return report


def _read_metadata(archive: zipfile.ZipFile, path: Path) -> dict:
    try:
        metadata = json.loads(archive.read(METADATA))
    except (KeyError, ValueError) as exc:
        raise BackupError(f"{path} is not a policylib backup (no readable {METADATA}).") from exc
    if metadata.get("format") != FORMAT:
        raise BackupError(f"{path} is not a policylib backup.")
    if metadata.get("version", 0) > VERSION:
        raise BackupError(
            f"{path} was written by a newer policylib (backup format {metadata['version']})."
        )
    if DATABASE not in archive.namelist():
        raise BackupError(f"{path} is incomplete: it has no {DATABASE}.")
    return metadata


def _migrate(say: Progress) -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        say("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)


def _check_migrations(metadata: dict) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in metadata.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise BackupError(
            "The backup was made by a policylib with database changes this one does not have "
            f"({shown}); restore it with that version or a newer one."
        )


def _check_empty() -> None:
    holding = [label for label in CONTENT_MODELS if apps.get_model(label)._base_manager.exists()]
    if holding:
        raise BackupError(
            "The library is not empty (it has "
            + ", ".join(str(apps.get_model(label)._meta.verbose_name_plural) for label in holding)
            + "). Restore into a fresh data folder, or use --force to replace everything in it."
        )


def _restore_blobs(archive: zipfile.ZipFile, metadata: dict) -> int:
    restored = 0
    for sha256 in metadata["files"]:
        try:
            with archive.open(_member(sha256)) as stream:
                stored = files.store(stream, original_name=sha256)
        except KeyError as exc:
            raise BackupError(f"The backup is damaged: the file {sha256} is missing.") from exc
        if stored.sha256 != sha256:
            raise BackupError(f"The backup is damaged: the file {sha256} does not match.")
        restored += 1
    return restored


def _load(dump: Path, *, expected: dict[str, int]) -> Counter[str]:
    """Replace every backed-up table's rows with the dump's, in one transaction.

    Rows go in as they were (raw, as `loaddata` does) but without model signals: the data
    already holds what receivers would derive (versions, review dates), and a restore must not
    set off notifications for history.
    """
    targets = backed_up_models()
    tables = {model._meta.db_table for model in targets}
    for model in targets:
        for m2m in model._meta.local_many_to_many:
            if m2m.remote_field.through._meta.auto_created:
                tables.add(m2m.remote_field.through._meta.db_table)
    counts: Counter[str] = Counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(
                no_style(), sorted(tables), reset_sequences=False, allow_cascade=True
            ):
                cursor.execute(statement)
        pending: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        links: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        deferred = []

        def insert_pending() -> None:
            for model in list(pending):
                _insert(model, pending.pop(model))

        def rows(stream):
            # The dump goes model by model in dependency order. Each model's rows go in before
            # the next model's first row is read, so natural keys (a group's name in a user's
            # groups) resolve then, not later through save_deferred_fields and its signals.
            current = None
            for line in stream:
                if line.strip():
                    row = json.loads(line)
                    if row["model"] != current:
                        insert_pending()
                        current = row["model"]
                    yield row

        with dump.open(encoding="utf-8") as stream:
            for item in serializers.deserialize(
                "python",
                rows(stream),
                handle_forward_references=True,
                ignorenonexistent=True,
            ):
                model = type(item.object)
                pending[model].append(item.object)
                counts[model._meta.label_lower] += 1
                for name, values in (item.m2m_data or {}).items():
                    _links_for(model, name, item.object.pk, values, links)
                if item.deferred_fields:
                    deferred.append(item)
                if len(pending[model]) >= INSERT_BATCH:
                    _insert(model, pending.pop(model))
        for model, objects in pending.items():
            _insert(model, objects)
        for through, rows in links.items():
            for start in range(0, len(rows), INSERT_BATCH):
                _insert(through, rows[start : start + INSERT_BATCH])
        for item in deferred:
            item.save_deferred_fields()
        _reset_sequences(targets)
        _check_counts(expected, counts)
    return counts


def _links_for(model, name: str, pk, values, links) -> None:
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    for value in values:
        links[through].append(through(**{f"{source}_id": pk, f"{target}_id": value}))


def _insert(model: type[models.Model], objects: list[models.Model]) -> None:
    if not objects:
        return
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    if objects[0].pk is None:  # links of a many-to-many field: the database numbers them
        fields = [f for f in fields if not f.primary_key]
    size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    for start in range(0, len(objects), size):
        # raw=True: the values as stored, untouched by auto_now and other pre_save hooks.
        model._base_manager._insert(objects[start : start + size], fields=fields, raw=True)


def _reset_sequences(targets: list[type[models.Model]]) -> None:
    everything = list(targets)
    for model in targets:
        for m2m in model._meta.local_many_to_many:
            if m2m.remote_field.through._meta.auto_created:
                everything.append(m2m.remote_field.through)
    statements = connection.ops.sequence_reset_sql(no_style(), everything)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _check_counts(counts: dict[str, int], restored: Counter[str]) -> None:
    """Raise (rolling the restore back) unless every table got the rows the backup counted."""
    expected = {label: n for label, n in counts.items() if n}
    found = {label: n for label, n in restored.items() if n}
    if expected != found:
        differences = sorted(
            f"{label}: {expected.get(label, 0)} in the backup, {found.get(label, 0)} restored"
            for label in set(expected) | set(found)
            if expected.get(label, 0) != found.get(label, 0)
        )
        raise BackupError("The restore does not match the backup: " + "; ".join(differences))
