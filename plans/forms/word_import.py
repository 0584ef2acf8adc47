"""The forms of the Word import: the file with the plan's service and years, then where each
part of the document goes and what each table's columns hold."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from council.models import Service
from plans.exchange.word.batch import MAX_FILES, Batch, is_zip_of_files, open_batch
from plans.exchange.word.mapping import IGNORE, NOT_A_FIELD, TableChoice, column_choices
from plans.exchange.word.package import MAX_UPLOAD_BYTES, WordFileError, open_package
from plans.forms.plan import PlanCreateForm
from plans.forms.word_batch import MultipleFileField

APPEND, NEW = "append", "new"


def services_for_import(user):
    """The services a person may bring a Word plan in for: the performance lead any of the
    council's, an officer their own."""
    if user.is_performance_lead:
        return Service.objects.filter(directorate__council_id=user.council_id)
    return Service.objects.editable_by(user)


def may_import(user) -> bool:
    """Whether a person may bring Word plans in at all: the lead, or an officer."""
    return user.is_performance_lead or services_for_import(user).exists()


class WordUploadForm(PlanCreateForm):
    """The Word file, and the service and years of the draft plan it will make; or several
    Word files, or a .zip of them, for the years given and each file's service chosen on
    the batch page (plans/views/word_batch.py)."""

    file = MultipleFileField(
        label="Word files (.docx or .zip)",
        help_text="Last year's plan as a Word document, up to 25 MB. To bring in several "
        f"plans at once, choose several Word files, or a .zip of them (up to {MAX_FILES}), "
        "and leave the service empty: you choose each file's service next. Nothing is "
        "created until you have seen what each file holds and confirmed.",
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
        self.fields["service"].required = False  # each file's own, for several files
        self.fields["service"].help_text = "For one file."
        self.order_fields(["file", "service", "first_year", "last_year", "template"])
        self.helper.layout = Layout(*self.fields, Button("submit", "Check the file"))

    def clean_file(self):
        """One Word file as a checked package; several files, or a zip, as a Batch."""
        uploads = self.cleaned_data["file"]
        try:
            if len(uploads) > 1 or is_zip_of_files(uploads[0]):
                return open_batch(uploads)
        except WordFileError as error:
            raise ValidationError(str(error)) from None
        upload = uploads[0]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
            )
        try:
            return open_package(upload.read())
        except WordFileError as error:
            raise ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        if not self.is_batch and "file" in cleaned and not cleaned.get("service"):
            self.add_error("service", self.fields["service"].error_messages["required"])
        return cleaned

    @property
    def is_batch(self) -> bool:
        return isinstance(self.cleaned_data.get("file"), Batch)


class PartPlacesForm(forms.Form):
    """Where each part of the document goes: a section of the template, a section of its
    own, or the part before. One drop-down per part, chosen for it from the preview; and
    for each table matched to a structured part, what each of its columns holds (or
    ignore it), or keep the table as text."""

    def __init__(self, *args, matches, template_sections, tables=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.table_choices = list(tables)
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
        for number, choice in enumerate(self.table_choices):
            options = column_choices(choice, list(years))
            if not options or choice.match.is_set_up:
                continue
            self.fields[f"table_{number}_text"] = forms.BooleanField(
                label="Keep this table as text instead", required=False, initial=False
            )
            for position, mapping in enumerate(choice.match.columns):
                header = " ".join(mapping.header.split())[:80]
                name = f"“{header}”" if header else f"{position + 1} (no header)"
                self.fields[f"table_{number}_column_{position}"] = forms.ChoiceField(
                    label=f"Column {name}",
                    choices=options,
                    initial=choice.values[position],
                    required=False,
                    error_messages={
                        "invalid_choice": f"Select what column {name} holds from the list"
                    },
                )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL

    def clean(self):
        cleaned = super().clean()
        for number, _ in enumerate(self.table_choices):
            if cleaned.get(f"table_{number}_text"):
                continue
            taken = {}
            for name in self._column_names(number):
                value = cleaned.get(name)
                if not value or value in NOT_A_FIELD:
                    continue
                if value in taken:
                    label = dict(self.fields[name].choices)[value].lower()
                    self.add_error(
                        name,
                        f"{self.fields[taken[value]].label} is already the {label}: choose "
                        "something else for this column, or ignore it",
                    )
                else:
                    taken[value] = name
        return cleaned

    def _column_names(self, number: int) -> list[str]:
        prefix = f"table_{number}_column_"
        return [name for name in self.fields if name.startswith(prefix)]

    def table_fields(self, number: int) -> tuple:
        """The table's 'keep as text' box and its columns' selects, for the preview."""
        text = f"table_{number}_text"
        if text not in self.fields:
            return None, []
        return self[text], [self[name] for name in self._column_names(number)]

    def places(self) -> dict[int, str]:
        """The choice for each part, by its index: "s<template index>", "new" or "append"."""
        return {
            int(name.removeprefix("part_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("part_")
        }

    def tables(self) -> list[TableChoice]:
        """Each table with its columns' mapping as chosen, or kept as text."""
        chosen = []
        for number, choice in enumerate(self.table_choices):
            names = self._column_names(number)
            if not names:
                chosen.append(choice)
                continue
            values = [self.cleaned_data.get(name) or IGNORE for name in names]
            as_text = bool(self.cleaned_data.get(f"table_{number}_text"))
            chosen.append(TableChoice(choice.match, values, as_text))
        return chosen


def _section_label(section) -> str:
    return f"{section.number} {section.title}".strip()
