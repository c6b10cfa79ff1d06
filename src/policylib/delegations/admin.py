"""The staff's side of the Delegations Library: positions, authorities and delegations.

A delegation form refuses what `services.check_delegation` refuses, and every save is audited
through the services, as from any other route.
"""

from django import forms
from django.contrib import admin

from policylib.audit import services as audit
from policylib.delegations import services
from policylib.delegations.models import Authority, Delegation, Position


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "holder_name", "holder_acting", "holder_since", "office"]
    search_fields = ["title", "holder_name"]
    list_filter = ["office", "holder_acting"]
    prepopulated_fields = {"slug": ["title"]}

    def save_model(self, request, obj, form, change):
        fields = ["title", "office", "holder_name", "holder_acting", "holder_since"]
        before = audit.snapshot(Position.objects.get(pk=obj.pk), fields) if change else {}
        super().save_model(request, obj, form, change)
        changes = audit.diff(before, audit.snapshot(obj, fields))
        if changes:
            audit.record(
                actor=request.user,
                action="position.updated" if change else "position.created",
                target=obj,
                changes=changes,
            )


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class DelegationAdminForm(forms.ModelForm):
    class Meta:
        model = Delegation
        exclude = ["created_by"]  # noqa: DJ006

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned  # the fields' own messages come first
        candidate = self.instance
        for name, value in cleaned.items():
            setattr(candidate, name, value)
        try:
            services.check_delegation(candidate)
        except services.DelegationError as error:
            raise forms.ValidationError(error.messages) from error
        return cleaned


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    form = DelegationAdminForm
    list_display = [
        "authority",
        "delegating_position",
        "delegated_to",
        "effective_on",
        "expires_on",
        "rescinded_on",
        "redelegation_permitted",
    ]
    list_filter = ["authority", "redelegation_permitted", "delegated_to"]
    search_fields = [
        "identifier",
        "authority__name",
        "delegating_position__title",
        "delegated_to__title",
        "source_citation",
    ]
    list_select_related = ["authority", "delegating_position", "delegated_to"]
    autocomplete_fields = ["delegating_position", "delegated_to", "source_document", "rescinded_by"]
    raw_id_fields = ["parent"]
    readonly_fields = ["created_at", "updated_at", "created_by"]
    fieldsets = [
        (None, {"fields": ["identifier", "authority", "delegating_position", "delegated_to"]}),
        (
            "Source of the authority (a higher delegation, or a document and/or citation)",
            {"fields": ["parent", "source_document", "source_citation"]},
        ),
        ("Terms", {"fields": ["limitations", "redelegation_permitted"]}),
        ("Dates", {"fields": ["effective_on", "expires_on"]}),
        ("Rescission", {"fields": ["rescinded_on", "rescinded_by", "rescission_note"]}),
        ("Record", {"fields": ["created_at", "updated_at", "created_by"]}),
    ]

    def save_model(self, request, obj, form, change):
        before = services.snapshot(Delegation.objects.get(pk=obj.pk)) if change else None
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change:
            services.record_change(delegation=obj, by=request.user, before=before)
        else:
            services.record_created(delegation=obj, by=request.user)
