"""Administration of the review tools: staff name who holds which role in which office.

Drafts, comment periods and comments are shown read-only: they change only through the review
services, which check the rules and keep the audit trail.
"""

from django.contrib import admin

from policylib.audit import services as audit
from policylib.reviews.models import (
    ApprovalStep,
    Comment,
    CommentPeriod,
    Draft,
    DraftSave,
    OfficeMembership,
    OfficeReview,
)


@admin.register(OfficeMembership)
class OfficeMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "role", "title"]
    list_filter = ["role", "office"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "office__name"]
    autocomplete_fields = ["user", "office"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="review.role_changed" if change else "review.role_granted",
            target=obj,
            changes={"role": [None, str(obj)]},
        )

    def delete_model(self, request, obj) -> None:
        audit.record(
            actor=request.user,
            action="review.role_removed",
            target=obj,
            changes={"role": [str(obj), None]},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for membership in queryset:
            self.delete_model(request, membership)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DraftSaveInline(admin.TabularInline):
    model = DraftSave
    fields = ["number", "saved_at", "saved_by", "change_note", "file"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Draft)
class DraftAdmin(ReadOnlyAdmin):
    list_display = ["identifier", "title", "office", "state", "revises", "updated_at"]
    list_filter = ["state", "office"]
    search_fields = ["identifier", "title"]
    inlines = [DraftSaveInline]


@admin.register(CommentPeriod)
class CommentPeriodAdmin(ReadOnlyAdmin):
    list_display = ["draft", "starts_on", "due_on", "closed_at"]
    list_filter = ["closed_at"]


@admin.register(OfficeReview)
class OfficeReviewAdmin(ReadOnlyAdmin):
    list_display = ["office", "period", "response", "submitted_at"]
    list_filter = ["response"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["number", "office_review", "category", "disposition", "dropped"]
    list_filter = ["category", "disposition", "dropped"]
    search_fields = ["text", "proposed_change", "response"]


@admin.register(ApprovalStep)
class ApprovalStepAdmin(ReadOnlyAdmin):
    list_display = ["draft", "kind", "decision", "sent_at", "decided_at"]
    list_filter = ["kind", "decision"]
