import unicodedata

from django import forms

from policylib.library.models import FileRole, Status
from policylib.library.selectors import DEFAULT_SORT, SORTS, ListFilters
from policylib.library.uploads import (
    ACCEPTED_DESCRIPTION,
    ACCEPTED_EXTENSIONS,
    UploadRefused,
    check_upload,
    max_bytes,
)


class ListForm(forms.Form):
    """Sorting and filtering of a list of documents (all optional; bad values fall back)."""

    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("issued", "Newest first"),
            ("oldest", "Oldest first"),
            ("title", "Title"),
            ("identifier", "Identifier"),
        ],
    )
    type = forms.ChoiceField(required=False, label="Type")
    status = forms.ChoiceField(required=False)

    def __init__(self, *args, default_status: str = Status.CURRENT, **kwargs):
        super().__init__(*args, **kwargs)
        from policylib.library.models import DocumentType

        self.default_status = default_status
        self.fields["type"].choices = [("", "All types")] + [
            (t.slug, t.name) for t in DocumentType.objects.all()
        ]
        if default_status == "archived":
            status_choices = [("archived", "All archived")] + [
                (s.value, s.label) for s in (Status.SUPERSEDED, Status.CANCELLED, Status.ARCHIVED)
            ]
        else:
            status_choices = [
                (Status.CURRENT.value, "In force (Current)"),
                ("archived", "Archived (Superseded, Cancelled, Archived)"),
                ("all", "All statuses"),
            ]
        self.fields["status"].choices = status_choices

    def filters(self) -> ListFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        sort = data.get("sort") or DEFAULT_SORT
        return ListFilters(
            sort=sort if sort in SORTS else DEFAULT_SORT,
            document_type=data.get("type") or "",
            status=data.get("status") or self.default_status,
        )


class SendThisForm(forms.Form):
    to = forms.EmailField(label="Recipient's email address")
    sender_name = forms.CharField(label="Your name", max_length=200)
    sender_email = forms.EmailField(label="Your email address")
    note = forms.CharField(
        label="A note to go with the link (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            self.fields["sender_name"].initial = user.get_full_name() or user.get_username()
            self.fields["sender_email"].initial = user.email
        for field in self.fields.values():
            css = "usa-textarea" if isinstance(field.widget, forms.Textarea) else "usa-input"
            field.widget.attrs.setdefault("class", css)

    def clean_sender_name(self) -> str:
        # The name goes into the email's subject line, which is one line of text.
        name = self.cleaned_data["sender_name"]
        if any(unicodedata.category(character) in ("Cc", "Zl", "Zp") for character in name):
            raise forms.ValidationError(
                "Your name must be on one line, without line breaks or control characters.",
                code="invalid",
            )
        return name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the form, so each gets its own error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]

    def clean(self, data, initial=None):
        uploads = self.to_python(data)
        if self.required and not uploads:
            raise forms.ValidationError("Choose at least one file to upload.", code="required")
        return uploads


class UploadForm(forms.Form):
    """Staff add attachments to a document or replace its primary file."""

    files = MultipleFileField(label="Files")
    role = forms.ChoiceField(
        label="Add them as",
        choices=[
            (FileRole.ATTACHMENT.value, "Attachments"),
            (FileRole.PRIMARY.value, "The new primary file (replaces the current one)"),
        ],
        initial=FileRole.ATTACHMENT.value,
        widget=forms.RadioSelect,
    )

    accept = ",".join(ACCEPTED_EXTENSIONS)
    accepted_description = ACCEPTED_DESCRIPTION

    @property
    def max_bytes(self) -> int:
        return max_bytes()

    def __init__(self, *args, has_primary: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_primary:
            self.fields["role"].choices = [
                (FileRole.ATTACHMENT.value, "Attachments"),
                (FileRole.PRIMARY.value, "The primary file"),
            ]

    def clean_files(self) -> list:
        uploads = self.cleaned_data["files"]
        errors = []
        for upload in uploads:
            try:
                check_upload(upload)
            except UploadRefused as refused:
                errors.append(forms.ValidationError(f"{upload.name}: {refused}", code="refused"))
        if errors:
            raise forms.ValidationError(errors)
        return uploads

    def clean(self):
        cleaned = super().clean()
        uploads = cleaned.get("files") or []
        if cleaned.get("role") == FileRole.PRIMARY and len(uploads) > 1:
            self.add_error(
                "files",
                f"Choose one file to be the primary file (you chose {len(uploads)}), "
                "or add them as attachments.",
            )
        return cleaned
