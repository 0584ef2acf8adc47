"""Rows of the indicators: an indicator with its targets and its last result per year."""

from kpis import periods as kpi_periods
from kpis.models import Frequency, Indicator, IndicatorKind, Unit, target_kind
from plans.exchange.word.rows.cells import Cells, RowContext, RowProblem, figure, known_year, text

FREQUENCIES = {label.casefold(): value for value, label in Frequency.choices} | {
    value: value for value in Frequency.values
}
UNITS = {"%": Unit.PERCENTAGE, "£": Unit.MONEY, "day": Unit.DAYS}
COLUMNS = ("reference", "title", "owner", "frequency", "baseline", "last_actual", "targets")


def indicators(cells: Cells, ctx: RowContext) -> list[dict]:
    """An indicator of the service with its targets and last result per year. The code is
    kept as the code when it is one ('CS04'), else as the reference printed ('New PI')."""
    model = Indicator
    reference = cells.get("reference")
    is_code = bool(reference) and " " not in reference and any(c.isdigit() for c in reference)
    title = text(cells, "title", model, "title", required=True)
    frequency = cells.get("frequency").casefold()
    if parsed := kpi_periods.parse_label(frequency):  # a year ('24/25'): reported yearly
        frequency = parsed[0]
    if frequency and frequency not in FREQUENCIES:
        raise RowProblem(
            f"Time period must be monthly, quarterly or annual (it says “{frequency[:20]}”)"
        )
    frequency = FREQUENCIES.get(frequency, Frequency.ANNUAL)
    texts = []
    targets = []
    for year, value in sorted(cells.yearly.get("targets", {}).items()):
        if not value.strip():
            continue
        number, printed = figure(value, "The target")
        known_year(year, "The target")
        texts.append(printed)
        kind = target_kind(number, printed)
        targets.append({"year": year, "kind": kind, "value": None if number is None else
                        str(number), "text": printed})  # fmt: skip
    results = []
    for year, value in sorted(cells.yearly.get("last_actual", {}).items()):
        if not value.strip():
            continue
        number, printed = figure(value, "The actual")
        known_year(year, "The actual")
        texts.append(printed)
        period = kpi_periods.PERIOD_COUNT[frequency]  # the year's last period
        results.append({"year": year, "period": period, "value": None if number is None else
                        str(number), "text": printed, "commentary": ""})  # fmt: skip
    baseline, baseline_text = figure(cells.get("baseline"), "The baseline")
    texts.append(baseline_text)
    ctx.position += 1
    heading = ctx.heading.casefold()
    return [
        {
            "code": reference[:20] if is_code and len(reference) <= 20 else "",
            "reference": "" if is_code else text(cells, "reference", model, "reference"),
            "position": ctx.position,
            "title": title,
            "unit": unit(texts),
            "frequency": frequency,
            "kind": IndicatorKind.KEY
            if "key" in heading or "kpi" in heading
            else IndicatorKind.SERVICE,  # fmt: skip
            "owner": text(cells, "owner", model, "owner"),
            "baseline": None if baseline is None else str(baseline),
            "baseline_text": baseline_text,
            "targets": targets,
            "results": results,
        }
    ]


def unit(texts: list[str]) -> str:
    """The unit the figures are printed in: a percentage when any ends in %, and so on."""
    for printed in texts:
        for sign, each in UNITS.items():
            if sign in printed.casefold():
                return each
    return Unit.NUMBER
