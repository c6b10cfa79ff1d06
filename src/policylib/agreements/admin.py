"""The staff's side of the MOA/MOU Library: record agreements, their modifications and files.

Writes go through `policylib.agreements.services`, so the admin leaves the same audit trail as
any other route; the stage changes only through the sign and terminate actions.
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html

from policylib.agreements import services
from policylib.agreements.models import (
    Agreement,
    AgreementFile,
    AgreementModification,
    AgreementReminder,
    AgreementType,
    OfficeContact,
    Organization,
)
from policylib.library.uploads import refuse_archive_bombs


@admin.register(AgreementType)
class AgreementTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation"]
    search_fields = ["name", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OfficeContact)
class OfficeContactAdmin(admin.ModelAdmin):
    list_display = ["office", "email", "name"]
    list_filter = ["office"]
    search_fields = ["email", "name", "office__name"]


@admin.register(AgreementReminder)
class AgreementReminderAdmin(admin.ModelAdmin):
    """The record of reminders sent: read only, it is what keeps each reminder to one email."""

    list_display = ["agreement", "window_days", "expires_on", "recipients", "sent_at"]
    list_filter = ["window_days"]
    search_fields = ["agreement__identifier", "recipients"]
    readonly_fields = [field.name for field in AgreementReminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AgreementFileInline(admin.TabularInline):
    """Files are listed, never edited or deleted here."""

    model = AgreementFile
    extra = 0
    can_delete = False
    fields = ["link", "modification", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="File")
    def link(self, obj: AgreementFile) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class ModificationForm(forms.ModelForm):
    new_file = forms.FileField(
        required=False,
        help_text="The signed modification, if any.",
        validators=[refuse_archive_bombs],
    )

    class Meta:
        model = AgreementModification
        fields = ["title", "description", "signed_on", "effective_on", "extends_to"]


class ModificationInline(admin.StackedInline):
    """Modifications are numbered in the order they are added; they are never deleted."""

    model = AgreementModification
    form = ModificationForm
    extra = 0
    can_delete = False
    fields = ["number", "title", "description", "signed_on", "effective_on", "extends_to"]
    readonly_fields = ["number"]

    def get_fields(self, request, obj=None):
        return [*self.fields, "new_file"]


class AgreementAdminForm(forms.ModelForm):
    new_file = forms.FileField(
        required=False,
        help_text="Upload a file of the agreement.",
        validators=[refuse_archive_bombs],
    )

    class Meta:
        model = Agreement
        # The stage moves only through the sign and terminate actions.
        exclude = ["stage", "terminated_on", "termination_note", "created_by"]  # noqa: DJ006


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    form = AgreementAdminForm
    list_display = [
        "identifier",
        "title",
        "agreement_type",
        "stage",
        "expires_on",
        "owner_office",
        "marking",
    ]
    list_filter = ["stage", "agreement_type", "marking", "owner_office", "parties"]
    search_fields = ["identifier", "title", "purpose", "parties__name"]
    date_hierarchy = "expires_on"
    list_select_related = ["agreement_type", "owner_office"]
    filter_horizontal = ["parties", "restricted_to"]
    readonly_fields = [
        "stage",
        "terminated_on",
        "termination_note",
        "created_at",
        "updated_at",
        "created_by",
    ]
    inlines = [ModificationInline, AgreementFileInline]
    actions = ["sign_agreements", "terminate_agreements"]
    fieldsets = [
        (None, {"fields": ["identifier", "title", "agreement_type", "parties", "purpose"]}),
        (
            "Ownership",
            {"fields": ["owner_office", "contact_name", "contact_email", "contact_phone"]},
        ),
        (
            "Dates and terms",
            {
                "fields": [
                    "stage",
                    "signed_on",
                    "effective_on",
                    "expires_on",
                    "renewal_terms",
                    "terminated_on",
                    "termination_note",
                ]
            },
        ),
        ("Handling", {"fields": ["marking", "restricted_to"]}),
        ("Files", {"fields": ["new_file"]}),
        ("Record", {"fields": ["created_at", "updated_at", "created_by"]}),
    ]

    def save_model(self, request, obj, form, change):
        request._agreement_before = (
            services.snapshot(Agreement.objects.get(pk=obj.pk)) if change else None
        )
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        agreement = form.instance
        if change:
            services.record_change(
                agreement=agreement, by=request.user, before=request._agreement_before
            )
        else:
            services.record_created(agreement=agreement, by=request.user)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        upload = form.cleaned_data.get("new_file")
        if upload:
            services.attach_file(
                agreement=agreement, by=request.user, stream=upload, original_name=upload.name
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not AgreementModification:
            formset.save()
            return
        # What the admin's change message reads, as formset.save() would have set it.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            data = inline_form.cleaned_data
            if not data:
                continue
            if inline_form.instance.pk:
                modification = inline_form.instance
                if inline_form.has_changed():
                    inline_form.save()
                    formset.changed_objects.append((modification, inline_form.changed_data))
            else:
                modification = services.add_modification(
                    agreement=form.instance,
                    by=request.user,
                    title=data["title"],
                    description=data.get("description", ""),
                    signed_on=data.get("signed_on"),
                    effective_on=data.get("effective_on"),
                    extends_to=data.get("extends_to"),
                )
                formset.new_objects.append(modification)
            upload = data.get("new_file")
            if upload:
                services.attach_file(
                    agreement=form.instance,
                    modification=modification,
                    by=request.user,
                    stream=upload,
                    original_name=upload.name,
                )

    def _run(self, request, queryset, change, verb: str):
        done, refused = 0, []
        for agreement in queryset:
            try:
                with transaction.atomic():
                    change(agreement)
                done += 1
            except services.AgreementError as error:
                refused.append(str(error))
        if done:
            self.message_user(request, f"{done} agreement(s) {verb}.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(description="Record the selected drafts as signed")
    def sign_agreements(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda agreement: services.sign(agreement=agreement, by=request.user),
            "recorded as signed",
        )

    @admin.action(description="Terminate the selected agreements today")
    def terminate_agreements(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda agreement: services.terminate(
                agreement=agreement, by=request.user, on=timezone.localdate()
            ),
            "terminated",
        )
