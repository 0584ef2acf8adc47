"""
The columns of a plan's tables, and each council's wording, order and choice of them.

Every table a section prints is in TABLES with the columns it can show, in their default
order and wording (plans/printed.py): the plan's own tables come from their entries in
plans/registry.py, the others are listed here. A template section (and the plan sections made from it) keeps its own
layout in `columns`: for each of its tables, the columns it shows, in order, each with the
council's label where it differs. A table the layout does not name shows its default
columns. The part templates print `section|columns:"<table>"` (plans/templatetags).
"""

from dataclasses import replace

from django.db import transaction
from django.db.models import Q
from django.utils.text import capfirst

from plans.models.actions import Action
from plans.models.plan import Plan, Section, SectionKind, TemplateSection
from plans.printed import Column, Table
from plans.registry import TABLES as REGISTERED

MAX_LABEL = 300  # a council header can be a whole question (Spelthorne: 211 characters)
# An action's other fields, in the order its measure card lists them (plans/document.py).
ACTION_DETAILS = [
    "measure", "baseline", "links", "data_source", "reporting_frequency", "measured_by",
    "processes", "reporting_timescale", "resources", "risks", "savings", "cross_service",
    "statutory", "business_case", "committee",
]  # fmt: skip


def action_label(name: str) -> str:
    return capfirst(Action._meta.get_field(name).verbose_name)


C = Column
# Every printed table, by name: the plan's own tables with their entries in plans.registry,
# then those printed from other records (the workflow's, the service's indicators and
# risks, the actions).
TABLES = {
    **{table.name: table for entry in REGISTERED for table in entry.printed},
    **{
        table.name: table
        for table in [
            Table(
                "versions",
                "Version control",
                SectionKind.VERSIONS,
                (
                    C("number", "Version", "app-w-10", fixed=True),
                    C("date", "Date", "app-w-12"),
                    C("reason", "Reason for update or significant changes"),
                    C("made_by", "Made by", "app-w-18"),
                    C("reviewer", "Reviewer", "app-w-18"),
                ),
            ),
            Table(
                "sign_off",
                "Sign-off",
                SectionKind.SIGN_OFF,
                (
                    C("title", "Sign-off", "app-w-20", fixed=True),
                    C("signed_by", "Signed by", "app-w-20"),
                    C("date", "Date", "app-w-12"),
                    C("comment", "Comments"),
                ),
            ),
            Table(
                "indicators",
                "Performance indicators",
                SectionKind.KPIS,
                (
                    C("reference", "Ref", "app-w-8", fixed=True),
                    C("title", "Description", "app-w-30"),
                    C("owner", "Owner", "app-w-12", shown=False),
                    C("frequency", "Time period", "app-w-10", shown=False),
                    C("baseline", "Baseline", "app-w-10", numeric=True, shown=False),
                    C("last_actual", "{year} actual", numeric=True),
                    C("targets", "{year} target", numeric=True, per_year=True),
                    C("latest", "Latest result", "app-w-10", numeric=True),
                    C("rating", "Rating", "app-w-12"),
                ),
            ),
            Table(
                "risks",
                "Open risks",
                SectionKind.RISKS,
                (
                    C("reference", "Ref", "app-w-5"),
                    C("title", "Risk", "app-w-22", fixed=True),
                    C("category", "Category", "app-w-10", shown=False),
                    C("owner", "Owner", "app-w-10"),
                    C("inherent", "Inherent (L × I)", "app-w-9"),
                    C("inherent_likelihood", "Inherent likelihood", "app-w-7", shown=False),
                    C("inherent_impact", "Inherent impact", "app-w-7", shown=False),
                    C("inherent_score", "Inherent score", "app-w-7", shown=False),
                    C("controls", "Existing controls"),
                    C("residual", "Residual (L × I)", "app-w-9"),
                    C("residual_likelihood", "Residual likelihood", "app-w-7", shown=False),
                    C("residual_impact", "Residual impact", "app-w-7", shown=False),
                    C("residual_score", "Residual score", "app-w-7", shown=False),
                    C("further_actions", "Further actions", shown=False),
                    C("trend", "Trend", "app-w-7"),
                    C("review_date", "Review date", "app-w-9"),
                ),
            ),
            Table(
                "actions",
                "Actions as a table (instead of cards)",
                SectionKind.ACTIONS,
                (
                    C("reference", "Ref", "app-w-5"),
                    C("title", "Action", "app-w-25", fixed=True),
                    C("objective", "Service objective", "app-w-15", shown=False),
                    C("responsible", "Responsible", "app-w-12"),
                    C("target", "Target / by when", "app-w-10"),
                    C("priorities", "Corporate priorities", "app-w-12"),
                    C("status", "Status", "app-w-9", shown=False),
                    C("latest", "Latest progress", shown=False),
                    # The latest report's note alone, as a plan's 'Actual' column prints it.
                    C("latest_note", "Latest progress note, without its quarter", shown=False),
                    *(C(name, action_label(name), shown=False) for name in ACTION_DETAILS),
                ),
                optional=True,
                question="How are the actions printed?",
                answers=("As cards, one for each", "As a table"),
            ),
            Table(
                "action_cards",
                "Actions as cards: each card's rows",
                SectionKind.ACTIONS,
                (
                    # Two lines under each objective's heading, in the council's words.
                    C(
                        "objective_links",
                        "Corporate priorities | Corporate objectives",
                        note="Printed under each objective's heading, not in its cards. The label "
                        "before | heads the corporate priorities the objective serves, the one "
                        "after it its corporate objectives; a single label heads them both, on one "
                        "line.",
                    ),
                    C("target", "Target"),
                    C("responsible", "Responsible"),
                    C("owner", "Owner"),
                    C("co_owners", "Co-owners"),
                    # The co-owners typed as words, printed beside a typed 'who is responsible'
                    # too (the people of the council are not).
                    C("other_owners", "Other co-owners, as typed", shown=False),
                    C("priorities", "Corporate priorities"),
                    *(C(name, action_label(name)) for name in ACTION_DETAILS),
                ),
            ),
            Table(
                "appetite_scale",
                "Risk appetite scale",
                SectionKind.RISKS,
                (
                    C("category", "Appetite category", "app-w-20", fixed=True),
                    C("description", "Appetite description"),
                ),
            ),
            Table(
                "matrix_key",
                "Scoring key",
                SectionKind.RISKS,
                (
                    C("impact", "Impact score", "app-w-25", fixed=True),
                    C("likelihood", "Likelihood score", "app-w-25"),
                ),
            ),
            Table(
                "appetite",
                "Risk appetite",
                SectionKind.RISKS,
                (
                    C("area", "Area", "app-w-25", fixed=True),
                    C("level", "Appetite", "app-w-15"),
                    C("reason", "Why"),
                ),
            ),
        ]
    },
}
del C


