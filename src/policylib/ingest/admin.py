from django.contrib import admin

from policylib.ingest.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The journal of bulk imports, for staff to see what came in and what was refused."""

    list_display = [
        "started_at",
        "manifest",
        "rows",
        "created",
        "updated",
        "unchanged",
        "failed",
        "finished_at",
    ]
    list_filter = ["started_at"]
    search_fields = ["manifest", "folder"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    # Runs are written by `policylib import` only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
