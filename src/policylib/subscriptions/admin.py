from django.contrib import admin

from policylib.subscriptions.models import (
    Notification,
    ReviewContact,
    ReviewPeriod,
    ReviewReminder,
    ReviewSchedule,
    Subscription,
)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "topic", "category", "office", "document", "search_name", "created_at"]
    list_filter = ["topic"]
    search_fields = ["user__username", "user__email", "search_name"]
    raw_id_fields = ["user", "document"]


@admin.register(ReviewPeriod)
class ReviewPeriodAdmin(admin.ModelAdmin):
    list_display = ["document_type", "months"]


@admin.register(ReviewContact)
class ReviewContactAdmin(admin.ModelAdmin):
    list_display = ["office", "name", "email"]
    list_filter = ["office"]
    search_fields = ["email", "name", "office__name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewSchedule)
class ReviewScheduleAdmin(ReadOnlyAdmin):
    list_display = ["document", "review_by", "basis"]
    list_filter = ["basis"]
    date_hierarchy = "review_by"
    search_fields = ["document__identifier", "document__title"]
    list_select_related = ["document"]


@admin.register(ReviewReminder)
class ReviewReminderAdmin(ReadOnlyAdmin):
    list_display = ["document", "review_by", "window_days", "sent_at", "recipients"]
    list_select_related = ["document"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "document", "kind", "event", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["user", "document"]
