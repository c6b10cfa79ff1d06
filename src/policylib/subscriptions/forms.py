"""Forms of the subscriptions pages."""

from django import forms

from policylib.library.models import Category, DocumentType, Library, Office


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "usa-select" if isinstance(field.widget, forms.Select) else "usa-input"
        field.widget.attrs.setdefault("class", css)


class CategoryForm(forms.Form):
    category = forms.ModelChoiceField(Category.objects.all(), label="Category")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="category", **kwargs)
        _style(self)


class OfficeForm(forms.Form):
    office = forms.ModelChoiceField(Office.objects.all(), label="Office")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="office", **kwargs)
        _style(self)


class SearchForm(forms.Form):
    """A saved search: words and filters, as on the search pages."""

    name = forms.CharField(
        max_length=200, required=False, label="Name (optional)",
        help_text="How the email names this search.",
    )  # fmt: skip
    q = forms.CharField(max_length=500, required=False, label="Words")
    type = forms.ModelChoiceField(
        DocumentType.objects.all(), to_field_name="slug", required=False, label="Type"
    )
    category = forms.ModelChoiceField(Category.objects.all(), required=False, label="Category")
    opi = forms.ModelChoiceField(
        Office.objects.all(), required=False, label="Office of primary interest (OPI)"
    )
    library = forms.ModelChoiceField(
        Library.objects.all(), to_field_name="slug", required=False, label="Library"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="search", **kwargs)
        for name in ("type", "category", "opi", "library"):
            self.fields[name].empty_label = "Any"
        _style(self)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("q", "type", "category", "opi", "library")):
            raise forms.ValidationError("Give some words or choose at least one filter.")
        return cleaned

    def saved(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data.get("q") or "",
            "document_type": data["type"].slug if data.get("type") else "",
            "category": data["category"].pk if data.get("category") else None,
            "opi": data["opi"].pk if data.get("opi") else None,
            "library": data["library"].slug if data.get("library") else "",
        }


class DashboardForm(forms.Form):
    office = forms.ModelChoiceField(
        Office.objects.all(), required=False, label="Office", empty_label="All offices"
    )
    within = forms.TypedChoiceField(
        coerce=int,
        required=False,
        label="Upcoming within",
        choices=[(30, "30 days"), (90, "90 days"), (180, "6 months"), (365, "1 year")],
        initial=90,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