# What a section of a kind may print, when a template has more than one section of the kind
# (the budget lines in one, the growth bids in another): a layout's "parts" names those it
# prints, in the kind's order; without it a section prints them all.
PARTS_KEY = "parts"
PARTS = {
    SectionKind.BUDGET: [("budget_lines", "Budget lines"), ("growth_bids", "Growth bids")],
    SectionKind.WORKFORCE: [
        ("single_points", "Single points of failure"),
        ("skills", "Skills and qualifications"),
        ("org_chart", "Organisation chart"),
    ],
    SectionKind.KPIS: [
        ("key", "Key performance indicators"),
        ("service", "Service performance indicators"),
        ("trends", "Trend charts (in print)"),
    ],
    SectionKind.RISKS: [
        ("appetite_scale", "The council's appetite scale, described (only when ticked)"),
        ("appetite", "Risk appetite"),
        ("risks", "Open risks"),
        ("heat_maps", "Heat maps"),
        ("above_appetite", "Risks above appetite"),
        ("matrix_key", "The matrix's scoring key (only when chosen)"),
    ],
    SectionKind.ACTIONS: [
        ("glance", "Delivery at a glance"),
        ("objectives", "Objectives and actions"),
        ("projects", "Projects"),
    ],
}
ALL_PARTS = {name for parts in PARTS.values() for name, _ in parts}
# Parts added after councils laid out their sections: printed only where a layout names them,
# so that a plan printed before prints the same.
OPT_IN_PARTS = {"appetite_scale", "matrix_key"}


# Tables printed without their header row where a layout lists them here: a table of labels
# and values (document control) has its labels in its first column.
NO_HEADER_KEY = "no_header"
HEADER_OPTIONAL = {"table"}


def has_header(layout: dict | None, table_name: str) -> bool:
    return table_name not in (layout or {}).get(NO_HEADER_KEY, [])


# Tables whose total row is the council's to word, and to leave out when there is nothing to
# total (no row has a figure): each with its default label. Spelthorne prints an empty 'Total
# carbon reduction' row under initiatives still 'TBC'; other councils print none. A layout
# lists under NO_EMPTY_TOTAL_KEY the tables that leave it out, and keeps under
# TOTAL_LABELS_KEY the labels that are not the default.
TOTAL_ROWS = {"carbon": "Total carbon reduction"}
NO_EMPTY_TOTAL_KEY = "no_empty_total"
TOTAL_LABELS_KEY = "total_labels"


def prints_empty_total(layout: dict | None, table_name: str) -> bool:
    """Whether the table prints its total row when no row has a figure (it does, unless the
    layout says not: plans printed before the choice print as they did)."""
    return table_name not in (layout or {}).get(NO_EMPTY_TOTAL_KEY, [])


