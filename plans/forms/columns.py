"""The column layout of a section's tables: for each column, its label, whether it prints
and where (plans/columns.py). One form for every table of the section."""

from crispy_forms_gds.helper import FormHelper
from django import forms

from plans.columns import (
    HEADER_OPTIONAL,
    MAX_LABEL,
    NO_EMPTY_TOTAL_KEY,
    NO_HEADER_KEY,
    PARTS,
    PARTS_KEY,
    TOTAL_LABELS_KEY,
    TOTAL_ROWS,
    Column,
    Table,
    chosen,
    has_header,
    layout_entry,
    prints,
    prints_empty_total,
    shown_columns,
    tables_of,
    total_label,
)

MAX_ORDER = 99


class ColumnLayoutForm(forms.Form):
    """Fields `<table>__<column>__label`, `…__shown` and `…__order` for each column."""

    def __init__(self, *args, kind: str, layout: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()  # the error summary reads it; the page lays the form out
        self.helper.form_tag = False
        self.layout = layout
        self.tables = []
        self.part_choices = PARTS.get(kind, [])
        if len(self.part_choices) > 1:
            names = [name for name, _ in self.part_choices]
            self.fields[PARTS_KEY] = forms.MultipleChoiceField(
                label="What does this section print?",
                help_text="When the template has more than one section of this kind, each "
                "prints its own: the budget lines in one, the growth bids in another.",
                choices=self.part_choices,
                initial=[name for name in names if prints(layout, name)],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": "Choose at least one thing this section prints"},
            )
        for table in tables_of(kind):
            choices = []  # how the table prints, each a set of radios before its columns
            if table.optional:
                choices.append(self._choice(
                    f"{table.name}__print",
                    table.question,
                    [("cards", table.answers[0]), ("table", table.answers[1])],
                    "table" if chosen(layout, table.name) else "cards",
                ))  # fmt: skip
            if table.name in HEADER_OPTIONAL:
                choices.append(self._choice(
                    f"{table.name}__header",
                    "Does the table have a header row?",
                    [
                        ("shown", "Yes: the columns' labels head the table"),
                        ("none", "No: the first column labels each row, as in a document "
                         "control table (Version: V3, Reviewer: …)"),
                    ],
                    "shown" if has_header(layout, table.name) else "none",
                ))  # fmt: skip
            if table.name in TOTAL_ROWS:
                choices += self._total_row(table, layout)
            rows = self._rows(table, shown_columns(layout, table.name))
            self.tables.append((table, rows, choices))

    def _choice(self, name: str, label: str, choices: list, initial: str):
        # Not posted (a page from before the question): the first answer, as before it.
        self.fields[name] = forms.ChoiceField(
            label=label, choices=choices, initial=initial, widget=forms.RadioSelect, required=False
        )
        return self[name]

    def _total_row(self, table: Table, layout: dict) -> list:
        """The total row's label, and whether it prints when there is nothing to total."""
        default = TOTAL_ROWS[table.name]
        name = f"{table.name}__total_label"
        self.fields[name] = forms.CharField(
            label="Label of the total row",
            help_text=f"Left blank, the row is labelled ‘{default}’.",
            max_length=MAX_LABEL,
            required=False,
            initial=total_label(layout, table.name),
            error_messages={
                "max_length": f"The label of the total row must be {MAX_LABEL} characters or fewer"
            },
        )
        empty = self._choice(
            f"{table.name}__empty_total",
            "When no row has a figure to add up, does the table print its total row?",
            [
                ("shown", "Yes: the total row prints with its figures blank"),
                ("none", "No: the table ends with its last row"),
            ],
            "shown" if prints_empty_total(layout, table.name) else "none",
        )
        return [self[name], empty]

    def _rows(self, table: Table, shown: list[Column]) -> list[dict]:
        """The table's columns, those shown first in their order, each with its three fields."""
        labels = {column.key: column.label for column in shown}
        ordered = [table.column(column.key) for column in shown]
        ordered += [column for column in table.columns if column.key not in labels]
        rows = []
        for position, column in enumerate(ordered, start=1):
            name = f"{table.name}__{column.key}"
            is_shown = column.key in labels
            self.fields[f"{name}__label"] = forms.CharField(
                label=f"Label of the column ‘{column.label}’",
                help_text="Left blank, the column keeps this label.",
                max_length=MAX_LABEL,
                required=False,
                initial=labels.get(column.key, column.label),
            )
            self.fields[f"{name}__shown"] = forms.BooleanField(
                label=f"Print the column ‘{column.label}’",
                required=False,
                initial=is_shown or column.fixed,
                disabled=column.fixed,
            )
            self.fields[f"{name}__order"] = forms.IntegerField(
                label=f"Position of the column ‘{column.label}’",
                min_value=1,
                max_value=MAX_ORDER,
                required=False,  # a column without a position goes after those with one
                initial=position,
                error_messages={
                    "invalid": f"Enter the position of ‘{column.label}’ as a whole number",
                    "min_value": f"The position of ‘{column.label}’ must be 1 or more",
                    "max_value": f"The position of ‘{column.label}’ must be {MAX_ORDER} or less",
                },
            )
            rows.append(
                {
                    "column": column,
                    "label": self[f"{name}__label"],
                    "shown": self[f"{name}__shown"],
                    "order": self[f"{name}__order"],
                }
            )
        return rows

    def layout_value(self) -> dict:
        """The layout to keep: every table's shown columns in order, with their labels, and
        the parts the section prints when not all."""
        layout = {}
        chosen_parts = self.cleaned_data.get(PARTS_KEY)
        by_default = {name for name, _ in self.part_choices if prints(None, name)}
        if chosen_parts and set(chosen_parts) != by_default:
            layout[PARTS_KEY] = [name for name, _ in self.part_choices if name in chosen_parts]
        headerless = [
            table.name
            for table, _, _ in self.tables
            if self.cleaned_data.get(f"{table.name}__header") == "none"
        ]
        if headerless:
            layout[NO_HEADER_KEY] = headerless
        tables = [table.name for table, _, _ in self.tables if table.name in TOTAL_ROWS]
        no_empty_total = [
            name for name in tables if self.cleaned_data.get(f"{name}__empty_total") == "none"
        ]
        if no_empty_total:
            layout[NO_EMPTY_TOTAL_KEY] = no_empty_total
        labels = {
            name: self.cleaned_data.get(f"{name}__total_label", "").strip() for name in tables
        }
        labels = {
            name: label for name, label in labels.items() if label not in ("", TOTAL_ROWS[name])
        }
        if labels:
            layout[TOTAL_LABELS_KEY] = labels
        for table, rows, _ in self.tables:
            if table.optional and self.cleaned_data.get(f"{table.name}__print") != "table":
                continue
            shown = []
            for index, row in enumerate(rows):
                column, name = row["column"], f"{table.name}__{row['column'].key}"
                if column.fixed or self.cleaned_data.get(f"{name}__shown"):
                    order = self.cleaned_data[f"{name}__order"] or MAX_ORDER + 1
                    label = self.cleaned_data[f"{name}__label"].strip()  # blank: the default
                    shown.append((order, index, layout_entry(column, label)))
            entries = [entry for _, _, entry in sorted(shown, key=lambda item: item[:2])]
            if table.optional or entries != [{"key": column.key} for column in table.default]:
                layout[table.name] = entries
        return layout


class TemplateColumnLayoutForm(ColumnLayoutForm):
    """The template's layout, and whether plans not yet published take it too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["apply_to_plans"] = forms.BooleanField(
            label="Also lay out this section's tables this way in every plan not yet published",
            required=False,
        )
