"""Plain tables of the plan as parts: _rows_part makes one from a relation and its fields
(budget lines, workforce, contracts, carbon, forward plan, contacts, listed in parts.py),
optionally with figures per year; and the rows of the sections' own tables."""

from plans.exchange.context import ImportContext, Part, Saver
from plans.exchange.values import _build, _list, _values, _year_rows
from plans.models import Plan, TableRow
from plans.models.plan import SectionKind
from plans.models.tables import TABLE_CELLS, cell_name


def _rows_part(
    key, relation, model, names, figures=None, since_4=(), years_of=None, figure_also=()
):
    """A part that is a plain table of the plan, optionally with a figure per year.

    `since_4` names the figures' fields added in format version 4 (a budget's column),
    `years_of(ctx)` the years its figures may have when not just the plan's, and
    `figure_also` the figures' optional fields (a carbon saving's text as printed)."""

    def export(plan: Plan) -> list:
        rows = []
        for record in getattr(plan, relation).all():
            row = _values(record, names)
            if figures:
                child_relation, _, value_name = figures
                row[child_relation] = [
                    _values(child, ["year", *since_4, value_name, *figure_also])
                    for child in getattr(record, child_relation).order_by("year", *since_4)
                ]
            rows.append(row)
        return rows

    def prepare(raw, ctx: ImportContext, where: str) -> list[Saver]:
        pairs = []
        for index, item in enumerate(_list(raw, where, ctx)):
            here = f"{where}[{index}]"
            extra = {figures[0]} if figures else None
            record = _build(model, item, names, here, ctx, extra=extra)
            children = []
            if figures and isinstance(item, dict):
                child_relation, child_model, value_name = figures
                children = _year_rows(
                    item.get(child_relation),
                    child_model,
                    value_name,
                    f"{here}.{child_relation}",
                    ctx,
                    extra_names=since_4 if ctx.version >= 4 else (),
                    years=years_of(ctx) if years_of else None,
                    also=figure_also,
                )
            if record is not None:
                pairs.append((record, children))

        def save(plan: Plan) -> None:
            for record, children in pairs:
                record.plan = plan
                record.save()
                if figures:
                    parent_name = child_fk(figures[1])
                    for child in children:
                        setattr(child, parent_name, record)
                        child.save()

        return [save]

    return Part(key, export, prepare)


def child_fk(model) -> str:
    """The name of the foreign key from a yearly row to its parent row."""
    return next(f.name for f in model._meta.fields if f.is_relation)


TABLE_ROW_FIELDS = ["position", *(cell_name(index) for index in range(1, TABLE_CELLS + 1))]


def export_table_rows(plan: Plan) -> list:
    """The rows of the sections' own tables, each naming its section by title."""
    rows = []
    for record in plan.tablerows.select_related("section").order_by(
        "section__position", "position", "pk"
    ):
        rows.append({"section": record.section.title, **_values(record, TABLE_ROW_FIELDS)})
    return rows


def prepare_table_rows(raw, ctx: ImportContext, where: str) -> list[Saver]:
    prepared = []
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        record = _build(TableRow, item, TABLE_ROW_FIELDS, here, ctx, extra={"section"})
        if record is None or not isinstance(item, dict):
            continue
        title = item.get("section")
        if title not in ctx.own_tables:
            ctx.error(f"{here}.section", f"{str(title)[:200]!r} is not a section of this file "
                      "with its own table")  # fmt: skip
            continue
        prepared.append((record, title))

    def save(plan: Plan) -> None:
        sections = {s.title: s for s in plan.sections.filter(kind=SectionKind.TABLE)}
        for record, title in prepared:
            record.plan, record.section = plan, sections[title]
            record.save()

    return [save]


BUDGET_LINE_FIELDS = ["position", "category", "cost_centre", "description", "notes"]
SPOF_FIELDS = [
    "position", "post", "succession_plan", "risks_skills", "knowledge_networks", "impact",
    "future_options",
]  # fmt: skip
CONTRACT_FIELDS = [
    "position", "title", "service_area", "contact", "description", "supplier", "value",
    "start_date", "end_date", "review_date", "extension_option",
]  # fmt: skip
FORWARD_FIELDS = [
    "position", "decision_date", "decision_text", "item", "service_area", "member_champion",
    "committee", "key_decision",
]  # fmt: skip
