"""Export a whole plan as a JSON file, and import one as a new draft plan.

Importing checks the whole file first (plan_import_check) and writes nothing when anything
is wrong; then plan_import saves every part in one transaction."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from council import periods
from council.models import Service, User
from plans.exchange.context import ImportContext, Saver
from plans.exchange.format import (
    FORMAT,
    FORMAT_VERSION,
    HEADER_KEYS,
    MAX_PLAN_YEARS,
    READABLE_VERSIONS,
)
from plans.exchange.parts import PARTS
from plans.exchange.values import _in
from plans.models import Plan

# Version 4: how the budget prints (unit, years before the plan and their columns).
PLAN_BUDGET_FIELDS = [
    "budget_unit", "budget_prior_years", "budget_prior_columns", "budget_year_column",
]  # fmt: skip
# The growth bids' years after the plan, and their total row as the council printed it.
PLAN_BUDGET_FIELDS_SINCE_5 = ["bid_later_years", "bid_total_label", "bid_printed_totals"]


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
    or left blank (people without an account, indicators and risks the target already has).

    The service is locked first: two confirmations of one file at once (a double click, two
    tabs) would both pass the check, and the second break the rule of one plan a year for
    a service; locked, the second is checked after the first is made, and told so."""
    list(Service.objects.select_for_update().filter(pk=service.pk).values_list("pk"))
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
