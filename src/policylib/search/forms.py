"""Reading search requests: every parameter is optional; a value that is not what the field
takes (a number too large for an id, a date that is not one) is a problem the page names."""

from dataclasses import replace

from django import forms

from policylib.library.models import (
    Category,
    DocumentType,
    Library,
    Office,
    Status,
)
from policylib.search import KINDS, MODES, SCOPES, SORTS, SearchQuery
from policylib.search.query import MAX_QUERY_CHARS

KIND_LABELS = {
    "documents": "Directives and guidance",
    "agreements": "MOA/MOU Library (agreements)",
    "delegations": "Delegations Library",
    "all": "Everything (also help pages)",
}

MODE_LABELS = {
    "hybrid": "Words and meaning",
    "keyword": "Exact words only",
    "semantic": "Meaning only",
}

# What Advanced Search's boxes take (their maxlength): all of them full of characters of three
# UTF-8 bytes (nine, percent-encoded), with every other field, still make a request line under
# the server's limit (`policylib serve`: 8190 bytes). Longer values sent otherwise are read.
ADVANCED_TEXT_CHARS = {
    "q": 400, "identifier": 50, "title": 120, "subject": 80, "signatory": 60, "party": 100,
}  # fmt: skip

PER_PAGE = 20
MAX_PAGE = 500
# The largest id the databases (and the index's integer fields) hold: a larger number is an
# error to show, never a query to run.
MAX_ID = 2**63 - 1


SCOPE_PROBLEM = (
    "“%(value)s” is not a part of the library to search. Choose active (Active documents), "
    "archived (Archived documents) or all (Entire site)."
)


class _SlugChoice(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs) -> None:
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)


class SearchForm(forms.Form):
    """The header box and the facet links: free text, scope, sort, page and facet filters."""

    # A longer query is shortened (and the page says so), never refused.
    q = forms.CharField(
        required=False, strip=True, label="Search words",
        widget=forms.TextInput(attrs={"maxlength": MAX_QUERY_CHARS}),
    )  # fmt: skip
    scope = forms.ChoiceField(
        required=False, choices=[(s, s) for s in SCOPES],
        error_messages={"invalid_choice": SCOPE_PROBLEM},
    )  # fmt: skip
    kind = forms.ChoiceField(required=False, choices=[(k, KIND_LABELS[k]) for k in KINDS])
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS])
    mode = forms.ChoiceField(
        required=False, label="Match", choices=[(m, MODE_LABELS[m]) for m in MODES]
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    type = forms.SlugField(required=False)
    category = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    status = forms.ChoiceField(required=False, choices=Status.choices)
    year = forms.IntegerField(required=False, min_value=1, max_value=9999)

    def clean_q(self) -> str:
        text = self.cleaned_data.get("q") or ""
        self.shortened = len(text) > MAX_QUERY_CHARS
        return text[:MAX_QUERY_CHARS].strip() if self.shortened else text

    @property
    def was_shortened(self) -> bool:
        """Whether the query was longer than the box allows and only its start was searched."""
        return self.value("q") is not None and getattr(self, "shortened", False)

    def value(self, name: str):
        """The cleaned value, or empty when the reader sent something unusable."""
        if not self.is_bound:
            return None
        errors = self.errors  # validates once, after subclasses have set up their fields
        return self.cleaned_data.get(name) if name not in errors else None

    def problems(self) -> list[str]:
        """Each unusable parameter as a line a reader can act on: "Category: Ensure …"."""
        if not self.is_bound:
            return []
        return [
            f"{self[name].label if name in self.fields else 'Search'}: {message}"
            for name, messages in self.errors.items()
            for message in messages
        ]

    def query(self) -> SearchQuery:
        scope = self.value("scope") or "active"
        return SearchQuery(
            text=self.value("q") or "",
            scope=scope,
            # The Entire site scope of the search box reaches every library and the help pages.
            kind=self.value("kind") or ("all" if scope == "all" else "documents"),
            sort=self.value("sort") or "relevance",
            mode=self.value("mode") or "hybrid",
            page=self.value("page") or 1,
            per_page=PER_PAGE,
            document_type=self.value("type") or "",
            category=self.value("category"),
            status=self.value("status") or "",
            year=self.value("year"),
        )


class AdvancedSearchForm(SearchForm):
    """Advanced Search: each field narrows the results."""

    identifier = forms.CharField(required=False, max_length=200, label="Identifier")
    title = forms.CharField(required=False, max_length=500, label="Words in the title")
    document_type = _SlugChoice(DocumentType.objects.all(), label="Type")
    opi = forms.ModelChoiceField(
        Office.objects.all(), required=False, label="Office of primary interest (OPI)"
    )
    category_choice = forms.ModelChoiceField(
        Category.objects.all(), required=False, label="Category"
    )
    library = _SlugChoice(Library.objects.all(), label="Library")
    subject = forms.CharField(required=False, max_length=200, label="Subject")
    signatory = forms.CharField(required=False, max_length=200, label="Signatory")
    issued_from = forms.DateField(
        required=False, label="Issued on or after",
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    issued_to = forms.DateField(
        required=False, label="Issued on or before",
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    party = forms.CharField(
        required=False, max_length=200, label="Party to the agreement (full name)"
    )
    expires_from = forms.DateField(
        required=False, label="Expires on or after",
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    expires_to = forms.DateField(
        required=False, label="Expires on or before",
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip

    field_order = [
        "kind", "q", "mode", "identifier", "title", "document_type", "opi", "category_choice",
        "library", "status", "subject", "signatory", "issued_from", "issued_to", "party",
        "expires_from", "expires_to",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].label = "Full text"
        self.fields["status"].label = "Status"
        self.fields["status"].choices = [("", "Any status"), *Status.choices]
        self.fields["kind"].label = "Search in"
        self.fields["kind"].choices = [(k, KIND_LABELS[k]) for k in KINDS]
        self.fields["mode"].label = "Match the full text by"
        self.fields["mode"].choices = [(m, MODE_LABELS[m]) for m in MODES[:2]]
        for name in ("document_type", "opi", "category_choice", "library"):
            self.fields[name].empty_label = "Any"
        for field in self.fields.values():
            css = "usa-select" if isinstance(field.widget, forms.Select) else "usa-input"
            field.widget.attrs.setdefault("class", css)
        for name, limit in ADVANCED_TEXT_CHARS.items():
            self.fields[name].widget.attrs["maxlength"] = limit

    @property
    def advanced_fields(self) -> list:
        """The fields shown on the Advanced Search form (the rest come from links)."""
        return [self[name] for name in self.field_order]

    def query(self) -> SearchQuery:
        document_type = self.value("document_type")
        opi = self.value("opi")
        category = self.value("category_choice")
        library = self.value("library")
        return replace(
            super().query(),
            identifier=self.value("identifier") or "",
            title=self.value("title") or "",
            subject=self.value("subject") or "",
            signatory=self.value("signatory") or "",
            library=library.slug if library else "",
            opi=opi.pk if opi else None,
            issued_from=self.value("issued_from"),
            issued_to=self.value("issued_to"),
            party=self.value("party") or "",
            expires_from=self.value("expires_from"),
            expires_to=self.value("expires_to"),
            kind=self.value("kind") or "documents",
            document_type=document_type.slug if document_type else (self.value("type") or ""),
            category=category.pk if category else self.value("category"),
            # Advanced Search looks at every status unless one is chosen.
            scope=self.value("scope") or "all",
        )
