"""
A plan as a JSON file: export it with every part, import it as a new draft plan.

The format is described in docs/plan-export-format.md. A file is a JSON object with
`format`, `format_version` and one key per part of the plan. Each part is a `Part`
below: a function that writes the part and one that checks it and prepares what to
save. Importing checks the whole file first and writes nothing when anything is wrong;
then it saves every part in one transaction.

To add a part, write its two functions and append it to PARTS (with the format version
that added it).

Indicators and risks belong to the service, not the plan: the file carries the service's
as context, and an import adds them only where the target has none with that code or
reference (see docs/plan-export-format.md).
"""

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils import timezone

from council import periods
from council.models import CorporatePriority, Objective, Service, User
from council.richtext import clean_html
from kpis import periods as kpi_periods
from kpis.models import Indicator, Result, Target
from plans.columns import clean_layout
from plans.forms.pictures import OrgChartForm, SectionFigureForm
from plans.models import (
    Action,
    BudgetAmount,
    BudgetLine,
    CarbonInitiative,
    CarbonSaving,
    Contract,
    ForwardPlanItem,
    GrowthBid,
    GrowthBidAmount,
    KeyContact,
    KeyIssue,
    Milestone,
    OrgChart,
    Plan,
    PriorityContribution,
    ProgressUpdate,
    Project,
    Section,
    SectionFigure,
    ServiceObjective,
    SignOff,
    SinglePointOfFailure,
    SkillRequirement,
    TableRow,
)
from plans.models.plan import ONCE_ONLY_KINDS, SectionKind
from plans.models.tables import TABLE_CELLS, cell_name
from risks.models import Risk
from risks.services import matrix_current

FORMAT = "serviceplans-plan"
FORMAT_VERSION = 5
# Versions this system reads: an older file simply has none of the parts and fields added
# since (version 2 added parts; version 3 added the priority links of indicators and risks;
# version 4 the plan's title, and the sections' levels and text after their tables; version
# 5 the rows of sections' own tables).
READABLE_VERSIONS = (1, 2, 3, 4, 5)
# A whole file, org chart included (5 MB of image is about 6.7 MB of base64).
MAX_FILE_BYTES = 20 * 1024 * 1024
# Text fields without a length in the database still get one in a file.
MAX_TEXT_CHARS = 100_000
MAX_ROWS_PER_TABLE = 5_000
# Numbers in a file say how much to make: each is checked before anything is built from it.
# Tables nest (objectives > actions > progress), so the whole file has a budget of rows too.
MAX_ROWS_PER_FILE = 50_000
# A plan covers 1 to 5 financial years (the plan_years_in_order constraint).
MAX_PLAN_YEARS = 5
# An export nests about 7 deep; whole numbers in it are years, positions and scores.
MAX_DEPTH = 20
MAX_INT_DIGITS = 20
# Enough problems to fix before trying again; the rest are counted, not kept.
MAX_ERRORS = 200
NOT_JSON = "The plan file must be a JSON file exported from a plan"


class PlanFileError(ValueError):
    """A file that cannot be read as a plan export at all; the message says why."""


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise PlanFileError(
            f"The plan file has a whole number {len(text):,} digits long; numbers in a plan "
            f"export have at most {MAX_INT_DIGITS} digits"
        )
    return int(text)


def _depth(data) -> int:
    """How deep lists and objects nest, walked without recursion (stops past MAX_DEPTH)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


def plan_file_load(raw: bytes):
    """The JSON of an uploaded plan file, or PlanFileError with a message a user can act on.

    Python's parser raises RecursionError on deep nesting and ValueError on very long whole
    numbers: both are a refusal here, never a crash."""
    if len(raw) > MAX_FILE_BYTES:
        raise PlanFileError(f"The plan file must be smaller than {MAX_FILE_BYTES // 1024**2} MB")
    try:
        data = json.loads(raw.decode("utf-8"), parse_int=_whole_number)
    except RecursionError:
        raise PlanFileError(
            f"The plan file nests lists or objects too deeply; a plan export nests at most "
            f"{MAX_DEPTH} deep"
        ) from None
    except PlanFileError:
        raise
    except (UnicodeDecodeError, ValueError):
        raise PlanFileError(NOT_JSON) from None
    if _depth(data) > MAX_DEPTH:
        raise PlanFileError(
            f"The plan file nests lists or objects too deeply; a plan export nests at most "
            f"{MAX_DEPTH} deep"
        )
    return data


class ImportContext:
    """What an import knows while it checks a file: the target service and the errors so far."""

    def __init__(self, service: Service, years: list[int], version: int = FORMAT_VERSION):
        self.service = service
        self.version = version
        self.council_id = service.directorate.council_id
        self.years = years
        # The budget may show years before the plan (version 4): set from the plan's head.
        self.budget_years = years
        self.bid_years = years
        self.errors: list[str] = []
        self.error_count = 0  # errors kept (up to MAX_ERRORS) and those only counted
        self.rows = 0  # rows of every table read so far, against MAX_ROWS_PER_FILE
        self.action_lists: list[str] = []  # titles of the file's actions sections
        self.own_tables: list[str] = []  # titles of the file's sections with their own table
        self.section_titles: list[str] = []
        # Things that were left out or left blank without refusing the file.
        self.notes: list[str] = []
        self._priorities: dict[str, CorporatePriority] | None = None
        self._users: dict[str, User] | None = None

    def error(self, where: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{where}: {message}")

    def all_errors(self) -> list[str]:
        hidden = self.error_count - len(self.errors)
        return self.errors + ([f"... and {hidden:,} more problems"] if hidden > 0 else [])

    def priority(self, title) -> CorporatePriority | None:
        if self._priorities is None:
            self._priorities = {
                p.title: p for p in CorporatePriority.objects.filter(council_id=self.council_id)
            }
        return self._priorities.get(title)

    def note(self, where: str, message: str) -> None:
        self.notes.append(f"{where}: {message}")

    def user(self, username, where: str) -> User | None:
        """A person of the target council by username; None (with a note) when there is none."""
        if username is None or username == "":
            return None
        if not isinstance(username, str):
            self.error(where, "must be a username (text) or null")
            return None
        if self._users is None:
            self._users = {u.username: u for u in User.objects.filter(council_id=self.council_id)}
        user = self._users.get(username)
        if user is None:
            self.note(where, f"{username[:150]!r} has no account in this council; left blank")
        return user


Saver = Callable[[Plan], None]


@dataclass(frozen=True)
class Part:
    """One key of the file: how to write it from a plan, and how to check and save it."""

    key: str
    export: Callable[[Plan], object]
    prepare: Callable[[object, ImportContext, str], list[Saver]]
    since: int = 1  # the format version that added the part


# --- Values in and out ----------------------------------------------------------------------


def _out(value):
    """A model value as JSON: money and figures as strings (exact), dates as ISO 8601."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _values(record, names) -> dict:
    return {name: _out(getattr(record, name)) for name in names}


