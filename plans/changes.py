"""
"What changed" in a plan between two moments, read from the recorded history.

Every model of a plan keeps its history (django-simple-history). The state of a plan at a
moment is, for each record, its latest historical row up to that moment (gone if that row
is a deletion). Comparing two states gives, per section, the rows added, removed and
changed (field by field) and the lines of text added and removed.
"""

import datetime as dt
import difflib
from dataclasses import dataclass, field
from functools import partial

from django.utils.html import strip_tags
from django.utils.text import capfirst

from council.templatetags.formatting import number
from plans.models import (
    Action,
    Plan,
    Project,
    Section,
    SectionKind,
    ServiceObjective,
)
from plans.registry import TABLES, Figures

# The tables of a plan (plans.registry) and the actions' records: model, the section kind
# it shows in, and what a row is called.
RECORDS = [
    *((table.model, table.section_kind, table.noun) for table in TABLES if table.changes),
    (ServiceObjective, SectionKind.ACTIONS, "Objective"),
    (Action, SectionKind.ACTIONS, "Action"),
    (Project, SectionKind.ACTIONS, "Project"),
]


def _figure_value(figures: Figures, row):
    """A figure of a historical row: as printed when it can be words ('TBC', '12.5 t'), so a
    change of words shows as one of numbers."""
    value = getattr(row, figures.value)
    return (getattr(row, figures.printed) or number(value)) if figures.printed else value


# Figures per year of a row: model, the foreign key to its row, the row's model, the value.
FIGURES = [
    (table.figures.model, table.figures.parent, table.model, partial(_figure_value, table.figures))
    for table in TABLES
    if table.figures
]
IGNORED_FIELDS = {"id", "plan", "position"}


@dataclass
class Change:
    kind: str  # added, removed, changed, text
    what: str
    details: list[str] = field(default_factory=list)


@dataclass
class SectionChanges:
    title: str
    changes: list[Change]


def _latest(rows) -> dict:
    """The latest historical row per object id, without deleted objects."""
    latest = {}
    for row in rows:
        latest[row.id] = row
    return {pk: row for pk, row in latest.items() if row.history_type != "-"}


def _upto(queryset, until: dt.datetime | None):
    if until is not None:
        queryset = queryset.filter(history_date__lte=until)
    return queryset.order_by("history_date", "history_id")


def plan_state(plan: Plan, until: dt.datetime | None = None) -> dict:
    """The plan's sections and rows as they were at `until` (now when None)."""
    sections = _latest(_upto(Section.history.filter(plan_id=plan.pk), until))
    records = {}
    for model, _, _ in RECORDS:
        records[model] = _latest(_upto(model.history.filter(plan_id=plan.pk), until))
    figures = {}
    for model, parent_field, parent_model, value_field in FIGURES:
        parent_ids = list(
            parent_model.history.filter(plan_id=plan.pk).values_list("id", flat=True).distinct()
        )
        rows = _latest(_upto(model.history.filter(**{f"{parent_field}_id__in": parent_ids}), until))
        by_parent: dict = {}
        for row in rows.values():
            by_parent.setdefault(getattr(row, f"{parent_field}_id"), {})[row.year] = value_field(
                row
            )
        figures[parent_model] = by_parent
    return {"sections": sections, "records": records, "figures": figures}


def _values(model, row) -> dict:
    values = {}
    for model_field in model._meta.concrete_fields:
        if model_field.name in IGNORED_FIELDS:
            continue
        values[model_field.name] = getattr(row, model_field.attname)
    return values


def _display(model, name, value) -> str:
    model_field = model._meta.get_field(name)
    if value in (None, ""):
        return "blank"
    if model_field.is_relation:
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related else "(removed)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _row_changes(
    model, label, before: dict, after: dict, figures_before, figures_after
) -> list[Change]:
    changes = []
    for pk, row in after.items():
        name = f"{label}: {row.instance}"
        if pk not in before:
            changes.append(Change("added", name))
            continue
        old, new = _values(model, before[pk]), _values(model, row)
        details = [
            f"{capfirst(model._meta.get_field(f).verbose_name)}: {_display(model, f, old[f])} → {_display(model, f, new[f])}"
            for f in new
            if old[f] != new[f]
        ]
        old_figures, new_figures = figures_before.get(pk, {}), figures_after.get(pk, {})
        for year in sorted(set(old_figures) | set(new_figures)):
            if old_figures.get(year) != new_figures.get(year):
                label_year = f"{year}/{(year + 1) % 100:02d}"
                details.append(
                    f"{label_year}: {old_figures.get(year, 'blank')} → {new_figures.get(year, 'blank')}"
                )
        if details:
            changes.append(Change("changed", name, details))
    for pk, row in before.items():
        if pk not in after:
            changes.append(Change("removed", f"{label}: {row.instance}"))
    return changes


def _text_lines(html: str) -> list[str]:
    text = strip_tags(html.replace("</p>", "\n").replace("<br>", "\n").replace("</li>", "\n"))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _text_change(before: str, after: str) -> Change | None:
    if before == after:
        return None
    details = []
    for line in difflib.ndiff(_text_lines(before), _text_lines(after)):
        if line.startswith("+ "):
            details.append(f"Added: {line[2:]}")
        elif line.startswith("- "):
            details.append(f"Removed: {line[2:]}")
    return Change("text", "Text changed", details or ["Formatting changed"])


def plan_changes(
    plan: Plan, since: dt.datetime | None, until: dt.datetime | None = None
) -> list[SectionChanges]:
    """Per section, what changed between `since` (the beginning when None) and `until` (now)."""
    before = plan_state(plan, since) if since else {"sections": {}, "records": {}, "figures": {}}
    after = plan_state(plan, until)
    result = []
    for pk, section in sorted(
        after["sections"].items(), key=lambda item: (item[1].position, item[0])
    ):
        changes = []
        old_section = before["sections"].get(pk)
        if old_section is None and since is not None:
            changes.append(Change("added", "Section added"))
        if section.kind == SectionKind.NARRATIVE:
            text = _text_change(old_section.body if old_section else "", section.body)
            if text:
                changes.append(text)
        for model, kind, label in RECORDS:
            if kind != section.kind:
                continue
            changes += _row_changes(
                model,
                label,
                before["records"].get(model, {}),
                after["records"][model],
                before["figures"].get(model, {}),
                after["figures"].get(model, {}),
            )
        if changes:
            result.append(SectionChanges(f"{section.number} {section.title}".strip(), changes))
    for pk, section in before["sections"].items():
        if pk not in after["sections"]:
            result.append(SectionChanges(section.title, [Change("removed", "Section removed")]))
    return result
