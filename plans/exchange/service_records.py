"""The service's indicators and risks: carried as context, added only where the target
service has none with that code or reference (format version 2)."""

from kpis import periods as kpi_periods
from kpis.models import Indicator, Result, Target
from plans.exchange.context import ImportContext, Saver
from plans.exchange.links import (
    _find_objectives,
    _find_priorities,
    _objective_links,
    _priority_titles,
)
from plans.exchange.values import _build, _known_year, _list, _values
from plans.models import Plan
from risks.models import Risk
from risks.services import matrix_current

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
        # A file that says nothing of how to rate takes the council's rating defaults.
        indicator.take_rating_defaults(ctx.service.directorate.council, given=item.keys())
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
            if added and kpi_periods.is_valid(indicator.frequency, result.period):
                period = kpi_periods.Period(indicator.frequency, result.year, result.period)
                ctx.refuse_locked(there, period.year, period.quarter, "a result")
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
