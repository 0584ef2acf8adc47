"""The forms of the Word import: the file with the plan's service and years, then where each
part of the document goes."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from council.models import Service
from plans.exchange.word.package import MAX_UPLOAD_BYTES, WordFileError, open_package
from plans.forms.plan import PlanCreateForm

APPEND, NEW = "append", "new"


def services_for_import(user):
    """The services a person may bring a Word plan in for: the performance lead any of the
    council's, an officer their own."""
    if user.is_performance_lead:
        return Service.objects.filter(directorate__council_id=user.council_id)
    return Service.objects.editable_by(user)


class WordUploadForm(PlanCreateForm):
    """The Word file, and the service and years of the draft plan it will make."""

    file = forms.FileField(
        label="Word file (.docx)",
        help_text="Last year's plan as a Word document, up to 25 MB. Nothing is created "
        "until you have seen what the file holds and confirmed.",
        error_messages={"required": "Select the Word file of the plan"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["service"].queryset = (
            services_for_import(user).select_related("directorate").order_by("name")
        )
        self.fields["service"].label_from_instance = lambda service: (
            f"{service.name} ({service.directorate.name})"
        )
        self.fields["service"].error_messages["invalid_choice"] = "Select a service from the list"
        self.order_fields(["file", "service", "first_year", "last_year", "template"])
        self.helper.layout = Layout(*self.fields, Button("submit", "Check the file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
            )
        try:
            return open_package(upload.read())
        except WordFileError as error:
            raise ValidationError(str(error)) from None


class PartPlacesForm(forms.Form):
    """Where each part of the document goes: a section of the template, a section of its
    own, or the part before. One drop-down per part, chosen for it from the preview."""

    def __init__(self, *args, matches, template_sections, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"s{index}", _section_label(s)) for index, s in enumerate(template_sections)]
        choices += [(NEW, "A section of its own"), (APPEND, "Add it to the part before")]
        positions = {id(section): index for index, section in enumerate(template_sections)}
        for index, match in enumerate(matches):
            if match.proposal == "match":
                initial = f"s{positions[id(match.best.section)]}"
            else:
                initial = match.proposal
            self.fields[f"part_{index}"] = forms.ChoiceField(
                label=match.part.title,
                choices=choices,
                initial=initial,
                error_messages={"invalid_choice": "Select where this part goes from the list"},
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL

    def places(self) -> dict[int, str]:
        """The choice for each part, by its index: "s<template index>", "new" or "append"."""
        return {int(name.removeprefix("part_")): value for name, value in self.cleaned_data.items()}


def _section_label(section) -> str:
    return f"{section.number} {section.title}".strip()
