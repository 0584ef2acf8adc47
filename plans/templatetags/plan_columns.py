"""The columns of a section's table as its council lays them out (plans/columns.py).

{% load plan_columns %}
{% with columns=section|columns:"contracts" %}…{% endwith %}
{% year_column_label column forloop.counter0 year_label %}
"""

from django import template
from django.utils.safestring import mark_safe

from plans.columns import (
    ACTION_DETAILS,
    PARTS_KEY,
    TABLES,
    Column,
    chosen,
    has_header,
    prints,
    prints_empty_total,
    shown_columns,
    tables_of,
    total_label,
)

register = template.Library()


@register.filter
def columns(section, table_name: str) -> list[Column]:
    """The section's columns for the table; the default ones where there is no section (the
    risk register's own page)."""
    return shown_columns(getattr(section, "columns", None), table_name)


@register.simple_tag
def year_column_label(column: Column, index: int, year_label: str, unit: str = "") -> str:
    return column.year_label(index, year_label, unit)


@register.filter
def has_column(columns: list[Column], key: str) -> bool:
    return any(column.key == key for column in columns)


@register.simple_tag
def cell(column: Column):
    """Opens a body cell: the column that names the row is its header."""
    numeric = " app-numeric" if column.numeric else ""
    if column.fixed:
        return mark_safe(f'<th scope="row" class="govuk-table__header{numeric}">')  # noqa: S308
    return mark_safe(f'<td class="govuk-table__cell{numeric}">')  # noqa: S308


@register.simple_tag
def end_cell(column: Column):
    return mark_safe("</th>" if column.fixed else "</td>")  # noqa: S308


@register.filter
def has_tables(section) -> bool:
    """Whether the section prints a table whose columns the council can lay out."""
    return bool(tables_of(section.kind))


SCORES = {"inherent": "any_inherent", "residual": "any_residual"}


@register.simple_tag
def scored_columns(section, summary, pdf=False) -> list[Column]:
    """The risk table's columns; in print, less those of a score no open risk has (a column
    of empty cells is not something the council wrote)."""
    shown = shown_columns(getattr(section, "columns", None), "risks")
    if not pdf:
        return shown
    return [
        column
        for column in shown
        if not any(
            column.key.startswith(score) and not getattr(summary, flag)
            for score, flag in SCORES.items()
        )
    ]


@register.filter
def chosen_table(section, table_name: str) -> bool:
    """Whether the section's layout names the table: an optional one prints only then."""
    return chosen(getattr(section, "columns", None), table_name)


@register.filter
def action_detail(action, name: str):
    """One of an action's other fields (plans.columns.ACTION_DETAILS), for its column."""
    return getattr(action, name) if name in ACTION_DETAILS else ""


@register.simple_tag
def objective_links(objective, column: Column, pdf=False) -> list[tuple[str, str]]:
    """What an objective prints under its heading of the corporate priorities and objectives
    it serves, as (label, text) lines headed by the card layout's column 'objective_links'
    (plans/columns.py): the label before `|` heads the priorities, the one after it the
    objectives, and a single label heads them both on one line. The page says "none" where
    no priority is linked; print says nothing the council did not enter."""
    priorities = ", ".join(str(priority) for priority in objective.priorities.all())
    objectives = "; ".join(str(corporate) for corporate in objective.corporate_objectives.all())
    labels = column.labels
    if len(labels) == 1:
        text = "; ".join(words for words in (priorities, objectives) if words)
        lines = [(labels[0], text or ("" if pdf else "none"))]
    else:
        lines = [(labels[0], priorities or ("" if pdf else "none")), (labels[1], objectives)]
    return [(_labelled(label), text) for label, text in lines if text]


def _labelled(label: str) -> str:
    # "Corporate priorities: …"; a label the council typed with its own colon keeps just it,
    # and one left blank ("Theme |") heads nothing.
    return label if not label or label.endswith(":") else f"{label}:"


@register.filter
def card_row(card, key: str) -> str:
    """What an action card's row prints (plans.document.ActionCard.row)."""
    return card.row(key)


@register.filter
def section_prints(section, part_name: str) -> bool:
    """Whether the section prints this part of its kind (plans.columns.PARTS)."""
    return prints(getattr(section, "columns", None), part_name)


@register.filter
def prints_several(section) -> bool:
    """Whether the section prints more than one part of its kind: each then has a heading.
    A section printing one part (the skills table) has its own title for it."""
    parts = (getattr(section, "columns", None) or {}).get(PARTS_KEY)
    return parts is None or len(parts) > 1


@register.filter
def objectives_in(part, section):
    """The objectives, with their actions, of the action list this section prints."""
    return part.objectives_in(section)


@register.filter
def cards_in(part, section):
    """The actions of the action list this section prints, objective by objective."""
    return part.cards_in(section)


@register.filter
def rows_in(part, section):
    """The rows of the section's own table (a section of the kind 'table')."""
    return part.rows_in(section)


@register.filter
def cell_of(row, key: str) -> str:
    """A row's text in one of the columns of a section's own table."""
    return getattr(row, key) if TABLES["table"].column(key) else ""


@register.filter
def header_shown(section, table_name: str) -> bool:
    """Whether the table prints its header row (a table of labels and values does not)."""
    return has_header(getattr(section, "columns", None), table_name)


@register.filter
def total_row_label(section, table_name: str) -> str:
    """The label of the table's total row, in the council's words."""
    return total_label(getattr(section, "columns", None), table_name)


@register.filter
def empty_total_prints(section, table_name: str) -> bool:
    """Whether the table prints its total row when no row has a figure to add up."""
    return prints_empty_total(getattr(section, "columns", None), table_name)


@register.filter
def area_figures(row, category: str) -> list:
    """A service area's figures in one category of budget lines, one per budget column."""
    return row.figures.get(category, [])


@register.filter
def area_totals(table, category: str) -> list:
    """The totals of one category of the budget lines as one table."""
    return table.totals(category)
