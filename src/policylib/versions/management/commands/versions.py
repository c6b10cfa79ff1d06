"""`policylib versions record`: record versions of issued documents that lack them."""

from django.core.management.base import BaseCommand

from policylib.versions.services import record_missing


class Command(BaseCommand):
    help = "Record a version of every issued document whose latest content has none yet."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["record"])

    def handle(self, *args, action: str, **options) -> None:
        count = record_missing()
        self.stdout.write(f"Recorded {count} version{'s' if count != 1 else ''}.")
