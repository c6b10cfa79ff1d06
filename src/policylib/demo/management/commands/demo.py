"""`policylib demo`: load the demo library."""

from django.core.management.base import BaseCommand, CommandError

from policylib.demo import guard
from policylib.demo.consistency import InconsistentDemo
from policylib.demo.loader import load_demo
from policylib.library.models import Document


class Command(BaseCommand):
    help = (
        "Load the demo DRO Resource Library: libraries, categories, offices, documents with "
        "their PDFs, links, site text and demo accounts. Running it again adds only what is "
        "missing. Refused on a library for real documents (POLICYLIB_DEMO=0, or accounts or "
        "content of its own)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=(
                "Load only when the library has no documents at all; when the demo may not be "
                "loaded, say why and succeed (as `make run` needs)."
            ),
        )

    def handle(self, *args, if_empty: bool = False, verbosity: int = 1, **options) -> None:
        if if_empty and Document.objects.exists():
            if verbosity:
                self.stdout.write("The library already has documents; the demo was not loaded.")
            return
        if reason := guard.refusal():
            if not if_empty:
                raise CommandError(f"The demo was not loaded: {reason}. {guard.HOW}")
            if verbosity:
                self.stdout.write(f"The demo was not loaded: {reason}.")
            return
        try:
            report = load_demo(stdout=self.stdout if verbosity >= 2 else None)
        except InconsistentDemo as exc:
            raise CommandError(f"The demo was not loaded: {exc}") from exc
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(report.summary()) if report.changed else report.summary()
            )
