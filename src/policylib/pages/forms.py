from django import forms

from policylib.pages.models import Feedback


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["name", "email", "subject", "message", "page"]
        labels = {"email": "Your email address", "name": "Your name"}
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "page": forms.HiddenInput(),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            self.fields["name"].initial = user.get_full_name() or user.get_username()
            self.fields["email"].initial = user.email
        for field in self.fields.values():
            css = "usa-textarea" if isinstance(field.widget, forms.Textarea) else "usa-input"
            field.widget.attrs.setdefault("class", css)
