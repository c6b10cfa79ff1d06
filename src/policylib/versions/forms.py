from django import forms


class CompareForm(forms.Form):
    """Which two versions to compare; the older one is always shown as the base."""

    old = forms.TypedChoiceField(coerce=int, label="Compare version")
    new = forms.TypedChoiceField(coerce=int, label="with version")

    def __init__(self, data, *, versions: list) -> None:
        super().__init__(data)
        self.order = {numbered.version.pk: numbered.number for numbered in versions}
        choices = [(numbered.version.pk, numbered.label) for numbered in versions]
        for name in ("old", "new"):
            self.fields[name].choices = choices
            self.fields[name].widget.attrs["class"] = "usa-select"

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("old"), cleaned.get("new")
        if old is not None and new is not None:
            if old == new:
                raise forms.ValidationError("Choose two different versions to compare.")
            if self.order[old] > self.order[new]:
                cleaned["old"], cleaned["new"] = new, old
        return cleaned
