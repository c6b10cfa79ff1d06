from django.core.management.base import BaseCommand, CommandError

from policylib import search


class Command(BaseCommand):
    help = "Search index upkeep: `apply` the queued changes, or `check` it against the database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["apply", "check"])
        parser.add_argument("--show", type=int, default=20, help="How many ids to list.")

    def handle(self, *args, action: str, show: int = 20, **options) -> None:
        if action == "apply":
            applied = search.apply_outbox()
            self.stdout.write(f"Applied {applied} queued change(s) to the search index.")
            return
        report = search.check()
        self.stdout.write(
            f"{report.documents} documents in the database, {report.indexed} indexed."
        )
        for label, ids in (
            ("Missing from the index", report.missing),
            ("Stale in the index", report.stale),
            ("In the index but not the database", report.orphaned),
        ):
            if ids:
                listed = ", ".join(str(pk) for pk in ids[:show])
                more = f" and {len(ids) - show} more" if len(ids) > show else ""
                self.stdout.write(f"{label} ({len(ids)}): {listed}{more}")
        if not report.ok:
            raise CommandError("The index is out of step; run `policylib reindex`.")
        self.stdout.write("The index matches the database.")
