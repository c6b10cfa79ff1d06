from django.contrib import admin

from policylib.versions.models import DocumentVersion


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    """Versions are a record: staff read them here, nobody edits them."""

    list_display = ["document", "number", "kind", "recorded_at", "recorded_by", "text_state"]
    list_filter = ["kind", "text_state"]
    search_fields = ["document__identifier", "document__title"]
    list_select_related = ["document", "recorded_by"]
    raw_id_fields = ["document", "primary_file"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
