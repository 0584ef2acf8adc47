"""The upload of a CSV file of people and their roles (setup.people_csv reads it)."""

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from setup.people_csv import MAX_BYTES, FileProblem, decode, read_rows


class PeopleFileForm(forms.Form):
    """A CSV file, read into rows here: a file that is too big, not text, in an unreadable
    encoding or not CSV is refused on the file field with what to do about it."""

    file = forms.FileField(
        label="CSV file",
        help_text="One row per role, up to 10,000 rows and 5 MB.",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError("The file must be smaller than 5 MB")
        try:
            self.text = decode(upload.read())
            self.rows = read_rows(self.text)
        except FileProblem as problem:
            raise ValidationError(str(problem)) from None
        if not self.rows:
            raise ValidationError("The file has a header row but no people")
        return upload
