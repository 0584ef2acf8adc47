"""Directorates and their services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from council.models import Council, Directorate, Service
from setup.forms.helpers import gds_helper


class DirectorateForm(forms.ModelForm):
    """A directorate of the lead's council; its name is unique in the council."""

    class Meta:
        model = Directorate
        fields = ["name", "director"]
        error_messages = {"name": {"required": "Enter the directorate's name"}}

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.helper = gds_helper("name", "director", button="Save directorate")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Directorate.objects.filter(council=self.instance.council, name__iexact=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"There is already a directorate called {name}")
        return name


class ServiceForm(forms.ModelForm):
    """A service in one of the council's directorates: its name is unique in the directorate
    and its code in the council."""

    class Meta:
        model = Service
        fields = ["directorate", "name", "code", "head_of_service", "purpose"]
        error_messages = {
            "name": {"required": "Enter the service's name"},
            "code": {
                "required": "Enter a short code, like customer-services",
                "invalid": "The code can only have letters, numbers, hyphens and underscores",
            },
            "directorate": {
                "required": "Select the directorate the service is in",
                "invalid_choice": "Select one of the council's directorates",
            },
        }
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["directorate"].queryset = Directorate.objects.filter(council=council)
        self.fields["directorate"].empty_label = "Select a directorate"
        self.fields["code"].required = False
        self.fields["code"].help_text = (
            "Short code, unique in the council, e.g. 'customer-services'. Leave it blank to "
            "make one from the name."
        )
        self.helper = gds_helper(*self.fields, button="Save service")

    def clean(self):
        data = super().clean()
        directorate, name = data.get("directorate"), data.get("name")
        code = data["code"] = data.get("code") or slugify(name or "")[:30]
        self.instance.code = code
        services = Service.objects.exclude(pk=self.instance.pk)
        same_name = services.filter(directorate=directorate, name__iexact=(name or "").strip())
        if directorate and name and same_name.exists():
            self.add_error("name", f"{directorate} already has a service called {name}")
        if code and services.filter(directorate__council=self.council, code=code).exists():
            self.add_error("code", f"Another service of the council has the code {code}")
        return data

    def validate_constraints(self):
        # clean() has said what is wrong with a duplicate name in words; Django's own
        # message ("Service with this Directorate and Name already exists") would repeat it.
        if "name" not in self.errors:
            super().validate_constraints()
