"""`policylib reviews close-due`: close comment periods past their due date (for cron)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from policylib.reviews.services import close_due_periods


class Command(BaseCommand):
    help = "Drafting and review tools. Subcommands: close-due."

    def add_arguments(self, parser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        close_due = subcommands.add_parser(
            "close-due",
            help="Close every comment period whose due date has passed; late offices are "
            "recorded as 'no response'. Safe to run any number of times (for example, daily "
            "from cron).",
        )
        close_due.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand != "close-due":
            raise CommandError(f"Unknown subcommand {subcommand}.")
        closed = close_due_periods(today=options.get("today"))
        for period in closed:
            late = period.offices.filter(response="no_response").count()
            self.stdout.write(
                f"Closed: {period.draft.identifier} (due {period.due_on}); "
                f"{late} office(s) without a response."
            )
        self.stdout.write(f"{len(closed)} comment period(s) closed.")
