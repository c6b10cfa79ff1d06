from django import forms

from policylib.delegations.selectors import ACTIVE, SCOPES, DelegationFilters


class DelegationListForm(forms.Form):
    """Filtering of the delegations list (all optional; bad values fall back)."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Contains",
        help_text="Words in the authority, a position, its holder, the citation or limitations.",
    )
    scope = forms.ChoiceField(
        required=False,
        label="Scope",
        choices=[*SCOPES.items(), ("", "All delegations")],
        initial=ACTIVE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and "scope" not in self.data:
            self.data = self.data.copy()
            self.data["scope"] = ACTIVE

    def filters(self) -> DelegationFilters:
        if not self.is_bound:
            return DelegationFilters()
        self.is_valid()  # a value that is not allowed is dropped; the others still apply
        return DelegationFilters(
            text=self.cleaned_data.get("q", ""),
            scope=self.cleaned_data.get("scope", ACTIVE),
        )
