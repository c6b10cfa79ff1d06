"""The staff's side of the library: edit records, attach files, link documents, run the lifecycle.

Every write goes through the library's services and lifecycle, so the admin obeys the same rules
and leaves the same audit trail as any other route.
"""

import copy
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import format_html

from policylib.library import lifecycle, services
from policylib.library.models import (
    Amendment,
    Category,
    Document,
    DocumentFile,
    DocumentType,
    FileRole,
    Library,
    Office,
    Subject,
    Supersession,
)


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "placement", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "order"]
    list_editable = ["order"]
    list_filter = ["parent"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "parent"]
    search_fields = ["name", "abbreviation"]


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class DocumentFileInline(admin.TabularInline):
    """Files are shown, never edited or deleted here: a new upload replaces and keeps the old."""

    model = DocumentFile
    extra = 0
    can_delete = False
    fields = ["link", "role", "content_type", "size", "sha256", "uploaded_at", "uploaded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="File")
    def link(self, obj: DocumentFile) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class _Excluding:
    """An autocomplete that never offers one document: the one being edited."""

    excluded: int | None = None

    def get_url(self):
        url = super().get_url()
        return f"{url}?{urlencode({'exclude': self.excluded})}" if self.excluded else url


class _ExcludingSelect(_Excluding, AutocompleteSelect):
    pass


class _ExcludingSelectMultiple(_Excluding, AutocompleteSelectMultiple):
    pass


def _exclude_self(field: forms.Field, document: Document | None) -> None:
    """A document is never offered as its own predecessor, amended document, parent or kin."""
    if document is None or document.pk is None:
        return
    field.queryset = field.queryset.exclude(pk=document.pk)
    wrapper = field.widget
    inner = getattr(wrapper, "widget", wrapper)
    if isinstance(inner, AutocompleteSelect | AutocompleteSelectMultiple):
        replacement = copy.copy(inner)
        replacement.__class__ = (
            _ExcludingSelectMultiple
            if isinstance(inner, AutocompleteSelectMultiple)
            else _ExcludingSelect
        )
        replacement.excluded = document.pk
        if inner is wrapper:
            field.widget = replacement
        else:
            wrapper.widget = replacement


class _PicksDocuments:
    """An inline whose document picker leaves out the document being edited."""

    picker: str

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        _exclude_self(formset.form.base_fields[self.picker], obj)
        return formset


class SupersessionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE") or form.instance.pk:
                continue
            predecessor = form.cleaned_data.get("predecessor")
            if predecessor is None:
                continue
            # A new document is checked too: what it would supersede may be superseded already.
            try:
                lifecycle.check_supersession(successor=self.instance, predecessor=predecessor)
            except lifecycle.LifecycleError as error:
                raise ValidationError(str(error)) from error


class SupersedesInline(_PicksDocuments, admin.TabularInline):
    model = Supersession
    picker = "predecessor"
    fk_name = "successor"
    formset = SupersessionFormSet
    extra = 0
    can_delete = False
    fields = ["predecessor", "on"]
    autocomplete_fields = ["predecessor"]
    verbose_name = "supersedes"
    verbose_name_plural = "Supersedes (the documents this one replaces)"

    # Links are added, never edited in place: an existing row is shown read-only.
    def has_change_permission(self, request, obj=None):
        return False


class AmendsInline(_PicksDocuments, admin.TabularInline):
    model = Amendment
    picker = "amended"
    fk_name = "amending"
    extra = 0
    can_delete = False
    fields = ["amended", "on"]
    autocomplete_fields = ["amended"]
    verbose_name = "amends"
    verbose_name_plural = "Amends (documents this change notice amends)"

    def has_change_permission(self, request, obj=None):
        return False


class DocumentAdminForm(forms.ModelForm):
    new_file = forms.FileField(
        required=False, help_text="Upload a file. A new primary file replaces the current one."
    )
    new_file_role = forms.ChoiceField(
        choices=[(FileRole.PRIMARY, "Primary file"), (FileRole.ATTACHMENT, "Attachment")],
        initial=FileRole.PRIMARY,
        required=False,
        label="Upload as",
    )

    class Meta:
        model = Document
        # Status moves only through the lifecycle actions; links through the inlines.
        exclude = ["status", "status_changed_on", "created_by", "supersedes", "amends"]  # noqa: DJ006


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentAdminForm
    list_display = ["identifier", "title", "document_type", "status", "issued_on", "marking", "opi"]
    list_filter = ["status", "library", "document_type", "marking", "categories", "opi"]
    search_fields = ["identifier", "title", "summary"]
    date_hierarchy = "issued_on"
    list_select_related = ["document_type", "opi"]
    autocomplete_fields = ["parent", "related"]
    filter_horizontal = ["subjects", "categories", "restricted_to"]
    readonly_fields = ["status", "status_changed_on", "created_at", "updated_at", "created_by"]
    inlines = [DocumentFileInline, SupersedesInline, AmendsInline]
    actions = ["issue_documents", "cancel_documents", "archive_documents"]
    fieldsets = [
        (None, {"fields": ["library", "identifier", "title", "summary", "document_type"]}),
        ("Ownership", {"fields": ["opi", "source", "signatory_name", "signatory_title"]}),
        (
            "Lifecycle",
            {"fields": ["status", "status_changed_on", "issued_on", "effective_on", "review_by"]},
        ),
        ("Classification", {"fields": ["categories", "subjects", "parent", "related"]}),
        ("Handling", {"fields": ["marking", "restricted_to"]}),
        ("Files", {"fields": ["new_file", "new_file_role"]}),
        ("Text (for documents that are pages)", {"fields": ["body"], "classes": ["collapse"]}),
        ("Record", {"fields": ["created_at", "updated_at", "created_by"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in ("parent", "related"):
            if name in form.base_fields:
                _exclude_self(form.base_fields[name], obj)
        return form

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The pickers of a document's own page ask to leave that document out.
        excluded = request.GET.get("exclude", "")
        if request.GET.get("field_name") and excluded.isdigit():
            queryset = queryset.exclude(pk=int(excluded))
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change):
        request._document_before = (
            services.document_snapshot(Document.objects.get(pk=obj.pk)) if change else None
        )
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        document = form.instance
        if change:
            services.record_document_change(
                document=document, by=request.user, before=request._document_before
            )
        else:
            services.record_document_created(document=document, by=request.user)
        upload = form.cleaned_data.get("new_file")
        if upload:
            services.attach_file(
                document=document,
                by=request.user,
                stream=upload,
                original_name=upload.name,
                role=form.cleaned_data.get("new_file_role") or FileRole.PRIMARY,
            )

    def save_formset(self, request, form, formset, change):
        # Links are made by the lifecycle and services, not formset.save(); the admin's change
        # message still reads what the formset added, changed and deleted.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is Supersession:
            for inline_form in formset.forms:
                data = inline_form.cleaned_data
                if not data or data.get("DELETE") or inline_form.instance.pk:
                    continue
                link = lifecycle.supersede(
                    successor=form.instance,
                    predecessor=data["predecessor"],
                    by=request.user,
                    on=data.get("on"),
                )
                formset.new_objects.append(link)
        elif formset.model is Amendment:
            for inline_form in formset.forms:
                data = inline_form.cleaned_data
                if not data or data.get("DELETE") or inline_form.instance.pk:
                    continue
                link = services.amend(
                    amending=form.instance,
                    amended=data["amended"],
                    by=request.user,
                    on=data.get("on"),
                )
                formset.new_objects.append(link)
        else:
            formset.save()

    def _run(self, request, queryset, transition, verb: str):
        done, refused = 0, []
        for document in queryset:
            try:
                with transaction.atomic():
                    transition(document=document, by=request.user)
                done += 1
            except lifecycle.LifecycleError as error:
                refused.append(str(error))
        if done:
            self.message_user(request, f"{done} document(s) {verb}.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(description="Issue the selected drafts")
    def issue_documents(self, request, queryset):
        self._run(request, queryset, lifecycle.issue, "issued")

    @admin.action(description="Cancel the selected documents")
    def cancel_documents(self, request, queryset):
        self._run(request, queryset, lifecycle.cancel, "cancelled")

    @admin.action(description="Move the selected documents to the Archives")
    def archive_documents(self, request, queryset):
        self._run(request, queryset, lifecycle.archive, "archived")
