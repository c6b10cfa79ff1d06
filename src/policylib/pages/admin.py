from django.contrib import admin

from policylib.pages.models import Feedback, FrequentQuestion, QuickLink, SiteText


@admin.register(SiteText)
class SiteTextAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not SiteText.objects.exists()


@admin.register(QuickLink)
class QuickLinkAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "order"]
    list_editable = ["order"]


@admin.register(FrequentQuestion)
class FrequentQuestionAdmin(admin.ModelAdmin):
    list_display = ["question", "order"]
    list_editable = ["order"]
    search_fields = ["question", "answer"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["received_at", "subject", "name", "email", "handled"]
    list_filter = ["handled", "received_at"]
    search_fields = ["subject", "message", "name", "email"]
    readonly_fields = ["received_at", "name", "email", "subject", "message", "page", "user"]
