"""The council's profile."""

from django import forms
from django.core.exceptions import ValidationError

from council.models import Council
from setup.forms.helpers import gds_helper


class CouncilProfileForm(forms.ModelForm):
    """The council's name, how headers print it, its marking, vision and values."""

    class Meta:
        model = Council
        fields = [
            "name",
            "short_name",
            "protective_marking",
            "vision_heading",
            "vision",
            "values_heading",
            "values",
            "vision_on_cover",
            "numbers_sections",
            "percentages_up_to_100",
        ]
        labels = {"name": "Council name", "short_name": "Short name"}
        error_messages = {"name": {"required": "Enter the council's name"}}
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 6}),
            "values": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(*self.fields, button="Save council profile")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Council.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError("Another council already uses this name")
        return name
