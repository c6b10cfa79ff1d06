"""`policylib restore FILE`: rebuild the library from a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policylib.backups.archive import BackupError, restore


class Command(BaseCommand):
    help = (
        "Rebuild the library from a backup written by `policylib backup`: database, stored "
        "files, then the search index. Meant for a fresh data folder; refuses one that "
        "already holds a library unless --force is given."
    )
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a library that is not empty.",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        say = self._say if options["verbosity"] >= 1 else None
        try:
            report = restore(path, force=options["force"], say=say)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        documents = report.counts.get("library.document", 0)
        self.stdout.write(
            f"Restored {documents} documents ({report.rows} rows) and {report.files} files; "
            f"indexed {report.indexed} documents for search."
        )

    def _say(self, message: str) -> None:
        self.stdout.write(message)
