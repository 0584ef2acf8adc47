"""The council's rating defaults: the rule a new indicator starts with, and when a result
needs commentary."""

from django import forms
from django.core.exceptions import ValidationError

from council.models import Council
from kpis.forms import FigureField
from setup.forms.helpers import gds_helper


class RatingDefaultsForm(forms.ModelForm):
    """How far from target a new indicator's result may be and still be amber, and when
    officers must explain a result. Existing indicators keep their own rule."""

    class Meta:
        model = Council
        fields = ["default_tolerance_kind", "default_tolerance", "commentary_required"]
        widgets = {
            "default_tolerance_kind": forms.RadioSelect,
            "commentary_required": forms.RadioSelect,
        }
        error_messages = {
            "default_tolerance_kind": {
                "required": "Select how the tolerance is measured",
                "invalid_choice": "Select how the tolerance is measured",
            },
            "commentary_required": {
                "required": "Select when a result needs commentary",
                "invalid_choice": "Select when a result needs commentary",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_tolerance"] = FigureField(
            label="Tolerance",
            what="Tolerance",
            example="5",
            help_text=Council._meta.get_field("default_tolerance").help_text,
        )
        if self.instance.default_tolerance is not None:
            self.initial["default_tolerance"] = f"{self.instance.default_tolerance.normalize():f}"
        self.helper = gds_helper(*self.fields, button="Save rating defaults")

    def clean_default_tolerance(self):
        tolerance = self.cleaned_data["default_tolerance"]
        if tolerance is not None and tolerance < 0:
            raise ValidationError("Tolerance cannot be negative")
        return tolerance
