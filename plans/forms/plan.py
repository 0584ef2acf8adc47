"""Forms to start a plan, write a narrative section and find plans."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from council.models import FinancialYear, Service
from council.richtext import clean_html
from plans.models import Plan, Template

# A narrative section of a plan is a few pages at most; this is far beyond that.
NARRATIVE_MAX_LENGTH = 200_000


class PlanCreateForm(forms.Form):
    """Which service and which financial years the new plan covers."""

    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        label="Service",
        error_messages={"required": "Select the service the plan is for"},
    )
    first_year = forms.TypedChoiceField(
        label="First financial year",
        coerce=int,
        error_messages={"required": "Select the first financial year of the plan"},
    )
    last_year = forms.TypedChoiceField(
        label="Last financial year",
        coerce=int,
        help_text="The same as the first year for a one-year plan. Plans cover up to 5 years.",
        error_messages={"required": "Select the last financial year of the plan"},
    )
    # Offered only when the council keeps more than one template.
    template = forms.ModelChoiceField(
        queryset=Template.objects.none(),
        required=False,
        label="Template",
        empty_label="The one for the service's directorate and year",
        help_text="Your council keeps more than one plan template.",
        error_messages={"invalid_choice": "Select a template from the list"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.editable_by(user).order_by("name")
        years = [
            (y.start_year, y.label)
            for y in FinancialYear.objects.filter(council_id=user.council_id)
        ]
        self.fields["first_year"].choices = [("", "Choose a year")] + years
        self.fields["last_year"].choices = [("", "Choose a year")] + years
        self.fields["first_year"].error_messages["invalid_choice"] = (
            "Select a financial year from the list"
        )
        self.fields["last_year"].error_messages["invalid_choice"] = (
            "Select a financial year from the list"
        )
        templates = Template.objects.filter(council_id=user.council_id)
        self.fields["template"].queryset = templates
        fields = ["service", "first_year", "last_year"]
        if len(templates) > 1:
            fields.append("template")
        else:
            del self.fields["template"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*fields, Button("submit", "Create plan"))

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first is not None and last is not None:
            if last < first:
                self.add_error(
                    "last_year", "The last year must be the same as or after the first year"
                )
            elif last - first > 4:
                self.add_error("last_year", "A plan can cover 5 financial years at most")
        return cleaned

    def add_validation_error(self, error: ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error.messages)


def rich_text_field(label: str, rows: int = 18) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows, "class": "govuk-textarea app-rich-text-input"}),
        help_text="Headings, lists, bold, italic, links and simple tables are kept. "
        "Scripts, styles and images are removed.",
        error_messages={
            "max_length": f"The text must be {NARRATIVE_MAX_LENGTH:,} characters or fewer"
        },
    )


class NarrativeForm(forms.Form):
    """The rich text of a narrative section, sanitised before it is kept."""

    body = rich_text_field("Text of the section")

    def clean_body(self):
        return clean_html(self.cleaned_data["body"])


class SectionTextForm(forms.Form):
    """What a council prints before and after a section's table (an introduction, a note on
    the figures), sanitised before it is kept."""

    body = rich_text_field("Text before the table", rows=8)
    body_after = rich_text_field("Text after the table", rows=6)

    def clean_body(self):
        return clean_html(self.cleaned_data["body"])

    def clean_body_after(self):
        return clean_html(self.cleaned_data["body_after"])


class PlanDetailsForm(forms.ModelForm):
    """The plan's title and reference, as the council prints them on the cover."""

    class Meta:
        model = Plan
        fields = ["printed_title", "reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["printed_title"].widget.attrs["placeholder"] = self.instance.default_title
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout("printed_title", "reference", Button("submit", "Save"))

    def clean_printed_title(self):
        return " ".join(self.cleaned_data["printed_title"].split())


class PlanFilterForm(forms.Form):
    """Filters of the plan list."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, empty_label="All services"
    )
    year = forms.TypedChoiceField(label="Financial year", coerce=int, required=False)
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status")] + list(Plan.Status.choices)
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.visible_to(user).order_by("name")
        self.fields["year"].choices = [("", "Any year")] + [
            (y.start_year, y.label)
            for y in FinancialYear.objects.filter(council_id=user.council_id)
        ]
