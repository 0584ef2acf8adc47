"""Forms of the review workflow: a comment or reason, and a section's review decision."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms

COMMENT_MAX_LENGTH = 5_000


class CommentForm(forms.Form):
    """One text box for the comment or reason a workflow step records."""

    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_MAX_LENGTH,
    )

    def __init__(self, *args, label: str, required: bool, button: str, hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        field.label = label
        field.required = required
        field.help_text = hint
        field.error_messages["required"] = f"Enter {label[0].lower()}{label[1:]}"
        field.error_messages["max_length"] = (
            f"{label} must be {COMMENT_MAX_LENGTH:,} characters or fewer"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.MEDIUM
        self.helper.layout = Layout("comment", Button("submit", button))


class SectionReviewForm(forms.Form):
    """Approve the version of the section the manager has read, or send it back."""

    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(APPROVE, "Approve this section"), (RETURN, "Send it back to the officer")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve the section or send it back"},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when you send the section back: the officer sees it on the section.",
        error_messages={
            "max_length": f"Comment must be {COMMENT_MAX_LENGTH:,} characters or fewer"
        },
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.legend_size = Size.MEDIUM
        self.helper.layout = Layout(
            "decision", "comment", "seen_version", Button("submit", "Save decision")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Enter a comment saying what needs to change")
        return cleaned

    def reviewed(self) -> dict:
        """The version read and the comment, as plans.services.section_approve and
        section_return take them."""
        return {
            "seen_version": self.cleaned_data["seen_version"],
            "comment": self.cleaned_data["comment"],
        }
