"""Forms of the drafting and review tools. They check input; the services keep the rules."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from policylib.accounts.access import visible_documents
from policylib.library.models import (
    Category,
    Document,
    DocumentType,
    Library,
    Marking,
    Office,
    Status,
    Subject,
)
from policylib.library.selectors import visible_subjects
from policylib.reviews.models import CommentCategory, Disposition, Role


def _uswds(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Textarea):
            css = "usa-textarea"
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            css = "usa-checkbox__input"
        elif isinstance(widget, forms.RadioSelect):
            css = "usa-radio__input"
        elif isinstance(widget, forms.CheckboxInput):
            css = "usa-checkbox__input"
        elif isinstance(widget, forms.Select):
            css = "usa-select"
        elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
            css = "usa-file-input"
        else:
            css = "usa-input"
        widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class DraftForm(forms.Form):
    """The record and file of a draft, with a change note for its history."""

    library = forms.ModelChoiceField(queryset=Library.objects.all())
    identifier = forms.CharField(max_length=200, help_text='For example "DROPPM Chapter 21".')
    office = forms.ModelChoiceField(queryset=Office.objects.none(), label="OPI")
    title = forms.CharField(max_length=500)
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    document_type = forms.ModelChoiceField(queryset=DocumentType.objects.all(), label="Type")
    source = forms.CharField(max_length=200, required=False)
    effective_on = forms.DateField(required=False, label="Effective date", widget=DateInput())
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.all(),
        required=False,
        label="Program areas",
        widget=forms.CheckboxSelectMultiple,
    )
    subjects = forms.ModelMultipleChoiceField(
        queryset=Subject.objects.all(),
        required=False,
        label="Filed under",
        help_text="Hold Ctrl (or Cmd) to choose more than one.",
    )
    marking = forms.ChoiceField(choices=Marking.choices, label="Handling")
    restricted_to = forms.ModelMultipleChoiceField(
        queryset=Group.objects.all(),
        required=False,
        label="Restricted to (for Restricted drafts)",
        widget=forms.CheckboxSelectMultiple,
    )
    supersedes = forms.ModelMultipleChoiceField(
        queryset=Document.objects.none(),
        required=False,
        label="Also supersedes",
        help_text="Other documents in force that this one replaces when issued. "
        "Hold Ctrl (or Cmd) to choose more than one.",
    )
    body = forms.CharField(
        required=False,
        label="Text (Markdown)",
        help_text="Only for documents that are pages rather than files.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    file = forms.FileField(
        required=False,
        label="Draft file (DOCX or PDF)",
        help_text="Leave empty to keep the current file.",
    )
    change_note = forms.CharField(
        label="Change note",
        help_text="What this save changes; kept in the draft's history.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, draft=None, **kwargs):
        super().__init__(*args, **kwargs)
        from policylib.accounts.access import offices_with_role

        self.fields["office"].queryset = offices_with_role(user, Role.AUTHOR, Role.OWNER)
        supersedable = visible_documents(user).filter(status=Status.CURRENT)
        if draft is not None and draft.revises_id:
            supersedable = supersedable.exclude(pk=draft.revises_id)
            # A revision keeps its library, identifier and OPI.
            for name in ("library", "identifier", "office"):
                del self.fields[name]
        self.fields["supersedes"].queryset = supersedable.order_by("identifier")
        # Subjects of hidden documents are not offered; the draft's own stay (its reader sees them).
        subjects = visible_subjects(user)
        if draft is not None:
            subjects = subjects | Subject.objects.filter(pk__in=draft.subjects.values("pk"))
        self.fields["subjects"].queryset = subjects.distinct().order_by("name")
        if draft is None:
            self.fields["change_note"].initial = "Draft started."
            self.fields["change_note"].required = False
        _uswds(self)

    def record(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("file", None)
        data.pop("change_note", None)
        return data


class CheckOutForm(forms.Form):
    change_note = forms.CharField(
        required=False,
        label="Why revise it? (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _uswds(self)


class NoteForm(forms.Form):
    note = forms.CharField(required=False, label="Note", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, note_label: str = "Note", note_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = note_label
        self.fields["note"].required = note_required
        _uswds(self)


class CommentPeriodForm(forms.Form):
    offices = forms.ModelMultipleChoiceField(
        queryset=Office.objects.all(),
        label="Offices invited",
        help_text="Their directives points of contact (DPCs) are emailed.",
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label="Start date", widget=DateInput())
    due_on = forms.DateField(label="Due date", widget=DateInput(), help_text="30 days by default.")
    instructions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Instructions"
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        from policylib.reviews.services import DEFAULT_PERIOD_DAYS

        self.fields["starts_on"].initial = today
        self.fields["due_on"].initial = today + datetime.timedelta(days=DEFAULT_PERIOD_DAYS)
        _uswds(self)


class AssignForm(forms.Form):
    reviewer = PersonChoiceField(queryset=get_user_model().objects.none())
    due_on = forms.DateField(label="Due date", widget=DateInput())
    instructions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Instructions"
    )

    def __init__(self, *args, office_review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                office_memberships__office=office_review.office,
                office_memberships__role=Role.REVIEWER,
            )
            .exclude(review_assignments__office_review=office_review)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        due = office_review.period.due_on
        self.fields["due_on"].initial = due
        self.fields["due_on"].help_text = f"No later than the office's due date, {due:%b %d, %Y}."
        _uswds(self)


class CommentForm(forms.Form):
    section = forms.CharField(max_length=200, required=False)
    page = forms.CharField(max_length=20, required=False)
    line = forms.CharField(max_length=20, required=False)
    category = forms.ChoiceField(choices=CommentCategory.choices, widget=forms.RadioSelect)
    text = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 4}))
    proposed_change = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Proposed change"
    )
    rationale = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Rationale"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].help_text = "Where the comment applies: a section, page or line."
        _uswds(self)


class MergeForm(forms.Form):
    duplicates = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Duplicates to merge into this comment",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicates"].queryset = candidates
        self.fields["duplicates"].label_from_instance = lambda c: (
            f"#{c.pk} ({c.location or 'no location'}): {c.text[:120]}"
        )


class PositionForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("comments", "Submit the office's comments"), ("no_comment", "No comment")],
        widget=forms.RadioSelect,
        label="The office's position",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _uswds(self)


class AnswerForm(forms.Form):
    disposition = forms.ChoiceField(
        choices=Disposition.choices, widget=forms.RadioSelect, label="Answer"
    )
    response = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Response",
        help_text="Required for a modification or a comment not accepted.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _uswds(self)


class SendForm(forms.Form):
    signatory = PersonChoiceField(queryset=get_user_model().objects.none())
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, office_memberships__role=Role.SIGNATORY)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        _uswds(self)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(widget=forms.RadioSelect, label="Decision")
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Comments",
        help_text="Required when you return the draft.",
    )

    def __init__(self, *args, yes_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [("yes", yes_label), ("return", "Return with comments")]
        _uswds(self)


class IssueForm(forms.Form):
    issued_on = forms.DateField(label="Issue date", widget=DateInput())
    signed_file = forms.FileField(
        required=False,
        label="Signed file (optional)",
        help_text="The signed PDF to publish; without one, the draft's file is published.",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note")

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = today
        _uswds(self)


class CompareSavesForm(forms.Form):
    """Which two saves of a draft to compare; the earlier one is always the base."""

    old = forms.TypedChoiceField(coerce=int, label="Compare save")
    new = forms.TypedChoiceField(coerce=int, label="with save")

    def __init__(self, *args, saves, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (save.number, f"Save {save.number}: {save.change_note[:60]}")
            for save in sorted(saves, key=lambda s: s.number)
        ]
        for name in ("old", "new"):
            self.fields[name].choices = choices
        if len(saves) > 1 and not self.is_bound:
            numbers = sorted(save.number for save in saves)
            self.initial = {"old": numbers[-2], "new": numbers[-1]}
        _uswds(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old") is not None and cleaned.get("old") == cleaned.get("new"):
            raise forms.ValidationError("Choose two different saves to compare.")
        return cleaned
