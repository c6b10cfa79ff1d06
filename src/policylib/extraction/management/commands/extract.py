from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from policylib.extraction import runner
from policylib.extraction.models import ExtractedText, ExtractionState
from policylib.extraction.services import extract_file_now
from policylib.library.models import DocumentFile


class Command(BaseCommand):
    help = (
        "Extract the text of stored files: those never extracted, or --failed, or --all, or "
        "--pending-ocr (scanned files that wait for OCR)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--failed", action="store_true", help="Also retry failed files.")
        parser.add_argument("--all", action="store_true", help="Redo every file.")
        parser.add_argument(
            "--pending-ocr",
            action="store_true",
            help="Only files with scanned pages whose OCR could not run (Tesseract missing, "
            "or OCR failed), and scans extracted before OCR was part of extraction.",
        )

    def handle(
        self,
        *args,
        failed: bool = False,
        all: bool = False,
        pending_ocr: bool = False,
        **options,
    ) -> None:
        files = DocumentFile.objects.all()
        if pending_ocr:
            if runner.tesseract() is None:
                raise CommandError(
                    f"{runner.NO_TESSERACT}: install it (Debian: apt-get install tesseract-ocr) "
                    "and run this again."
                )
            waiting = ExtractedText.objects.filter(
                Q(needs_ocr=True)
                | Q(state=ExtractionState.FAILED, reason__startswith="no text layer — scanned")
                | Q(state=ExtractionState.DONE, reason__startswith="OCR ")
            )
            files = files.filter(pk__in=waiting.values("file_id"))
        elif not all:
            states = [ExtractionState.PENDING] + ([ExtractionState.FAILED] if failed else [])
            done_ids = ExtractedText.objects.exclude(state__in=states).values("file_id")
            files = files.exclude(pk__in=done_ids)
        ids = list(files.order_by("pk").values_list("pk", flat=True))
        for number, file_id in enumerate(ids, 1):
            extracted = extract_file_now(document_file_id=file_id)
            label = extracted.label if extracted else "missing"
            self.stdout.write(f"[{number}/{len(ids)}] file {file_id}: {label}")
