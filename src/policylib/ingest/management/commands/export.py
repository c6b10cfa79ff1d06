"""`policylib export FOLDER`: the library as a manifest plus files, ready for `policylib import`."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policylib.ingest.exporter import FORMATS, ExportError, export_library


class Command(BaseCommand):
    help = (
        "Write every document and its files to FOLDER as a manifest (manifest.csv or "
        "manifest.json) and a files/ tree that `policylib import` reads back. The export "
        "holds Internal and Restricted documents too: keep it where only library staff can "
        "read it."
    )
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", help="An empty (or new) folder to write to.")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument(
            "--library",
            action="append",
            dest="libraries",
            metavar="SLUG",
            help="Export only this library (may be given several times).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Write into a folder that is not empty."
        )

    def handle(self, *args, **options) -> None:
        state: dict = {}

        def progress(done: int, total: int) -> None:
            if options["verbosity"] >= 1:
                from tqdm import tqdm

                if "bar" not in state:
                    state["bar"] = tqdm(total=total, desc="Exporting", unit="doc", file=sys.stderr)
                state["bar"].update(done - state["bar"].n)

        try:
            report = export_library(
                folder=Path(options["folder"]).expanduser(),
                format=options["format"],
                libraries=options["libraries"],
                force=options["force"],
                progress=progress,
            )
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if "bar" in state:
                state["bar"].close()
        for problem in report.problems:
            self.stderr.write(f"Problem: {problem}")
        self.stdout.write(
            f"Exported {report.documents} documents and {report.files} files "
            f"({report.bytes / 1e6:.1f} MB) to {report.manifest}."
        )