def _in(model_field: models.Field, raw, where: str, ctx: ImportContext):
    """A JSON value checked against the type of a model field; None (with an error) if wrong."""
    if isinstance(model_field, models.BooleanField):
        if isinstance(raw, bool):
            return raw
        ctx.error(where, "must be true or false")
        return None
    if isinstance(model_field, models.DecimalField):
        if raw is None and model_field.null:
            return None
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            ctx.error(where, 'must be a number written as a string, like "1500.00"')
            return None
        try:
            number = Decimal(str(raw).strip())
        except ArithmeticError:
            ctx.error(where, f"{str(raw)[:40]!r} is not a number")
            return None
        if not number.is_finite():
            ctx.error(where, "must be a finite number (not NaN or Infinity)")
            return None
        return number
    if isinstance(model_field, models.DateField):
        if raw is None and model_field.null:
            return None
        if not isinstance(raw, str):
            ctx.error(where, "must be a date written as YYYY-MM-DD")
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            ctx.error(where, f"{raw[:40]!r} is not a real date (use YYYY-MM-DD)")
            return None
    if isinstance(model_field, models.PositiveSmallIntegerField | models.PositiveIntegerField):
        if raw is None and model_field.null:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0 or raw > 32767:
            ctx.error(where, "must be a whole number from 0 to 32767")
            return None
        return raw
    if model_field.name == "bid_printed_totals":
        try:
            model_field.run_validators(raw)
        except ValidationError as error:
            ctx.error(where, " ".join(error.messages))
            return {}
        return raw
    if isinstance(model_field, models.JSONField):  # a section's column layout
        try:
            return clean_layout(raw)
        except ValueError as error:
            ctx.error(where, str(error))
            return None
    # Text of any kind.
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        ctx.error(where, "must be text")
        return None
    if len(raw) > MAX_TEXT_CHARS:
        ctx.error(where, f"is too long ({len(raw)} characters; at most {MAX_TEXT_CHARS})")
        return None
    if "\x00" in raw:
        ctx.error(where, "contains a NUL character, which text cannot hold")
        return None
    return raw


def _list(raw, where: str, ctx: ImportContext) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        ctx.error(where, "must be a list")
        return []
    if len(raw) > MAX_ROWS_PER_TABLE:
        ctx.error(where, f"has {len(raw)} rows; at most {MAX_ROWS_PER_TABLE} can be imported")
        return []
    ctx.rows += len(raw)
    if ctx.rows > MAX_ROWS_PER_FILE:
        ctx.error(where, f"the file has more than {MAX_ROWS_PER_FILE:,} rows in all; at most "
                  f"{MAX_ROWS_PER_FILE:,} can be imported")  # fmt: skip
        return []
    return raw


