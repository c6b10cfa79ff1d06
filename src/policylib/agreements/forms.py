from django import forms

from policylib.agreements.models import AgreementStatus, AgreementType
from policylib.agreements.selectors import (
    DEFAULT_SORT,
    IN_FORCE,
    SORTS,
    AgreementFilters,
    parties_with_counts,
)


class AgreementListForm(forms.Form):
    """Filtering and sorting of the agreements list (all optional; bad values fall back)."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Contains",
        help_text="Words in the identifier, title, purpose or a party's name.",
    )
    status = forms.ChoiceField(required=False)
    party = forms.ChoiceField(required=False)
    type = forms.ChoiceField(required=False, label="Type")
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[
            ("expires", "Expires soonest"),
            ("expires_last", "Expires latest"),
            ("signed", "Newest signed"),
            ("identifier", "Identifier"),
            ("title", "Title"),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Unless asked otherwise, the list shows the agreements in force.
        self.fields["status"].initial = IN_FORCE
        if self.is_bound and "status" not in self.data:
            self.data = self.data.copy()
            self.data["status"] = IN_FORCE
        self.fields["status"].choices = [
            (IN_FORCE, "In force (Active or Expiring soon)"),
            ("", "All statuses"),
            *((s.value, s.label) for s in AgreementStatus),
        ]
        # Only parties to agreements this reader may see, so no name leaks through the list.
        self.fields["party"].choices = [("", "All parties")] + [
            (party.slug, party.name) for party in parties_with_counts(user)
        ]
        self.fields["type"].choices = [("", "All types")] + [
            (t.slug, t.name) for t in AgreementType.objects.all()
        ]

    def filters(self) -> AgreementFilters:
        if not self.is_bound:
            return AgreementFilters(status=IN_FORCE)
        self.is_valid()  # a value that is not allowed is dropped; the others still apply
        data = self.cleaned_data
        sort = data.get("sort") or DEFAULT_SORT
        return AgreementFilters(
            text=data.get("q", ""),
            status=data.get("status", IN_FORCE),
            party=data.get("party", ""),
            agreement_type=data.get("type", ""),
            sort=sort if sort in SORTS else DEFAULT_SORT,
        )