def total_label(layout: dict | None, table_name: str) -> str:
    """The label of the table's total row, in the council's words."""
    return (layout or {}).get(TOTAL_LABELS_KEY, {}).get(table_name) or TOTAL_ROWS[table_name]


def prints(layout: dict | None, part_name: str) -> bool:
    """Whether a section with this layout prints the part (every part, unless it says; an
    opt-in part only when it says)."""
    parts = (layout or {}).get(PARTS_KEY)
    if parts is None:
        return part_name not in OPT_IN_PARTS
    return part_name in parts


def tables_of(kind: str) -> list[Table]:
    """The tables a section of this kind prints, in the order it prints them."""
    return [table for table in TABLES.values() if table.kind == kind]


def chosen(layout: dict | None, table_name: str) -> bool:
    """Whether the layout names the table (an optional table prints only then)."""
    return bool((layout or {}).get(table_name))


def shown_columns(layout: dict | None, table_name: str) -> list[Column]:
    """The columns a section with this layout prints in the table, in order, as labelled."""
    table = TABLES[table_name]
    chosen = (layout or {}).get(table_name)
    if not chosen:
        return table.default
    columns = []
    for entry in chosen:
        column = table.column(entry.get("key", ""))
        if column is not None and column not in columns:
            label = entry.get("label") or column.label
            columns.append(replace(column, label=label))
    for column in table.columns:  # a fixed column is never lost, whatever the layout says
        if column.fixed and all(shown.key != column.key for shown in columns):
            columns.insert(0, column)
    return columns


def relabelled(layout: dict | None, table_name: str) -> dict[str, Column]:
    """The table's columns the layout shows under the council's own label, by key: what the
    grids head their columns with (plans/forms/action_grid.py, plans/views/indicator_grid.py)."""
    table = TABLES[table_name]
    labelled = {}
    for entry in (layout or {}).get(table_name) or []:
        column = table.column(entry.get("key", ""))
        if column is not None and entry.get("label") and entry["label"] != column.label:
            labelled.setdefault(column.key, replace(column, label=entry["label"]))
    return labelled


def layout_entry(column: Column, label: str) -> dict:
    """How a layout keeps a column: its key, and its label where it is not the default."""
    entry = {"key": column.key}
    if label and label != column.label:
        entry["label"] = label
    return entry


def clean_layout(layout) -> dict:
    """A layout as it may be stored: known tables and columns only, labels trimmed, no
    duplicate; a table left at its default is not kept. Raises ValueError otherwise."""
    if not isinstance(layout, dict):
        raise ValueError("A column layout is an object of tables.")
    cleaned = {}
    for table_name, entries in layout.items():
        if table_name == PARTS_KEY:
            cleaned[PARTS_KEY] = _clean_parts(entries)
            continue
        if table_name == NO_HEADER_KEY:
            if not isinstance(entries, list) or not set(entries) <= HEADER_OPTIONAL:
                raise ValueError("Only a section's own table can be printed without a header.")
            if entries:
                cleaned[NO_HEADER_KEY] = sorted(set(entries))
            continue
        if table_name == NO_EMPTY_TOTAL_KEY:
            if not isinstance(entries, list) or not all(
                isinstance(e, str) and e in TOTAL_ROWS for e in entries
            ):
                raise ValueError("Only the carbon table can leave out an empty total row.")
            if entries:
                cleaned[NO_EMPTY_TOTAL_KEY] = sorted(set(entries))
            continue
        if table_name == TOTAL_LABELS_KEY:
            labels = _clean_total_labels(entries)
            if labels:
                cleaned[TOTAL_LABELS_KEY] = labels
            continue
        table = TABLES.get(table_name)
        if table is None or not isinstance(entries, list):
            raise ValueError(f"There is no table called {table_name!r}.")
        kept, seen = [], set()
        for entry in entries:
            column = table.column(entry.get("key")) if isinstance(entry, dict) else None
            label = entry.get("label", "") if column else ""
            if column is None or column.key in seen or not isinstance(label, str):
                raise ValueError(f"The {table.title.lower()} table has no column {entry!r}.")
            if len(label) > MAX_LABEL:
                raise ValueError(f"A column label is at most {MAX_LABEL} characters.")
            seen.add(column.key)
            kept.append(layout_entry(column, label.strip()))
        if table.optional and not kept:
            raise ValueError(f"The {table.title.lower()} table needs at least one column.")
        if table.optional or kept != [{"key": column.key} for column in table.default]:
            cleaned[table_name] = kept
    return cleaned


