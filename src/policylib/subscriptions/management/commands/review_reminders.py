"""`policylib review_reminders`: send the periodic-review reminders due today (run from cron)."""

from django.core.management.base import BaseCommand

from policylib.subscriptions.periodic_review import send_reminders


class Command(BaseCommand):
    help = "Email each office about its documents due for periodic review (once per window)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the work for the task worker instead of doing it now.",
        )

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            from policylib.subscriptions.tasks import send_review_reminders

            send_review_reminders.enqueue()
            self.stdout.write("Queued.")
            return
        for line in send_reminders().lines():
            self.stdout.write(line)