def _build(model, raw, names, where: str, ctx: ImportContext, extra=None, exclude=(), parents=None):
    """An unsaved model instance from one JSON object, checked by the model's own rules.

    `parents` gives unsaved related objects that the model's clean() reads."""
    if not isinstance(raw, dict):
        ctx.error(where, "must be an object")
        return None
    allowed = set(names) | set(extra or {})
    for unknown in sorted(set(raw) - allowed):
        ctx.error(f"{where}.{unknown}", "is not a field this format knows")
    values = {}
    before = ctx.error_count
    for name in names:
        model_field = model._meta.get_field(name)
        if name not in raw:
            if model_field.has_default() or model_field.blank:
                continue
            ctx.error(f"{where}.{name}", "is missing")
            continue
        value = _in(model_field, raw[name], f"{where}.{name}", ctx)
        if value is not None or model_field.null:
            values[name] = value
    if ctx.error_count > before:
        return None
    instance = model(**values)
    for name, parent in (parents or {}).items():
        setattr(instance, name, parent)
    relations = [f.name for f in model._meta.fields if f.is_relation] + list(exclude)
    try:
        instance.full_clean(exclude=relations, validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            label = where if name == "__all__" else f"{where}.{name}"
            for message in messages:
                ctx.error(label, message)
        return None
    return instance


def _year_rows(raw, model, value_name, where, ctx, extra_names=(), years=None, also=()) -> list:
    """Figures per year of a row: each year must be one of the plan's years (or `years`),
    once for each value of `extra_names` (a budget's columns). `also` names the figure's
    other fields (its text as printed)."""
    years = ctx.years if years is None else years
    rows, seen = [], set()
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        row = _build(model, item, ["year", *extra_names, value_name, *also], here, ctx)
        if row is None:
            continue
        key = (row.year, *(getattr(row, name) for name in extra_names))
        if row.year not in years:
            ctx.error(
                f"{here}.year",
                f"{row.year} is not a year of the plan "
                f"({periods.range_label(years[0], years[-1])})",
            )
        elif key in seen:
            ctx.error(f"{here}.year", f"{periods.year_label(row.year)} is given twice")
        seen.add(key)
        rows.append(row)
    return rows


def _known_year(year, where: str, ctx: ImportContext) -> bool:
    """A year the system can have (pages list the periods from a KPI's first year to now)."""
    if year is not None and not periods.EARLIEST_YEAR <= year <= periods.LATEST_YEAR:
        ctx.error(where, f"{year} is not a financial year (years run from "
                  f"{periods.EARLIEST_YEAR} to {periods.LATEST_YEAR})")  # fmt: skip
        return False
    return True


def _save_all(instances, plan: Plan) -> None:
    for instance in instances:
        instance.plan = plan
        instance.save()


# --- The parts ------------------------------------------------------------------------------

SECTION_FIELDS = ["position", "number", "title", "guidance", "required", "kind", "body"]
# Version 4: how the budget prints (unit, years before the plan and their columns).
PLAN_BUDGET_FIELDS = [
    "budget_unit", "budget_prior_years", "budget_prior_columns", "budget_year_column",
]  # fmt: skip
# The growth bids' years after the plan, and their total row as the council printed it.
PLAN_BUDGET_FIELDS_SINCE_5 = ["bid_later_years", "bid_total_label", "bid_printed_totals"]
SECTION_FIELDS_SINCE_4 = ["level", "body_after", "columns"]


def export_sections(plan: Plan) -> list:
    names = SECTION_FIELDS + SECTION_FIELDS_SINCE_4
    return [_values(s, names) for s in plan.sections.order_by("position", "pk")]


def prepare_sections(raw, ctx: ImportContext, where: str) -> list[Saver]:
    sections, titles, kinds = [], set(), set()
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        names = SECTION_FIELDS + (SECTION_FIELDS_SINCE_4 if ctx.version >= 4 else [])
        section = _build(Section, item, names, here, ctx)
        if section is None:
            continue
        # Rich text from a file is sanitised like rich text typed in the editor.
        section.body = clean_html(section.body)
        section.body_after = "" if section.is_narrative else clean_html(section.body_after)
        if section.title in titles:
            ctx.error(f"{here}.title", f"the title {section.title!r} is used twice")
        if section.kind in ONCE_ONLY_KINDS and section.kind in kinds:
            ctx.error(f"{here}.kind", f"there is more than one {section.kind} section")
        titles.add(section.title)
        ctx.section_titles.append(section.title)
        kinds.add(section.kind)
        sections.append(section)
        if section.kind == SectionKind.ACTIONS:
            ctx.action_lists.append(section.title)
        if section.kind == SectionKind.TABLE:
            ctx.own_tables.append(section.title)
    if not sections and isinstance(raw, list):
        ctx.error(where, "a plan needs at least one section")
    return [lambda plan: _save_all(sections, plan)]


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


GROWTH_BID_FIELDS = [
    "position", "kind", "details", "reason", "cost_centre", "start_date", "end_date",
    "funding_received", "pid_required", "pid_reason", "procurement_involved",
    "procurement_reason",
]  # fmt: skip


def export_growth_bids(plan: Plan) -> list:
    rows = []
    for bid in plan.growthbids.select_related("priority"):
        row = _values(bid, GROWTH_BID_FIELDS)
        row["priority"] = bid.priority.title if bid.priority else None
        row["amounts"] = [_values(a, ["year", "amount"]) for a in bid.amounts.order_by("year")]
        rows.append(row)
    return rows


def prepare_growth_bids(raw, ctx: ImportContext, where: str) -> list[Saver]:
    pairs = []
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        bid = _build(GrowthBid, item, GROWTH_BID_FIELDS, here, ctx, extra={"priority", "amounts"})
        if not isinstance(item, dict):
            continue
        amounts = _year_rows(
            item.get("amounts"),
            GrowthBidAmount,
            "amount",
            f"{here}.amounts",
            ctx,
            years=ctx.bid_years,
        )
        title = item.get("priority")
        if bid is not None and title is not None:
            bid.priority = ctx.priority(title)
            if bid.priority is None:
                ctx.error(f"{here}.priority", f"{str(title)[:200]!r} is not a corporate priority "
                          "of this council")  # fmt: skip
        if bid is not None:
            pairs.append((bid, amounts))

    def save(plan: Plan) -> None:
        for bid, amounts in pairs:
            bid.plan = plan
            bid.save()
            for amount in amounts:
                amount.bid = bid
                amount.save()

    return [save]


def export_priorities(plan: Plan) -> list:
    return [
        {
            "position": c.position,
            "priority": c.priority.title,
            "objective": c.objective.title if c.objective else None,
            "contribution": c.contribution,
        }
        for c in plan.prioritycontributions.select_related("priority", "objective")
    ]


def prepare_priorities(raw, ctx: ImportContext, where: str) -> list[Saver]:
    contributions, seen = [], set()
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        record = _build(
            PriorityContribution,
            item,
            ["position", "contribution"],
            here,
            ctx,
            extra={"priority", "objective"},
        )
        if record is None:
            continue
        title, objective_title = item.get("priority"), item.get("objective")
        priority = ctx.priority(title)
        if priority is None:
            ctx.error(
                f"{here}.priority",
                f"{str(title)[:200]!r} is not a corporate priority of this council",
            )
            continue
        record.priority = priority
        if objective_title is not None:
            record.objective = Objective.objects.filter(
                priority=priority, title=objective_title
            ).first()
            if record.objective is None:
                ctx.error(
                    f"{here}.objective",
                    f"{str(objective_title)[:200]!r} is not an objective of {priority.title!r}",
                )
                continue
        key = (priority.pk, record.objective_id)
        if key in seen:
            ctx.error(here, "this plan already has a contribution to that objective")
        seen.add(key)
        contributions.append(record)
    return [lambda plan: _save_all(contributions, plan)]


def export_org_chart(plan: Plan):
    chart = OrgChart.objects.filter(plan=plan).first()
    return _export_picture(chart, {"alt_text": chart.alt_text} if chart else {})


def _export_picture(picture, fields: dict) -> dict | None:
    """A stored picture (an org chart, a section's figure) with its own fields, as base64."""
    if picture is None or not picture.image:
        return None
    with picture.image.open("rb") as image:
        data = image.read()
    return {
        **fields,
        "content_type": "image/png",
        "width": picture.width,
        "height": picture.height,
        "sha256": hashlib.sha256(data).hexdigest(),
        "data_base64": base64.b64encode(data).decode("ascii"),
    }


def prepare_org_chart(raw, ctx: ImportContext, where: str) -> list[Saver]:
    if raw is None:
        return []
    form = _picture_form(OrgChartForm, raw, ["alt_text"], where, ctx)
    if form is None:
        return []

    def save(plan: Plan) -> None:
        form.owner = plan
        form.save_picture()

    return [save]


def _picture_form(form_class, raw, names: list[str], where: str, ctx: ImportContext):
    """A picture's upload form, filled from the file and checked exactly as an upload in the
    browser (and re-encoded); None, with the errors noted, when it is refused."""
    if not isinstance(raw, dict) or not isinstance(raw.get("data_base64"), str):
        ctx.error(where, "must be null or an object with data_base64 and alt_text")
        return None
    # Four characters of base64 hold three bytes: refuse a long one before decoding it.
    if len(raw["data_base64"]) // 4 * 3 > settings.ORG_CHART_MAX_BYTES + 3:
        ctx.error(
            f"{where}.data_base64",
            f"the image is about {len(raw['data_base64']) // 4 * 3} bytes; "
            f"at most {settings.ORG_CHART_MAX_BYTES}",
        )
        return None
    try:
        data = base64.b64decode(raw["data_base64"], validate=True)
    except (binascii.Error, ValueError):
        ctx.error(f"{where}.data_base64", "is not valid base64")
        return None
    if len(data) > settings.ORG_CHART_MAX_BYTES:
        ctx.error(
            f"{where}.data_base64",
            f"the image is {len(data)} bytes; at most {settings.ORG_CHART_MAX_BYTES}",
        )
        return None
    values = {
        f"p-{name}": raw.get(name) if isinstance(raw.get(name), str) else "" for name in names
    }
    form = form_class(
        values,
        {"p-image": SimpleUploadedFile("picture", data)},
        instance=form_class._meta.model(),
        owner=None,
        prefix="p",
    )
    if not form.is_valid():
        for name, messages in form.errors.items():
            for message in messages:
                ctx.error(f"{where}.{'data_base64' if name == 'image' else name}", message)
        return None
    return form


def export_section_figures(plan: Plan) -> list:
    """The sections' pictures, each naming its section by title."""
    figures = SectionFigure.objects.filter(section__plan=plan).select_related("section")
    return [
        _export_picture(
            figure,
            {
                "section": figure.section.title,
                "caption": figure.caption,
                "alt_text": figure.alt_text,
            },
        )
        for figure in figures.order_by("section__position", "section__pk")
        if figure.image
    ]


def prepare_section_figures(raw, ctx: ImportContext, where: str) -> list[Saver]:
    prepared = []
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        title = item.get("section") if isinstance(item, dict) else None
        if title not in ctx.section_titles:
            ctx.error(f"{here}.section", f"{str(title)[:200]!r} is not a section of this file")
            continue
        form = _picture_form(SectionFigureForm, item, ["caption", "alt_text"], here, ctx)
        if form is not None:
            prepared.append((title, form))

    def save(plan: Plan) -> None:
        sections = {section.title: section for section in plan.sections.all()}
        for title, form in prepared:
            form.owner = sections[title]
            form.save_picture()

    return [save]


SIGN_OFF_FIELDS = ["position", "title", "signed_name", "signed_role", "signed_at", "comment"]


def export_sign_offs(plan: Plan) -> list:
    return [_values(s, SIGN_OFF_FIELDS) for s in plan.sign_offs.order_by("position", "pk")]


def prepare_sign_offs(raw, ctx: ImportContext, where: str) -> list[Saver]:
    """A new draft is unsigned: the blocks are kept, the signatures stay in the file."""
    blocks, titles = [], set()
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        if not isinstance(item, dict):
            ctx.error(here, "must be an object")
            continue
        for unknown in sorted(set(item) - set(SIGN_OFF_FIELDS)):
            ctx.error(f"{here}.{unknown}", "is not a field this format knows")
        block = _build(SignOff, {k: item[k] for k in ("position", "title") if k in item},
                       ["position", "title"], here, ctx)  # fmt: skip
        if block is None:
            continue
        if block.title in titles:
            ctx.error(f"{here}.title", f"the sign-off {block.title!r} is given twice")
        titles.add(block.title)
        blocks.append(block)
    return [lambda plan: _save_all(blocks, plan)]


def export_versions(plan: Plan) -> list:
    return [
        {
            "number": v.number,
            "issued_at": _out(v.issued_at),
            "reason": v.reason,
            "made_by": v.made_by.get_full_name() if v.made_by else "",
            "reviewer": v.reviewer.get_full_name() if v.reviewer else "",
            "pdf_sha256": v.pdf_sha256,
        }
        for v in plan.versions.select_related("made_by", "reviewer")
    ]


def prepare_versions(raw, ctx: ImportContext, where: str) -> list[Saver]:
    """Published versions belong to the plan they froze: read for the record, never recreated."""
    _list(raw, where, ctx)
    return []


# --- Actions, projects and key issues (format version 2) ------------------------------------

OBJECTIVE_FIELDS = ["position", "title", "description", "notes_after"]  # the notes: optional
ACTION_FIELDS = [
    "position", "title", "measure", "baseline", "target_date", "target_text", "other_owners",
    "resources", "risks", "savings", "cross_service", "links", "data_source",
    "reporting_frequency", "measured_by", "processes", "reporting_timescale",
    "statutory", "business_case", "committee",
]  # fmt: skip
# Version 4: the action's own reference, who is responsible as printed, and its priorities.
ACTION_FIELDS_SINCE_4 = ["reference", "responsible"]
PROGRESS_FIELDS = ["year", "quarter", "status", "note"]


def _username(user) -> str | None:
    return user.username if user else None


def export_objectives(plan: Plan) -> list:
    rows = []
    objectives = plan.serviceobjectives.select_related("section").prefetch_related(
        "priorities", "corporate_objectives__priority"
    )
    for objective in objectives:
        row = _values(objective, OBJECTIVE_FIELDS)
        if objective.section_id:
            row["section"] = objective.section.title  # which action list (4, optional)
        row["priorities"] = _priority_titles(objective.priorities.all())
        row["corporate_objectives"] = _objective_links(objective.corporate_objectives.all())
        row["actions"] = []
        actions = objective.actions.select_related("lead_officer").prefetch_related(
            "co_owners", "priorities"
        )
        for action in actions.order_by("position", "pk"):
            item = _values(action, ACTION_FIELDS + ACTION_FIELDS_SINCE_4)
            item["lead_officer"] = _username(action.lead_officer)
            item["co_owners"] = sorted(u.username for u in action.co_owners.all())
            item["priorities"] = _priority_titles(action.priorities.all())
            item["progress_updates"] = [
                _values(update, PROGRESS_FIELDS)
                for update in action.progress_updates.order_by(
                    "year", "quarter", "created_at", "pk"
                )
            ]
            row["actions"].append(item)
        rows.append(row)
    return rows


def _priority_titles(priorities) -> list[str]:
    return sorted(p.title for p in priorities)


def _objective_links(objectives) -> list[dict]:
    return sorted(
        ({"priority": o.priority.title, "objective": o.title} for o in objectives),
        key=lambda o: (o["priority"], o["objective"]),
    )


def _titles(raw, where: str, ctx: ImportContext) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        ctx.error(where, "must be a list of titles")
        return []
    return _list(raw, where, ctx)


def _find_priorities(raw, where: str, ctx: ImportContext, *, check=True) -> list:
    """The target council's corporate priorities named by title; each missing one an error.
    With check=False only the shape is checked (for rows that will not be imported)."""
    priorities = []
    for title in _titles(raw, where, ctx):
        priority = ctx.priority(title)
        if priority is None and check:
            ctx.error(where, f"{title[:200]!r} is not a corporate priority of this council")
        priorities.append(priority)
    return priorities


def _find_objectives(raw, where: str, ctx: ImportContext, *, check=True) -> list:
    """The target council's corporate objectives named by {priority, objective} titles."""
    found_all = []
    for n, link in enumerate(_list(raw, where, ctx)):
        there = f"{where}[{n}]"
        if not isinstance(link, dict):
            ctx.error(there, "must be an object with priority and objective")
            continue
        if not check:
            continue
        priority = ctx.priority(link.get("priority"))
        found = (
            Objective.objects.filter(priority=priority, title=link.get("objective")).first()
            if priority
            else None
        )
        if found is None:
            ctx.error(there, f"{str(link.get('objective'))[:200]!r} is not an objective of "
                      f"{str(link.get('priority'))[:200]!r} in this council")  # fmt: skip
        found_all.append(found)
    return found_all


def prepare_objectives(raw, ctx: ImportContext, where: str) -> list[Saver]:
    prepared = []
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        extra = {"priorities", "corporate_objectives", "actions"}
        extra |= {"section"} if ctx.version >= 4 else set()
        objective = _build(ServiceObjective, item, OBJECTIVE_FIELDS, here, ctx, extra=extra)
        if objective is None or not isinstance(item, dict):
            continue
        action_list = item.get("section")
        if action_list is not None and action_list not in ctx.action_lists:
            ctx.error(f"{here}.section", f"{str(action_list)[:200]!r} is not an actions section "
                      "of this file")  # fmt: skip
        priorities = _find_priorities(item.get("priorities"), f"{here}.priorities", ctx)
        corporate = _find_objectives(
            item.get("corporate_objectives"), f"{here}.corporate_objectives", ctx
        )
        actions = []
        for n, raw_action in enumerate(_list(item.get("actions"), f"{here}.actions", ctx)):
            actions.append(_prepare_action(raw_action, f"{here}.actions[{n}]", ctx))
        prepared.append((objective, action_list, priorities, corporate, [a for a in actions if a]))

    def save(plan: Plan) -> None:
        lists = {s.title: s for s in plan.sections.filter(kind=SectionKind.ACTIONS)}
        for objective, action_list, priorities, corporate, actions in prepared:
            objective.plan = plan
            objective.section = lists.get(action_list)
            objective.save()
            objective.priorities.set(priorities)
            objective.corporate_objectives.set(corporate)
            for action, co_owners, action_priorities, updates in actions:
                action.plan, action.objective = plan, objective
                action.save()
                action.co_owners.set(co_owners)
                action.priorities.set(action_priorities)
                for update in updates:
                    update.action = action
                    update.save()

    return [save]


def _prepare_action(raw, here: str, ctx: ImportContext):
    since_4 = ctx.version >= 4
    extra = {"lead_officer", "co_owners", "progress_updates"} | (
        {"priorities"} if since_4 else set()
    )
    names = ACTION_FIELDS + (ACTION_FIELDS_SINCE_4 if since_4 else [])
    action = _build(Action, raw, names, here, ctx, extra=extra)
    if action is None or not isinstance(raw, dict):
        return None
    action.lead_officer = ctx.user(raw.get("lead_officer"), f"{here}.lead_officer")
    co_owners = []
    names = raw.get("co_owners") or []
    if not isinstance(names, list):
        ctx.error(f"{here}.co_owners", "must be a list of usernames")
        names = []
    names = _list(names, f"{here}.co_owners", ctx)
    for n, name in enumerate(names):
        user = ctx.user(name, f"{here}.co_owners[{n}]")
        if user is not None:
            co_owners.append(user)
    priorities = _find_priorities(raw.get("priorities"), f"{here}.priorities", ctx)
    updates = []
    for n, raw_update in enumerate(_list(raw.get("progress_updates"), here, ctx)):
        update = _build(
            ProgressUpdate, raw_update, PROGRESS_FIELDS, f"{here}.progress_updates[{n}]", ctx
        )
        if update is not None:
            updates.append(update)
    return action, co_owners, priorities, updates


PROJECT_FIELDS = ["position", "title", "manager", "sponsor", "outcome"]
MILESTONE_FIELDS = ["year", "quarter", "description", "status"]


def export_projects(plan: Plan) -> list:
    rows = []
    for project in plan.projects.prefetch_related("milestones"):
        row = _values(project, PROJECT_FIELDS)
        row["milestones"] = [_values(m, MILESTONE_FIELDS) for m in project.milestones.all()]
        rows.append(row)
    return rows


def prepare_projects(raw, ctx: ImportContext, where: str) -> list[Saver]:
    pairs = []
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        project = _build(Project, item, PROJECT_FIELDS, here, ctx, extra={"milestones"})
        if project is None or not isinstance(item, dict):
            continue
        milestones, seen = [], set()
        for n, raw_milestone in enumerate(_list(item.get("milestones"), here, ctx)):
            there = f"{here}.milestones[{n}]"
            # A milestone's year and quarter are checked against the plan's years.
            parent = Project(plan=Plan(first_year=ctx.years[0], last_year=ctx.years[-1]))
            milestone = _build(
                Milestone, raw_milestone, MILESTONE_FIELDS, there, ctx, parents={"project": parent}
            )
            if milestone is None:
                continue
            if (milestone.year, milestone.quarter) in seen:
                ctx.error(there, "the project already has a milestone for that period")
            seen.add((milestone.year, milestone.quarter))
            milestones.append(milestone)
        pairs.append((project, milestones))

    def save(plan: Plan) -> None:
        for project, milestones in pairs:
            project.plan = plan
            project.save()
            for milestone in milestones:
                milestone.project = project
                milestone.save()

    return [save]


KEY_ISSUE_FIELDS = ["position", "category", "heading", "text"]


def export_key_issues(plan: Plan) -> list:
    return [_values(issue, KEY_ISSUE_FIELDS) for issue in plan.keyissues.order_by("position", "pk")]


def prepare_key_issues(raw, ctx: ImportContext, where: str) -> list[Saver]:
    issues, categories = [], set()
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        issue = _build(KeyIssue, item, KEY_ISSUE_FIELDS, here, ctx)
        if issue is None:
            continue
        if issue.category in categories:
            ctx.error(f"{here}.category", f"key issues for {issue.category!r} are given twice")
        categories.add(issue.category)
        issues.append(issue)
    return [lambda plan: _save_all(issues, plan)]


# --- The service's indicators and risks: context, added only where missing -------------------

INDICATOR_FIELDS = [
    "code", "title", "definition", "unit", "polarity", "frequency", "kind", "owner",
    "data_source", "baseline", "baseline_year", "tolerance_kind", "tolerance",
]  # fmt: skip
# Version 4: the printed reference, the plan's order and the figures as printed ('85%', 'TBA',
# '80-85%'); a file without the text prints the number.
INDICATOR_FIELDS_SINCE_4 = ["reference", "position", "baseline_text"]
TARGET_FIELDS = ["year", "kind", "value"]
# Links to corporate priorities and objectives, in indicator rows from format version 3.
LINKS_SINCE_3 = {"priorities", "corporate_objectives"}
RESULT_FIELDS = ["year", "period", "value", "commentary"]
FIGURE_FIELDS_SINCE_4 = ["text"]


def _since_4(names: list[str], added: list[str], ctx: ImportContext | None = None) -> list[str]:
    """The field names of a version 4 file (or export), or of an older file."""
    return names + added if ctx is None or ctx.version >= 4 else names


def export_indicators(plan: Plan) -> list:
    rows = []
    indicators = Indicator.objects.filter(service=plan.service).prefetch_related(
        "targets", "results", "priorities", "objectives__priority"
    )
    for indicator in indicators.order_by("kind", "position", "pk"):
        row = _values(indicator, _since_4(INDICATOR_FIELDS, INDICATOR_FIELDS_SINCE_4))
        row["priorities"] = _priority_titles(indicator.priorities.all())
        row["corporate_objectives"] = _objective_links(indicator.objectives.all())
        targets, results = (
            _since_4(TARGET_FIELDS, FIGURE_FIELDS_SINCE_4),
            _since_4(RESULT_FIELDS, FIGURE_FIELDS_SINCE_4),
        )
        row["targets"] = [_values(t, targets) for t in indicator.targets.all()]
        row["results"] = [_values(r, results) for r in indicator.results.all()]
        rows.append(row)
    return rows


def _indicator_key(code: str, title: str) -> str:
    return code.upper() if code else f"title:{title.lower()}"


def prepare_indicators(raw, ctx: ImportContext, where: str) -> list[Saver]:
    """Added only when no indicator of the target council has the code (codes are unique in a
    council); otherwise left out with a note. Results, targets and links to corporate
    priorities and objectives (version 3) come with their indicator; a link to a priority or
    objective the target council lacks refuses the file, when the indicator would be added."""
    # An indicator without a code is known by its title (codes are optional).
    taken = {
        _indicator_key(code, title)
        for code, title in Indicator.objects.filter(council_id=ctx.council_id).values_list(
            "code", "title"
        )
    }
    prepared, codes = [], set()
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        extra = {"targets", "results"} | (LINKS_SINCE_3 if ctx.version >= 3 else set())
        names = _since_4(INDICATOR_FIELDS, INDICATOR_FIELDS_SINCE_4, ctx)
        indicator = _build(Indicator, item, names, here, ctx, extra=extra)
        if indicator is None or not isinstance(item, dict):
            continue
        _known_year(indicator.baseline_year, f"{here}.baseline_year", ctx)
        key = _indicator_key(indicator.code, indicator.title)
        added = key not in taken
        priorities = _find_priorities(
            item.get("priorities"), f"{here}.priorities", ctx, check=added
        )
        corporate = _find_objectives(
            item.get("corporate_objectives"), f"{here}.corporate_objectives", ctx, check=added
        )
        if indicator.code and key in codes:
            ctx.error(f"{here}.code", f"the code {indicator.code!r} is given twice")
        codes.add(key)
        targets, years = [], set()
        for n, raw_target in enumerate(_list(item.get("targets"), here, ctx)):
            target = _build(
                Target,
                raw_target,
                _since_4(TARGET_FIELDS, FIGURE_FIELDS_SINCE_4, ctx),
                f"{here}.targets[{n}]",
                ctx,
            )
            if target is not None and _known_year(target.year, f"{here}.targets[{n}].year", ctx):
                if target.year in years:
                    ctx.error(f"{here}.targets[{n}].year", f"{target.year} is given twice")
                years.add(target.year)
                targets.append(target)
        results, seen = [], set()
        for n, raw_result in enumerate(_list(item.get("results"), here, ctx)):
            there = f"{here}.results[{n}]"
            result = _build(
                Result, raw_result, _since_4(RESULT_FIELDS, FIGURE_FIELDS_SINCE_4, ctx), there, ctx
            )
            if result is None or not _known_year(result.year, f"{there}.year", ctx):
                continue
            if not kpi_periods.is_valid(indicator.frequency, result.period):
                ctx.error(f"{there}.period", "does not match how often the indicator is reported")
            if (result.year, result.period) in seen:
                ctx.error(there, "this period is given twice")
            seen.add((result.year, result.period))
            results.append(result)
        if not added:
            name = indicator.code or repr(indicator.title)
            ctx.note(here, f"the council already has an indicator {name}; not imported")
            continue
        prepared.append((indicator, targets, results, priorities, corporate))

    def save(plan: Plan) -> None:
        for indicator, targets, results, priorities, corporate in prepared:
            indicator.service = plan.service
            indicator.save()
            indicator.priorities.set(priorities)
            indicator.objectives.set(corporate)
            for child in [*targets, *results]:
                child.indicator = indicator
                child.save()

    return [save]


RISK_FIELDS = [
    "reference", "title", "description", "cause", "consequence", "category", "owner",
    "inherent_likelihood", "inherent_impact", "controls", "residual_likelihood",
    "residual_impact", "target_likelihood", "target_impact", "further_actions", "review_date",
    "status", "trend",
]  # fmt: skip
SCORES = [
    "inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact",
    "target_likelihood", "target_impact",
]  # fmt: skip


def export_risks(plan: Plan) -> list:
    rows = []
    risks = Risk.objects.filter(service=plan.service).select_related("matrix")
    for risk in risks.prefetch_related("priorities"):
        row = _values(risk, RISK_FIELDS)
        row["matrix_size"] = risk.matrix.size
        row["priorities"] = _priority_titles(risk.priorities.all())
        rows.append(row)
    return sorted(rows, key=lambda row: row["reference"])


def prepare_risks(raw, ctx: ImportContext, where: str) -> list[Saver]:
    """Scores are matrix levels, matched by number on the target council's current matrix.
    A risk is added only when the target service has none with its reference, and only when
    its scores fit that matrix; otherwise it is left out with a note. Its corporate priorities
    (version 3) must exist in the target council, when the risk would be added."""
    existing = set(Risk.objects.filter(service=ctx.service).values_list("reference", flat=True))
    matrix = None
    risks, references = [], set()
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        extra = {"matrix_size", "priorities"} if ctx.version >= 3 else {"matrix_size"}
        risk = _build(Risk, item, RISK_FIELDS, here, ctx, extra=extra)
        if risk is None or not isinstance(item, dict):
            continue
        if risk.reference in references:
            ctx.error(f"{here}.reference", f"the reference {risk.reference!r} is given twice")
        references.add(risk.reference)
        matrix = matrix or matrix_current(ctx.service.directorate.council)
        highest = max(getattr(risk, name) or 0 for name in SCORES)
        added = risk.reference not in existing and highest <= matrix.size
        priorities = _find_priorities(
            item.get("priorities"), f"{here}.priorities", ctx, check=added
        )
        if risk.reference in existing:
            ctx.note(here, f"{ctx.service.name} already has a risk {risk.reference}; not imported")
            continue
        if highest > matrix.size:
            ctx.note(here, f"risk {risk.reference} is scored up to {highest}, beyond this "
                     f"council's {matrix.size} × {matrix.size} matrix; not imported")  # fmt: skip
            continue
        risk.matrix = matrix
        risks.append((risk, priorities))

    def save(plan: Plan) -> None:
        for risk, priorities in risks:
            risk.service = plan.service
            risk.save()
            risk.priorities.set(priorities)

    return [save]


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

# The parts of a plan, in file order; the parts of version 2 come after those of version 1.
PARTS: list[Part] = [
    Part("sections", export_sections, prepare_sections),
    _rows_part(
        "budget_lines",
        "budgetlines",
        BudgetLine,
        BUDGET_LINE_FIELDS,
        figures=("amounts", BudgetAmount, "amount"),
        since_4=("column",),
        years_of=lambda ctx: ctx.budget_years,
    ),
    Part("growth_bids", export_growth_bids, prepare_growth_bids),
    _rows_part(
        "single_points_of_failure", "singlepointoffailures", SinglePointOfFailure, SPOF_FIELDS
    ),  # fmt: skip
    _rows_part(
        "skills",
        "skillrequirements",
        SkillRequirement,
        ["position", "job_title", "qualifications", "cpd_required"],
    ),  # fmt: skip
    Part("org_chart", export_org_chart, prepare_org_chart),
    Part("priority_contributions", export_priorities, prepare_priorities),
    _rows_part("contracts", "contracts", Contract, CONTRACT_FIELDS),
    _rows_part(
        "carbon_initiatives",
        "carboninitiatives",
        CarbonInitiative,
        ["position", "cost_centre", "initiative"],
        figures=("savings", CarbonSaving, "tonnes"),
        # Each saving as printed ('TBC', '12.5 t'), its number in tonnes (null when it has
        # none); optional, so files from before print their tonnes as before.
        figure_also=("text",),
    ),
    _rows_part("forward_plan", "forwardplanitems", ForwardPlanItem, FORWARD_FIELDS),
    _rows_part(
        "key_contacts", "keycontacts", KeyContact, ["position", "name", "role", "phone", "email"]
    ),  # fmt: skip
    Part("sign_offs", export_sign_offs, prepare_sign_offs),
    Part("versions", export_versions, prepare_versions),
    Part("key_issues", export_key_issues, prepare_key_issues, since=2),
    Part("objectives", export_objectives, prepare_objectives, since=2),
    Part("projects", export_projects, prepare_projects, since=2),
    Part("service_indicators", export_indicators, prepare_indicators, since=2),
    Part("service_risks", export_risks, prepare_risks, since=2),
    Part("table_rows", export_table_rows, prepare_table_rows, since=5),
    Part("section_figures", export_section_figures, prepare_section_figures, since=5),
]
HEADER_KEYS = {"format", "format_version", "exported_at", "source", "plan"}


# --- Export and import ----------------------------------------------------------------------


def plan_export(*, plan: Plan) -> dict:
    """The plan and every part of it, as a JSON-ready dict in the current format version."""
    service = plan.service
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "source": {
            "council": service.directorate.council.name,
            "service_code": service.code,
            "service_name": service.name,
            "plan_id": plan.pk,
        },
        "plan": {
            "first_year": plan.first_year,
            "last_year": plan.last_year,
            "status": plan.status,
            "reference": plan.reference,
            "title": plan.printed_title,
            **{name: getattr(plan, name) for name in PLAN_BUDGET_FIELDS},
            **{name: getattr(plan, name) for name in PLAN_BUDGET_FIELDS_SINCE_5},
        },
    }
    for part in PARTS:
        document[part.key] = part.export(plan)
    return document


