"""Values in and out: model values as JSON, and JSON checked against the model's own
fields and rules into unsaved instances, every problem noted on the ImportContext."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from council import periods
from plans.columns import clean_layout
from plans.exchange.context import ImportContext
from plans.exchange.format import MAX_ROWS_PER_FILE, MAX_ROWS_PER_TABLE, MAX_TEXT_CHARS
from plans.models import Plan


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
