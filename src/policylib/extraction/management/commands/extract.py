from django.core.management.base import BaseCommand

from policylib.extraction.models import ExtractedText, ExtractionState
from policylib.extraction.services import extract_file_now
from policylib.library.models import DocumentFile


class Command(BaseCommand):
    help = "Extract the text of stored files: those never extracted, or --failed, or --all."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--failed", action="store_true", help="Also retry failed files.")
        parser.add_argument("--all", action="store_true", help="Redo every file.")

    def handle(self, *args, failed: bool = False, all: bool = False, **options) -> None:
        files = DocumentFile.objects.all()
        if not all:
            states = [ExtractionState.PENDING] + ([ExtractionState.FAILED] if failed else [])
            done_ids = ExtractedText.objects.exclude(state__in=states).values("file_id")
            files = files.exclude(pk__in=done_ids)
        ids = list(files.order_by("pk").values_list("pk", flat=True))
        for number, file_id in enumerate(ids, 1):
            extracted = extract_file_now(document_file_id=file_id)
            label = extracted.label if extracted else "missing"
            self.stdout.write(f"[{number}/{len(ids)}] file {file_id}: {label}")
