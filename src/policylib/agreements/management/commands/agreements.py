"""`policylib agreements`: upkeep of the MOA/MOU Library from the command line or cron."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from policylib.agreements import reminders
from policylib.agreements.models import Agreement, AgreementStatus
from policylib.agreements.status import expiring_window, status_filter


class Command(BaseCommand):
    help = (
        "`remind`: email the owner offices of agreements that expire soon (each reminder once; "
        "run it daily, from cron or as the `send_expiry_reminders` task). `expiring`: list the "
        "agreements expiring soon."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["remind", "expiring"])
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="For `remind`: list the reminders that are due without sending them.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="For `remind`: queue the reminder task for the task worker instead of sending.",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD), to check what a day will send.",
        )

    def handle(self, *args, action: str, dry_run: bool, enqueue: bool, today, **options) -> None:
        today = today or timezone.localdate()
        if action == "expiring":
            self._expiring(today)
        elif enqueue:
            if dry_run:
                raise CommandError("--enqueue and --dry-run do not go together.")
            from policylib.agreements.tasks import send_expiry_reminders

            result = send_expiry_reminders.enqueue()
            self.stdout.write(f"Queued the reminder task ({result.id}).")
        elif dry_run:
            due = reminders.due_reminders(today=today)
            for agreement, window in due:
                to = ", ".join(reminders.recipients(agreement)) or "no address"
                self.stdout.write(
                    f"{agreement.identifier} expires {agreement.expires_on:%Y-%m-%d}: "
                    f"{window}-day reminder to {to}"
                )
            self.stdout.write(f"{len(due)} reminder(s) due; none sent (dry run).")
        else:
            run = reminders.send_due_reminders(today=today)
            for line in run.lines():
                self.stdout.write(line)
            if run.failed:
                raise CommandError(f"{len(run.failed)} reminder(s) could not be sent.")

    def _expiring(self, today: datetime.date) -> None:
        window = expiring_window()
        agreements = (
            Agreement.objects.filter(status_filter(AgreementStatus.EXPIRING, today=today))
            .select_related("owner_office")
            .order_by("expires_on", "identifier")
        )
        for agreement in agreements:
            self.stdout.write(
                f"{agreement.expires_on:%Y-%m-%d}  {agreement.identifier}  "
                f"{agreement.title}  [{agreement.owner_office}]"
            )
        self.stdout.write(f"{len(agreements)} agreement(s) expire in the next {window} days.")
