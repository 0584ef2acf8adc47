"""The forms of bringing several Word plans in at once: a file field that takes several
files, and the service of each file of the batch."""

from crispy_forms_gds.helper import FormHelper
from django import forms


class MultipleFileInput(forms.FileInput):
    """A file input that lets the person choose several files (Django's documented way)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files, each cleaned as a FileField cleans one: a list of uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple) and data:
            return [super(MultipleFileField, self).clean(each, initial) for each in data]
        return [super().clean(data, initial)]


class BatchServicesForm(forms.Form):
    """The service of each file waiting in the batch: one select per file, offering the
    services the person may bring a plan in for, named with their directorate. A service
    may have one file of the batch: a second one for it is an error on the later file."""

    def __init__(self, *args, waiting, made, services, checked="", **kwargs):
        """`waiting`: the batch's files still to confirm, `made`: the services of the plans
        already made from it, `services`: the services in scope (read once, so the page's
        queries do not grow with its files), `checked`: the token of the file whose preview
        the person asked for, which must have a service."""
        super().__init__(*args, **kwargs)
        self.names = {str(service.pk): service.name for service in services}
        self.made = {str(pk) for pk in made}
        self.checked = checked
        choices = [("", "Choose a service")] + [
            (str(service.pk), f"{service.name} ({service.directorate.name})")
            for service in services
        ]
        for entry in waiting:
            self.fields[f"service_{entry['token']}"] = forms.ChoiceField(
                label=f"Service of {entry['name']}",
                choices=choices,
                initial=str(entry["service"] or ""),
                required=False,
                error_messages={"invalid_choice": "Select a service from the list"},
            )
        self.files_named = {f"service_{entry['token']}": entry["name"] for entry in waiting}
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        chosen = {}
        for name, file_name in self.files_named.items():
            value = cleaned.get(name)
            if not value:
                if name == f"service_{self.checked}":
                    self.add_error(name, f"Select the service of {file_name}")
                continue
            if value in self.made:
                self.add_error(
                    name,
                    f"A plan for {self.names[value]} has already been made from this batch: "
                    "choose another service, or remove this file",
                )
            elif value in chosen:
                self.add_error(
                    name,
                    f"{self.names[value]} is already chosen for {chosen[value]}: choose "
                    "another service for one of them, or remove one of them",
                )
            else:
                chosen[value] = file_name
        return cleaned

    def services(self) -> dict[str, int | None]:
        """The chosen service's pk of each file, by its token."""
        return {
            name.removeprefix("service_"): int(value) if value else None
            for name, value in self.cleaned_data.items()
        }
