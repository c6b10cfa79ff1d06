"""`policylib files check|sweep`: the file store against the database."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from policylib.library import store_check


class Command(BaseCommand):
    help = (
        "`check` that every stored file's row has its file on disk (with --verify, also that "
        "its SHA-256 matches); `sweep` removes stored files no row names (left by a process "
        "killed between storing a file and saving its row) once they are a day old."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["check", "sweep"])
        parser.add_argument(
            "--verify", action="store_true", help="For `check`: read every file and hash it."
        )
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=store_check.SWEEP_AFTER.total_seconds() / 3600,
            help="For `sweep`: leave files stored more recently than this (default 24).",
        )
        parser.add_argument("--show", type=int, default=20, help="How many problems to list.")

    def handle(self, *args, action: str, verify: bool, older_than_hours: float, show: int, **_):
        if action == "sweep":
            if older_than_hours < 1:
                raise CommandError(
                    "--older-than-hours must be at least 1: an upload may be "
                    "between storing its file and saving its row."
                )
            removed = store_check.sweep_unreferenced(
                older_than=datetime.timedelta(hours=older_than_hours)
            )
            self.stdout.write(f"Removed {len(removed)} stored file(s) that no row names.")
            return
        report = store_check.check_store(verify=verify)
        self.stdout.write(
            f"Checked {report.files} stored file(s){' and their SHA-256' if verify else ''}: "
            f"{len(report.missing)} missing, {len(report.damaged)} damaged, "
            f"{len(report.unreferenced)} on disk that no row names."
        )
        for label, problems in (("Missing", report.missing), ("Damaged", report.damaged)):
            for problem in problems[:show]:
                self.stderr.write(f"{label}: {problem}")
        if not report.ok:
            raise CommandError(
                "Some stored files are missing or damaged: restore them from a backup "
                "(policylib restore) or upload them again."
            )
