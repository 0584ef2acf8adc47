"""The audit log's filters: a person of the council, a kind of change and a date range."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms
from django.core.exceptions import ValidationError

from council.models import Council, User
from setup.audit import KINDS

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


class AuditFilterForm(forms.Form):
    """Filters read from the query string, so a filtered page can be linked and exported."""

    person = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Everyone",
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Every kind"), *KINDS.items()],
        error_messages={"invalid_choice": "Select a kind from the list"},
    )
    since = forms.DateField(
        label="From",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 1/4/2026",
        error_messages={"invalid": "Enter the first day as a date, like 1/4/2026"},
    )
    until = forms.DateField(
        label="To",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 31/3/2027",
        error_messages={"invalid": "Enter the last day as a date, like 31/3/2027"},
    )

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(council=council).order_by(
            "last_name", "first_name", "username"
        )
        for name in ("person", "kind"):
            self.fields[name].widget.attrs["class"] = "govuk-select"
        for name in ("since", "until"):
            self.fields[name].widget.attrs.update({"class": "govuk-input govuk-input--width-10"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", ValidationError("The last day must be on or after the first"))
        return data
