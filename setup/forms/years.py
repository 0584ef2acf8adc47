"""The council's financial years."""

from django import forms
from django.core.exceptions import ValidationError

from council import periods
from council.models import Council, FinancialYear
from setup.forms.helpers import gds_helper


class FinancialYearForm(forms.ModelForm):
    """Add a financial year by the calendar year it starts in; the council has each year once."""

    class Meta:
        model = FinancialYear
        fields = ["start_year"]
        labels = {"start_year": "Year it starts"}
        help_texts = {
            "start_year": "Financial years run from April to March. For 2027/28, enter 2027."
        }
        error_messages = {
            "start_year": {
                "required": "Enter the year it starts, like 2027",
                "invalid": "Enter the year it starts as a number, like 2027",
            }
        }

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        field = self.fields["start_year"]
        in_range = f"Enter a year from {periods.EARLIEST_YEAR} to {periods.LATEST_YEAR}"
        field.error_messages.update(min_value=in_range, max_value=in_range)
        field.widget = forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-4"}
        )
        self.helper = gds_helper("start_year", button="Add year")

    def clean_start_year(self):
        start = self.cleaned_data["start_year"]
        if not periods.EARLIEST_YEAR <= start <= periods.LATEST_YEAR:
            raise ValidationError(self.fields["start_year"].error_messages["min_value"])
        years = FinancialYear.objects.filter(council=self.instance.council, start_year=start)
        if years.exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"The council already has {periods.year_label(start)}")
        return start

    def validate_constraints(self):
        # clean_start_year has said what is wrong in words; Django's own message for the
        # unique constraint would repeat it.
        if "start_year" not in self.errors:
            super().validate_constraints()
