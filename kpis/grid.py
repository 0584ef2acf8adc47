"""Long tables typed as a grid: a formset drawn as rows × columns (templates/includes/grid.html).

The indicators grid (kpis) and the actions grid (plans) share these pieces. They live here,
in the lower of the two apps, because plans may import kpis and not the other way round.

- Each cell is a plain input with its GOV.UK class; a cell with an error takes the error
  class and is linked from the error summary as "Row 3: message".
- "Add another row" posts the grid back with a blank row more and saves nothing: what was
  typed is shown again, unchecked, so the button works without JavaScript.
- The queries do not grow with the rows: a posted row's id is found among the rows the
  formset has already read, not with a query each.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

MAX_ROWS = 500
# More rows than a grid takes are refused with this message, never dropped unsaid.
TOO_MANY_ROWS = {
    "too_many_forms": "This table can have at most %(num)d rows: remove some, or save "
    "these and add the others on their own pages"
}


def row_limit(formset, fields_per_row: int) -> None:
    """Limit the formset to the rows a browser can post: Django refuses a post with more
    than DATA_UPLOAD_MAX_NUMBER_FIELDS fields (a 400 page) before any form sees it."""
    fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    rows = MAX_ROWS if fields is None else min(MAX_ROWS, (fields - 20) // fields_per_row)
    formset.max_num = rows
    formset.validate_max = True
    formset.absolute_max = rows + 1


# GOV.UK class of each kind of cell, and the one it takes when the cell has an error.
CELL_CLASSES = {
    forms.Textarea: ("govuk-textarea", "govuk-textarea--error"),
    forms.Select: ("govuk-select", "govuk-select--error"),
    forms.TextInput: ("govuk-input", "govuk-input--error"),
}


def _cell_class(widget) -> tuple[str, str] | None:
    return next((c for kind, c in CELL_CLASSES.items() if isinstance(widget, kind)), None)


def cell_widgets(form) -> None:
    """GOV.UK classes on the cells' inputs (the grid draws them without crispy forms).

    Help texts are dropped: the column heading says what a cell is, and a hint per cell
    would be read out on every row."""
    for field in form.fields.values():
        field.help_text = ""
        classes = _cell_class(field.widget)
        current = field.widget.attrs.get("class", "")
        if classes and classes[0] not in current:
            field.widget.attrs["class"] = f"{classes[0]} {current}".strip()


def mark_bad_cells(form) -> None:
    """The error class on each cell with an error, once the form has been validated."""
    for name in form.errors:
        field = form.fields.get(name)
        classes = _cell_class(field.widget) if field is not None else None
        if classes:
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {classes[1]}"


def add_remove_box(form) -> None:
    """The formset's "Remove" box, drawn as a small GOV.UK checkbox."""
    form.fields["DELETE"].label = "Remove"
    form.fields["DELETE"].widget.attrs["class"] = "govuk-checkboxes__input"


class RowIdField(forms.ModelChoiceField):
    """The hidden id of a row, found among the rows the formset has read (no query per row).

    An id that is not one of them (another plan's or service's row, or one removed since
    the page was drawn) is refused with `message`."""

    def __init__(self, rows: dict, *, model, message: str, **kwargs):
        self.rows = rows
        self.message = message
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(queryset=model.objects.none(), **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.rows[int(value)]
        except (KeyError, ValueError, TypeError):
            raise ValidationError(self.message, code="invalid_choice") from None


class GridRows:
    """A grid formset's rows: each with a "Remove" box and an id found among the rows the
    formset read (RowIdField). Set `row_not_found`, the message for an id not among them."""

    row_not_found = "This row is not one of the rows shown."

    def add_fields(self, form, index):
        super().add_fields(form, index)
        add_remove_box(form)
        if not hasattr(self, "_rows_by_pk"):
            self._rows_by_pk = {row.pk: row for row in self.get_queryset()}
        form.fields["id"] = RowIdField(
            self._rows_by_pk,
            model=self.model,
            message=self.row_not_found,
            initial=form.fields["id"].initial,
        )


def posted_grid(request, prefix: str = "form"):
    """(data, adding) for a grid page: the posted data (None for a GET) and whether "Add
    another row" was pressed, in which case the data has a blank row more."""
    data = request.POST if request.method == "POST" else None
    adding = data is not None and "add_row" in data
    return (with_one_more_row(data, prefix) if adding else data), adding


def refuse_grid(formset, error: ValidationError) -> None:
    """A refusal met while saving, as an error of the whole grid: the error summary links
    it to the grid's heading (grid_error_links)."""
    formset._non_form_errors = formset.error_class(
        [*formset.non_form_errors().as_data(), ValidationError(" ".join(error.messages))],
        error_class="nonform",
        renderer=formset.renderer,
    )


def with_one_more_row(data, prefix: str):
    """The posted data with a blank row more (up to MAX_ROWS)."""
    data = data.copy()
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", ""))
    except ValueError:
        return data  # a tampered count: the formset reports it
    data[f"{prefix}-TOTAL_FORMS"] = str(min(total + 1, MAX_ROWS))
    return data


def not_validated(formset) -> None:
    """Show what was typed without checking it: nothing is being saved yet."""
    formset._non_form_errors = formset.error_class()
    for form in formset.forms:
        form._errors = ErrorDict(renderer=form.renderer)


def grid_error_links(formset, heading_id: str) -> list[tuple[str, str]]:
    """(cell id, "Row 3: message") for the error summary, row by row in the grid's order;
    each bad cell is marked in place. An error of the whole grid links to its heading, or
    to the cell it names (ValidationError params={"cell": id})."""
    links = []
    for error in formset.non_form_errors().as_data():
        cell = (error.params or {}).get("cell", heading_id)
        links += [(cell, message) for message in error.messages]
    for number, form in enumerate(formset.forms, start=1):
        if formset.can_delete and formset._should_delete_form(form):
            form._errors = ErrorDict(renderer=form.renderer)  # a row being removed is not checked
            continue
        mark_bad_cells(form)
        cells = [field for _, field in form.grid_cells()]
        for name, errors in form.errors.items():
            cell = next((f for f in cells if f.name == name), cells[0])
            links += [(cell.auto_id, f"Row {number}: {error}") for error in errors]
    return links
