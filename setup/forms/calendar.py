"""The council's returns calendar: when a return is due by default, and when reminders go."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Fieldset, Layout, Size
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from council.models import MAX_DEADLINE_DAYS, MAX_REMINDER_DAYS, Council

DAYS = [
    "return_deadline_days",
    "reminder_days_before",
    "reminder_days_after",
    "escalation_days_after",
]


class ReturnsCalendarForm(forms.ModelForm):
    """Days, each a whole number in its range; the reminder to managers after the late one."""

    class Meta:
        model = Council
        fields = DAYS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = {"return_deadline_days": MAX_DEADLINE_DAYS}
        for name in DAYS:
            field = self.fields[name]
            most, example = limits.get(name, MAX_REMINDER_DAYS), field.initial
            in_range = f"Enter a number of days from 1 to {most}"
            field.error_messages.update(
                required=f"Enter a number of days, like {example}",
                invalid=f"Enter the number of days as a whole number, like {example}",
                min_value=in_range,
                max_value=in_range,
            )
            field.validators = [MinValueValidator(1), MaxValueValidator(most)]
            field.widget = forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.MEDIUM
        self.helper.layout = Layout(
            Fieldset("return_deadline_days", legend="Deadline"),
            Fieldset(
                "reminder_days_before",
                "reminder_days_after",
                "escalation_days_after",
                legend="Reminders",
            ),
            Button("submit", "Save returns calendar"),
        )

    def clean(self):
        data = super().clean()
        after, escalation = data.get("reminder_days_after"), data.get("escalation_days_after")
        if after and escalation and escalation <= after:
            self.add_error(
                "escalation_days_after",
                f"The reminder to managers must go more days after the deadline than the late "
                f"reminder ({after} days)",
            )
        return data

    def validate_constraints(self):
        # The form has said in words what the constraints would refuse.
        if not self.errors:
            super().validate_constraints()
