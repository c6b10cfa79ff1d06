"""`policylib import FOLDER --manifest FILE`: bring a folder of documents into the library."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection
from django.db.migrations.executor import MigrationExecutor

from policylib.ingest.importer import import_manifest
from policylib.ingest.manifest import ManifestError


class Command(BaseCommand):
    help = (
        "Import documents described by a manifest (CSV or JSON) whose files are in FOLDER. "
        "Running it again updates changed rows and skips unchanged ones; after an interruption "
        "it finishes the job. See docs/import-export.md."
    )
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", help="The folder holding the files the manifest names.")
        parser.add_argument("--manifest", required=True, help="The manifest: a .csv or .json file.")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Add libraries, types, categories, offices and groups the library does not "
            "know yet, instead of refusing their rows.",
        )
        parser.add_argument(
            "--user", help="Record the changes in the audit trail as this user (a username)."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bars."
        )

    def handle(self, *args, **options) -> None:
        folder = Path(options["folder"]).expanduser()
        manifest = Path(options["manifest"]).expanduser()
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        if not manifest.is_file():
            raise CommandError(f"The manifest {manifest} does not exist.")
        try:
            self._import(folder, manifest, options)
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            # Only SQLite says "locked": another writer kept it longer than the timeout.
            timeout = connection.settings_dict.get("OPTIONS", {}).get("timeout")
            waited = f" for {timeout:g} seconds" if timeout else ""
            raise CommandError(
                f"Another program kept the library's database busy{waited}, so the import "
                "stopped. Every batch saved before it is kept and nothing is half saved: run "
                "the same command again to finish (POLICYLIB_SQLITE_TIMEOUT sets the wait).",
                returncode=3,
            ) from exc

    def _import(self, folder: Path, manifest: Path, options: dict) -> None:
        verbosity = options["verbosity"]
        self._migrate(verbosity)
        by = self._user(options.get("user"))
        show_progress = verbosity >= 1 and not options["no_progress"]
        try:
            report = import_manifest(
                folder=folder,
                manifest=manifest,
                by=by,
                create_missing=options["create_missing"],
                make_bar=_tqdm_bar if show_progress else None,
            )
        except ManifestError as exc:
            raise CommandError(str(exc)) from exc
        if report.resumed is not None:
            self.stdout.write(
                f"Finished the import of {manifest.name} that stopped before it ended "
                f"(started {report.resumed.started_at:%Y-%m-%d %H:%M:%S})."
            )
        for note in report.notes:
            self.stdout.write(f"Note: {note}")
        for problem in report.problems:
            self.stderr.write(f"Problem: {problem}")
        for line in report.summary():
            self.stdout.write(line)
        if report.failed:
            raise CommandError(
                f"{report.failed} of {report.rows} rows failed (see the problems above); "
                "the other rows were imported.",
                returncode=2,
            )

    def _migrate(self, verbosity: int) -> None:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            if verbosity:
                self.stdout.write(f"Preparing the database ({len(plan)} migrations).")
            call_command("migrate", interactive=False, verbosity=0)

    def _user(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        return user


def _tqdm_bar(total: int, description: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit="row", file=sys.stderr, mininterval=0.2)