@dataclass
class ImportCheck:
    """The outcome of checking a file: the plan it would make, or why it cannot."""

    plan: Plan | None
    errors: list[str]
    savers: list[Saver] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # What an import leaves out or blank without refusing the file (see ImportContext.notes).
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def plan_import_check(*, data, service: Service) -> ImportCheck:
    """Check a whole file against the format and the target service's council; write nothing."""
    if not isinstance(data, dict):
        return ImportCheck(None, ["The file must hold one JSON object."])
    if data.get("format") != FORMAT:
        return ImportCheck(None, [f"This is not a plan export: 'format' must be {FORMAT!r}."])
    version = data.get("format_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        return ImportCheck(
            None,
            [
                f"This file is format version {version!r}; this system reads versions "
                + " and ".join(str(v) for v in READABLE_VERSIONS)
                + "."
            ],
        )
    parts = [part for part in PARTS if part.since <= version]
    known = HEADER_KEYS | {part.key for part in parts}
    header_errors = [f"{key}: is not a part this format knows" for key in sorted(set(data) - known)]
    head = data.get("plan")
    if not isinstance(head, dict):
        return ImportCheck(None, header_errors + ["plan: must be an object with the plan's years"])
    first, last = head.get("first_year"), head.get("last_year")
    if not all(isinstance(y, int) and not isinstance(y, bool) for y in (first, last)):
        return ImportCheck(None, header_errors + ["plan: first_year and last_year must be years"])
    # Checked before the list of years is made: a file may say any number here.
    if last < first:
        return ImportCheck(None, header_errors + [
            f"plan: the last year ({last}) is before the first year ({first})"
        ])  # fmt: skip
    if last - first >= MAX_PLAN_YEARS:
        return ImportCheck(None, header_errors + [
            f"plan: A plan covers at most {MAX_PLAN_YEARS} years; this file says {first} to "
            f"{last}"
        ])  # fmt: skip
    for year in (first, last):
        if not periods.EARLIEST_YEAR <= year <= periods.LATEST_YEAR:
            return ImportCheck(None, header_errors + [
                f"plan: {year} is not a financial year of this council (years run from "
                f"{periods.EARLIEST_YEAR} to {periods.LATEST_YEAR})"
            ])  # fmt: skip
    years_of_plan = list(range(first, last + 1))
    ctx = ImportContext(service, years_of_plan, version)
    ctx.errors.extend(header_errors)
    plan = Plan(service=service, first_year=first, last_year=last, status=Plan.Status.DRAFT)
    reference = _in(Plan._meta.get_field("reference"), head.get("reference", ""), "plan.reference",
                    ctx)  # fmt: skip
    plan.reference = reference or ""
    title = _in(Plan._meta.get_field("printed_title"), head.get("title", ""), "plan.title", ctx)
    plan.printed_title = title or ""
    budget_fields = [*(PLAN_BUDGET_FIELDS if version >= 4 else [])]
    budget_fields += PLAN_BUDGET_FIELDS_SINCE_5 if version >= 5 else []
    for name in budget_fields:
        if name in head:
            field = Plan._meta.get_field(name)
            setattr(plan, name, _in(field, head[name], f"plan.{name}", ctx))
    if isinstance(plan.budget_prior_years, int) and 0 <= plan.budget_prior_years <= 4:
        ctx.budget_years = list(range(first - plan.budget_prior_years, last + 1))
    if isinstance(plan.bid_later_years, int) and 0 <= plan.bid_later_years <= 4:
        ctx.bid_years = list(range(first, last + 1 + plan.bid_later_years))
    years = set(service.directorate.council.years.values_list("start_year", flat=True))
    for year in sorted({first, last}):
        if year not in years:
            ctx.error("plan", f"{periods.year_label(year)} is not a financial year of this council")
    try:
        plan.full_clean(exclude=["service", "created_by"], validate_unique=False)
    except ValidationError as error:
        for messages in error.message_dict.values():
            ctx.errors.extend(f"plan: {message}" for message in messages)
    if Plan.objects.filter(service=service, first_year=first).exists():
        ctx.error(
            "plan", f"{service.name} already has a plan starting in {periods.year_label(first)}"
        )
    savers, counts = [], {}
    for part in parts:
        savers += part.prepare(data.get(part.key), ctx, part.key)
        value = data.get(part.key)
        counts[part.key] = len(value) if isinstance(value, list) else int(value is not None)
    return ImportCheck(plan, ctx.all_errors(), savers, counts, ctx.notes)


@transaction.atomic
def plan_import(*, data, service: Service, user: User | None) -> Plan:
    """A new draft plan in `service` made from an export file, or ValidationError with every
    problem found (and nothing written). The plan's `import_notes` list what was left out
    or left blank (people without an account, indicators and risks the target already has)."""
    check = plan_import_check(data=data, service=service)
    if not check.ok:
        raise ValidationError(check.errors)
    plan = check.plan
    plan.created_by = user
    plan.save()
    for save in check.savers:
        save(plan)
    plan.import_notes = check.notes
    return plan
