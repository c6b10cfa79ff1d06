import json

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from policylib import search


class Command(BaseCommand):
    help = (
        "Search index upkeep: `apply` the queued changes, `check` the index against the "
        "database, `repair` what differs, `follow` (keep the index in step until stopped), or "
        "`query` it as an anonymous reader."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["apply", "check", "repair", "follow", "query"])
        parser.add_argument("text", nargs="?", default="", help="For `query`: what to look for.")
        parser.add_argument("--show", type=int, default=20, help="How many ids to list.")
        parser.add_argument(
            "--interval", type=float, default=0.5, help="For `follow`: seconds between polls."
        )
        parser.add_argument(
            "--repair-every",
            type=float,
            default=600.0,
            help="For `follow`: seconds between full checks against the database.",
        )
        parser.add_argument("--json", action="store_true", help="For `query`: one JSON per hit.")
        parser.add_argument(
            "--mode",
            choices=search.MODES,
            default="hybrid",
            help="For `query`: match words and meaning (hybrid), words only, or meaning only.",
        )

    def handle(self, *args, action: str, text: str, show: int, **options) -> None:
        if action == "apply":
            applied = search.apply_outbox()
            self.stdout.write(f"Applied {applied} queued change(s) to the search index.")
        elif action == "follow":

            def ready() -> None:
                self.stdout.write("Keeping the search index in step (Ctrl+C to stop).")
                self.stdout.flush()

            search.follow(
                interval=options["interval"], repair_every=options["repair_every"], ready=ready
            )
        elif action == "query":
            self._query(text, as_json=options["json"], mode=options["mode"])
        else:
            report = search.repair() if action == "repair" else search.check()
            self._report(report, show=show, repaired=action == "repair")

    def _query(self, text: str, *, as_json: bool, mode: str) -> None:
        query = search.SearchQuery(text=text, scope="all", mode=mode)
        results = search.search(query, AnonymousUser())
        for hit in results.hits:
            if as_json:
                row = {"identifier": hit.identifier, "title": hit.title, "percent": hit.percent}
                self.stdout.write(json.dumps(row))
            else:
                self.stdout.write(f"[{hit.percent:3d}%] {hit.identifier}  {hit.title}")
        if not as_json:
            self.stdout.write(f"{results.total} result(s).")

    def _report(self, report: search.IndexReport, *, show: int, repaired: bool) -> None:
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
        if report.ok:
            self.stdout.write("The index matches the database.")
        elif repaired:
            self.stdout.write("Re-indexed those documents; the index now matches the database.")
        else:
            raise CommandError("The index is out of step; run `policylib search repair`.")
