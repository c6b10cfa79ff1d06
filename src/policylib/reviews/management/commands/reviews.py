"""`policylib reviews`: the RevCom jobs to run daily (from cron or the task worker).

- `close-due`: close comment periods past their due date;
- `remind`: remind reviewers and DPCs of what is due soon.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from policylib.reviews.services import close_due_periods


def _date_option(parser) -> None:
    parser.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        help="Act as if today were this date (YYYY-MM-DD).",
    )


class Command(BaseCommand):
    help = "Drafting and review tools. Subcommands: close-due, remind."

    def add_arguments(self, parser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        close_due = subcommands.add_parser(
            "close-due",
            help="Close every comment period whose due date has passed; late offices are "
            "recorded as 'no response'. Safe to run any number of times (for example, daily "
            "from cron).",
        )
        _date_option(close_due)
        remind = subcommands.add_parser(
            "remind",
            help="Email reviewers and DPCs about what is due soon or overdue (once per "
            "reminder window, POLICYLIB_REVCOM_REMINDER_DAYS). Safe to run any number of times.",
        )
        _date_option(remind)
        remind.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the work for the task worker instead of doing it now.",
        )

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand == "close-due":
            self._close_due(options.get("today"))
        elif subcommand == "remind":
            self._remind(options.get("today"), enqueue=options.get("enqueue", False))
        else:
            raise CommandError(f"Unknown subcommand {subcommand}.")

    def _close_due(self, today) -> None:
        closed = close_due_periods(today=today)
        for period in closed:
            late = period.offices.filter(response="no_response").count()
            self.stdout.write(
                f"Closed: {period.draft.identifier} (due {period.due_on}); "
                f"{late} office(s) without a response."
            )
        self.stdout.write(f"{len(closed)} comment period(s) closed.")

    def _remind(self, today, *, enqueue: bool) -> None:
        if enqueue:
            if today is not None:
                raise CommandError("--enqueue and --today do not go together.")
            from policylib.reviews.tasks import send_due_reminders

            send_due_reminders.enqueue()
            self.stdout.write("Queued.")
            return
        from policylib.reviews.reminders import send_due_reminders

        today = today or timezone.localdate()
        for line in send_due_reminders(on=today).lines(today):
            self.stdout.write(line)
