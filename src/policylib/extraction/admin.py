from django.contrib import admin, messages

from policylib.extraction.models import ExtractedText
from policylib.extraction.services import extract_file_now


@admin.register(ExtractedText)
class ExtractedTextAdmin(admin.ModelAdmin):
    list_display = ["file", "document", "state", "reason", "page_count", "extracted_at"]
    list_filter = ["state", "needs_ocr"]
    search_fields = ["file__original_name", "file__document__identifier", "reason"]
    list_select_related = ["file__document"]
    readonly_fields = [
        "file", "state", "reason", "needs_ocr", "page_count", "ocr_page_count", "char_count",
        "extracted_at", "engine_version", "attempts",
    ]  # fmt: skip
    exclude = ["pages"]
    actions = ["extract_again"]

    @admin.display(description="Document")
    def document(self, obj: ExtractedText) -> str:
        return str(obj.file.document)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Extract the text again")
    def extract_again(self, request, queryset) -> None:
        # Synchronous: staff pick a handful of files, each bounded by the extraction timeout.
        for extracted in queryset[:20]:
            extract_file_now(document_file_id=extracted.file_id)
        messages.success(request, "Extraction ran again for the selected files (up to 20).")