# Where each table's rows are, from its plan: what a column being hidden would stop printing.
# The plan's own tables are in plans.registry; actions, indicators and risks are not.
ROWS = {
    **{
        name: table.rows
        for table in REGISTERED
        if not table.per_section
        for name in table.printed_in
    },
    "actions": lambda plan: plan.actions.all(),
    "action_cards": lambda plan: plan.actions.all(),
    "indicators": lambda plan: plan.service.indicators.all(),
    "risks": lambda plan: plan.service.risks.all(),
}
# Tables whose rows belong to one section of the plan, not to the plan as a whole.
SECTION_ROWS = {"table": lambda section: section.table_rows.all()}


def hidden_with_entries(
    plan: Plan, before: dict, after: dict, section: Section | None = None
) -> list[tuple[str, Column, int]]:
    """Columns printed before and not after (table, column), with how many of the plan's rows
    (of the section's own table, for such a table) have something in them: entries the
    council would stop seeing (they are kept)."""
    found = []
    for table_name in [*ROWS, *SECTION_ROWS]:
        if table_name in SECTION_ROWS and section is None:
            continue
        was = {column.key for column in shown_columns(before, table_name)}
        now = {column.key for column in shown_columns(after, table_name)}
        optional = TABLES[table_name].optional
        if optional and chosen(before, table_name) != chosen(after, table_name):
            continue  # cards or a table: the same entries, printed another way
        model_fields = None
        for column in TABLES[table_name].columns:
            if column.key not in was or column.key in now:
                continue
            rows = _rows(table_name, plan, section)
            if model_fields is None:
                model_fields = {f.name for f in rows.model._meta.concrete_fields}
            if column.key not in model_fields:
                continue  # made by the app (a total, a rating), not typed
            empty = Q(**{f"{column.key}__isnull": True})
            if rows.model._meta.get_field(column.key).get_internal_type() in TEXT_FIELDS:
                empty |= Q(**{column.key: ""})
            count = rows.exclude(empty).count()
            if count:
                found.append((table_name, column, count))
    return found


TEXT_FIELDS = {"CharField", "TextField"}


def _rows(table_name: str, plan: Plan, section: Section | None):
    if table_name in SECTION_ROWS:
        return SECTION_ROWS[table_name](section)
    return ROWS[table_name](plan)


def _clean_total_labels(labels) -> dict:
    """The total rows' labels that are not the default, trimmed."""
    if not isinstance(labels, dict):
        raise ValueError("The labels of total rows are an object of tables.")
    cleaned = {}
    for table_name, label in labels.items():
        if table_name not in TOTAL_ROWS or not isinstance(label, str):
            raise ValueError(f"The {table_name!r} table has no total row to label.")
        if len(label) > MAX_LABEL:
            raise ValueError(f"A total row's label is at most {MAX_LABEL} characters.")
        if label.strip() and label.strip() != TOTAL_ROWS[table_name]:
            cleaned[table_name] = label.strip()
    return cleaned


def _clean_parts(parts) -> list[str]:
    if not isinstance(parts, list) or not parts:
        raise ValueError("The parts a section prints are a list of at least one.")
    if any(not isinstance(name, str) or name not in ALL_PARTS for name in parts):
        raise ValueError(f"A section prints only these parts: {', '.join(sorted(ALL_PARTS))}.")
    return list(dict.fromkeys(parts))


def plans_sections(section: TemplateSection):
    """The same section (kind and title) of the plans made from the template and not yet
    published: those a template layout may be given to."""
    return Section.objects.filter(
        plan__template_id=section.template_id,
        kind=section.kind,
        title=section.title,
        plan__status__in=[s for s in Plan.Status.values if s != Plan.Status.PUBLISHED],
    )


def hidden_in_plans(section: TemplateSection, layout: dict) -> list[tuple[str, Column, int]]:
    """hidden_with_entries over every plan the template's layout would be given to: the
    columns with entries that would stop printing, and how many rows in all."""
    counts: dict[tuple[str, str], list] = {}
    for plan_section in plans_sections(section).select_related("plan"):
        for table, column, count in hidden_with_entries(
            plan_section.plan, plan_section.columns, layout, plan_section
        ):
            counts.setdefault((table, column.key), [table, column, 0])[2] += count
    return [tuple(found) for found in counts.values()]


@transaction.atomic
def save_template_columns(section: TemplateSection, layout: dict, options: dict) -> int:
    """Keeps the template's layout; with `apply_to_plans`, gives it to the same section of
    the plans made from the template and not yet published (plans_sections). Returns how
    many plans changed."""
    section.columns = layout
    section.save(update_fields=["columns"])
    if not options.get("apply_to_plans"):
        return 0
    changed = 0
    for plan_section in plans_sections(section).select_for_update():
        if plan_section.columns != layout:
            plan_section.columns = layout
            plan_section.save(update_fields=["columns"])
            changed += 1
    return changed
