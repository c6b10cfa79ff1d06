"""`policylib backup FILE`: a consistent snapshot of the library (database and files)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policylib.backups.archive import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the whole library (database and stored files) to FILE, a ZIP archive that "
        "`policylib restore` reads. Safe while the site runs. The file holds every document "
        "and the accounts' password hashes: keep it as safe as the data folder."
    )
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The backup file to write, e.g. library-2026-01-31.zip.")

    def handle(self, *args, **options) -> None:
        say = self._say if options["verbosity"] >= 1 else None
        try:
            report = backup(Path(options["file"]), say=say)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for sha256 in report.missing:
            self.stderr.write(f"Problem: the stored file {sha256} is missing from the data folder.")
        for sha256 in report.damaged:
            self.stderr.write(f"Problem: the stored file {sha256} no longer matches its SHA-256.")
        self.stdout.write(
            f"Backed up {report.rows} rows and {report.files} files "
            f"({report.bytes / 1e6:.1f} MB) to {report.path}."
        )
        if report.missing or report.damaged:
            raise CommandError(
                "The backup was written, but some stored files are missing or damaged (see above).",
                returncode=2,
            )

    def _say(self, message: str) -> None:
        self.stdout.write(message)
