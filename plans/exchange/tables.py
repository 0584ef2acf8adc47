"""The plan's tables as parts of the file: rows_part makes one from a table's entry in
plans.registry (budget lines, workforce, contracts, carbon, forward plan, contacts, …),
with its figures per year; and the rows of the sections' own tables."""

from plans.exchange.context import ImportContext, Part, Saver
from plans.exchange.values import _build, _list, _values, _year_rows
from plans.models import Plan, TableRow
from plans.models.plan import SectionKind
from plans.registry import BY_PREFIX, PlanTable


def rows_part(table: PlanTable) -> Part:
    """A part that is one of the plan's tables, with its figures per year if it has them."""
    names, figures = table.file_fields, table.figures

    def export(plan: Plan) -> list:
        rows = []
        for record in table.rows(plan):
            row = _values(record, names)
            if figures:
                row[figures.relation] = [
                    _values(child, ["year", *figures.keys, figures.value, *figures.also])
                    for child in getattr(record, figures.relation).order_by("year", *figures.keys)
                ]
            rows.append(row)
        return rows

    def prepare(raw, ctx: ImportContext, where: str) -> list[Saver]:
        pairs = []
        for index, item in enumerate(_list(raw, where, ctx)):
            here = f"{where}[{index}]"
            extra = {figures.relation} if figures else None
            record = _build(table.model, item, names, here, ctx, extra=extra)
            children = []
            if figures and isinstance(item, dict):
                children = _year_rows(
                    item.get(figures.relation),
                    figures.model,
                    figures.value,
                    f"{here}.{figures.relation}",
                    ctx,
                    extra_names=figures.keys if ctx.version >= figures.keys_since else (),
                    years=getattr(ctx, figures.years),
                    also=figures.also,
                )
            if record is not None:
                pairs.append((record, children))

        def save(plan: Plan) -> None:
            for record, children in pairs:
                record.plan = plan
                record.save()
                for child in children:
                    setattr(child, figures.parent, record)
                    child.save()

        return [save]

    return Part(table.file_key, export, prepare, since=table.file_since)


TABLE_ROW_FIELDS = BY_PREFIX["rows"].file_fields


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
