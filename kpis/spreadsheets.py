"""
Results spreadsheets: the .xlsx template, reading an upload safely, and the exports.

Each period's column of results may have a column of commentary beside it, headed with the
period and 'commentary' ('Q1 2025/26 commentary'). Where it has, a blank cell means no
commentary (the upload removes any there was); a file without that column leaves the
commentary as it is. A result the council's rule asks commentary for (Council.
commentary_required) and that has none is a problem on its row, as any other.

An upload is checked as a zip before openpyxl sees it (size, member count, real unpacked
size and compression ratio of every member, every XML member well formed and without a DTD
in any encoding), then read cell by cell: nothing in the file is evaluated, formulas are
refused, and every problem becomes a message on its row.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.db.models import Prefetch, prefetch_related_objects
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from council import periods as years
from council.models import QuarterLock
from kpis import periods
from kpis.models import COMMENTARY_NEEDED, Indicator, Rating, Result, Target
from kpis.services import row_quarter

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 200
MAX_RATIO = 100
MAX_ROWS = 5_000
MAX_SCANNED_ROWS = 20_000  # rows read, blank or not, before giving up
MAX_COLUMNS = 60
MAX_FIGURE = Decimal("999999999999.99")
DESCRIPTIVE_HEADINGS = {"indicator", "title", "service", "frequency", "unit", "polarity", "notes"}
NOT_XLSX = (
    "The file must be an Excel spreadsheet (.xlsx). Save it as an Excel Workbook and try again"
)
UNSAFE = "The file cannot be read safely: it unpacks to far more than its size. Save it again as an Excel Workbook"
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COMMENTARY_HEADING = " commentary"  # after the period: 'Q1 2025/26 commentary'
MAX_COMMENTARY = 5000  # as the result form


class SpreadsheetError(Exception):
    """The file as a whole cannot be used; the message says why and what to do."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def safe_text(value):
    """Text a spreadsheet program will not run as a formula (CSV and formula injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# --- Reading an upload --------------------------------------------------------------------


def check_archive(data: bytes) -> None:
    """Refuse anything that is not a plain, modest .xlsx zip, before openpyxl reads it."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(f"The file must be smaller than {MAX_UPLOAD_BYTES // 1024**2} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(NOT_XLSX) from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetError(NOT_XLSX)
    if len(members) > MAX_MEMBERS:
        raise SpreadsheetError(UNSAFE)
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(UNSAFE)
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise SpreadsheetError(UNSAFE)
    # The sizes above are what the file claims; unpack each member to check what it holds.
    total = 0
    try:
        for member in members:
            size = 0
            # The XML parser reads the encoding (a DTD in UTF-16 has no "<!DOCTYPE" bytes)
            # and refuses any DTD; nothing of the document is kept.
            xml = None
            if member.filename.endswith((".xml", ".rels")):
                xml = DefusedXMLParser(target=_Discard(), forbid_dtd=True)
            with archive.open(member) as stream:
                while chunk := stream.read(64 * 1024):
                    size += len(chunk)
                    total += len(chunk)
                    if size > member.file_size or total > MAX_UNPACKED_BYTES:
                        raise SpreadsheetError(UNSAFE)
                    if xml is not None:
                        xml.feed(chunk)
            if xml is not None:
                xml.close()
    except (DefusedXmlException, ParseError):  # DTDForbidden, EntitiesForbidden, bad XML
        raise SpreadsheetError(NOT_XLSX) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise SpreadsheetError(NOT_XLSX) from None


class _Discard:
    """A parser target without handlers: the parser only checks, it builds nothing."""


def read_upload(data: bytes, *, user, today: dt.date) -> list[dict]:
    """Every figure in the file as a row of the preview, each with its error if any."""
    check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file: all mean the same here
        raise SpreadsheetError(NOT_XLSX) from None
    try:
        sheet = workbook["Results"] if "Results" in workbook.sheetnames else workbook.worksheets[0]
        return _read_sheet(sheet, user=user, today=today)
    except SpreadsheetError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, zipfile.BadZipFile, OSError, ParseError):
        # ValueError includes DefusedXmlException, when openpyxl reads with defusedxml.
        raise SpreadsheetError(NOT_XLSX) from None
    finally:
        workbook.close()


def _read_sheet(sheet, *, user, today) -> list[dict]:
    if (sheet.max_row or 0) > MAX_ROWS + 50:
        raise SpreadsheetError(
            f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files"
        )
    # The stored dimension may be wrong (or made up): read every row there is, not just
    # the ones it admits to, so that nothing in the file is silently left out.
    sheet.reset_dimensions()
    council_indicators = {
        i.code.upper(): i
        for i in Indicator.objects.filter(council_id=user.council_id)
        .exclude(code="")
        .select_related("service", "council")
    }
    editable = set(Indicator.objects.editable_by(user).values_list("pk", flat=True))
    rule = user.council.commentary_required
    existing = {}
    header = None
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    row_count = 0
    scanned = 0
    for cells in sheet.iter_rows(max_col=MAX_COLUMNS):
        scanned += 1
        if scanned > MAX_SCANNED_ROWS:
            raise SpreadsheetError(
                f"The file has more than {MAX_SCANNED_ROWS:,} rows, counting blank ones. "
                "Copy the rows with results into the template and upload that"
            )
        values = [getattr(c, "value", None) for c in cells]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        row_count += 1
        if row_count > MAX_ROWS + 1:
            raise SpreadsheetError(
                f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files"
            )
        line = getattr(cells[0], "row", None) or row_count
        if header is None:
            header = _read_header(values)
            existing = _existing_results(editable, header)
            _with_targets(council_indicators.values(), header)
            continue
        rows += _read_row(
            cells, values, line, header, council_indicators, editable, existing, seen, today, rule
        )
    if header is None:
        raise SpreadsheetError("The file is empty. Download the template and fill it in")
    return _mark_locked(rows, council_indicators.values(), user)


def _mark_locked(rows: list[dict], indicators, user) -> list[dict]:
    """Rows that would change a result in a locked quarter of its service (council.models.
    QuarterLock): marked `locked` for the performance lead, who gives the reason for the
    correction when applying them; a problem on its row for anyone else."""
    changing = [row for row in rows if row.get("change") in ("new", "changed", "commentary")]
    if not changing:
        return rows
    by_pk = {indicator.pk: indicator for indicator in indicators}
    locks = QuarterLock.objects.quarters(
        {by_pk[row["indicator"]].service_id for row in changing}, {row["year"] for row in changing}
    )
    for row in changing:
        indicator = by_pk[row["indicator"]]
        if row_quarter(indicator, row) not in locks:
            continue
        if user.is_performance_lead:
            row["locked"] = True
        else:
            row["error"] = (
                f"Cell {row['cell']}: {row['period_label']} is locked for "
                f"{indicator.service.name}: only the performance lead can correct its results"
            )
    return rows


def _read_header(values) -> dict:
    """Which column holds the code and which hold which period."""
    code_column = None
    columns = {}
    commentary = {}
    for index, value in enumerate(values):
        letter = get_column_letter(index + 1)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, dt.datetime | dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            if not years.EARLIEST_YEAR <= years.year_of(day) <= years.LATEST_YEAR:
                raise SpreadsheetError(
                    f"The heading of column {letter} ({day:%d %b %Y}) is not a period. "
                    f"Use months from {years.EARLIEST_YEAR} to {years.LATEST_YEAR}"
                )
            columns[index] = periods.month_of(day)
            continue
        text = str(value).strip()
        if text.lower() in {"code", "ref", "reference"}:
            code_column = index
            continue
        if text.lower() in DESCRIPTIVE_HEADINGS:
            continue
        if text.lower() == COMMENTARY_HEADING.strip():
            raise SpreadsheetError(
                f"The heading of column {letter} must say which period its commentary is for, "
                "like Q1 2025/26 commentary, as in the template"
            )
        if text.lower().endswith(COMMENTARY_HEADING):
            parsed = periods.parse_label(text[: -len(COMMENTARY_HEADING)].strip())
            if parsed is None:
                raise SpreadsheetError(
                    f"The heading of column {letter} ('{text[:40]}') is not a period's "
                    "commentary. Use headings like Q1 2025/26 commentary, as in the template"
                )
            commentary[parsed] = index
            continue
        parsed = periods.parse_label(text)
        if parsed is None:
            raise SpreadsheetError(
                f"The heading of column {letter} ('{text[:40]}') is not a period. "
                "Use headings like Q1 2025/26, Apr 2025 or 2025/26, as in the template"
            )
        columns[index] = parsed
    if code_column is None:
        raise SpreadsheetError(
            "The first row must have a column headed Code. Download the template and use that"
        )
    if not columns:
        raise SpreadsheetError("The first row has no period columns, like Q1 2025/26")
    for period, index in commentary.items():
        if period not in columns.values():
            label = periods.Period(*period).label
            raise SpreadsheetError(
                f"Column {get_column_letter(index + 1)} has commentary for {label} but no "
                f"column has its results: add a column headed {label}, as in the template"
            )
    return {"code": code_column, "periods": columns, "commentary": commentary}


def _existing_results(editable, header) -> dict:
    """(value, commentary) of each result already entered for the file's years."""
    year_set = {year for _, year, _ in header["periods"].values()}
    return {
        (r.indicator_id, r.year, r.period): (r.value, r.commentary)
        for r in Result.objects.filter(indicator_id__in=editable, year__in=year_set)
    }


def _with_targets(indicators, header) -> None:
    """The targets of the file's years, to rate each result (one query for all)."""
    year_set = {year for _, year, _ in header["periods"].values()}
    prefetch_related_objects(
        list(indicators), Prefetch("targets", queryset=Target.objects.filter(year__in=year_set))
    )


def _commentary(values, index) -> tuple[str | None, str | None]:
    """The commentary in a cell (None when the file has no commentary column), or an error."""
    if index is None:
        return None, None
    raw = values[index] if index < len(values) else None
    if raw is None:
        return "", None
    if isinstance(raw, str) and raw.startswith("="):
        return None, "contains a formula: type the commentary instead"
    text = str(raw).strip()
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        text = text[1:]  # as the template wrote it (safe_text)
    if len(text) > MAX_COMMENTARY:
        return None, f"Commentary must be {MAX_COMMENTARY:,} characters or fewer"
    return text, None


def _read_row(cells, values, line, header, indicators, editable, existing, seen, today, rule):
    code_value = values[header["code"]] if header["code"] < len(values) else None
    code = str(code_value).strip() if code_value is not None else ""
    base = {"line": line, "code": code[:20], "indicator": None, "title": ""}
    figures = [(index, values[index]) for index in header["periods"] if index < len(values)]
    figures = [(i, v) for i, v in figures if not _blank(v)]
    # Commentary typed beside a blank result: refused, never silently dropped.
    lonely = [
        index
        for period, index in header["commentary"].items()
        if index < len(values)
        and not _blank(values[index])
        and not any(header["periods"][i] == period for i, _ in figures)
    ]
    if not code:
        if not figures and not lonely:
            return []
        return [{**base, "error": f"Row {line}: enter the indicator code"}]
    indicator = indicators.get(code.upper())
    if indicator is None:
        return [{**base, "error": f"Row {line}: unknown indicator code {code[:20]}"}]
    base.update(indicator=indicator.pk, code=indicator.code, title=indicator.title)
    if indicator.pk not in editable:
        return [
            {
                **base,
                "error": f"Row {line}: you cannot enter results for {indicator.code}, "
                f"which belongs to {indicator.service.name}",
            }
        ]
    out = []
    for index in lonely:
        label = periods.Period(*_period_of(header, index)).label
        cell = f"{get_column_letter(index + 1)}{line}"
        out.append(
            {
                **base,
                "cell": cell,
                "error": f"Cell {cell}: enter the result for {label} for {indicator.code} "
                "beside its commentary, or clear the commentary",
            }
        )
    for index, raw in figures:
        frequency, year, number = header["periods"][index]
        period = periods.Period(frequency, year, number)
        cell = f"{get_column_letter(index + 1)}{line}"
        commentary_index = header["commentary"].get((frequency, year, number))
        row = {
            **base,
            "cell": cell,
            "period_label": period.label,
            "year": year,
            "period": number,
            "value": "",
            "old": None,
            "change": "",
            "commentary": None,
            "error": "",
        }
        value, error = _figure(raw, cells[index], indicator, period)
        commentary, commentary_error = _commentary(values, commentary_index)
        if error is None and commentary_error is not None:
            cell = f"{get_column_letter(commentary_index + 1)}{line}"
            error = commentary_error
        if error is None and frequency != indicator.frequency:
            error = (
                f"{indicator.code} is reported {indicator.get_frequency_display().lower()}: "
                f"{period.label} is not one of its periods"
            )
        if error is None and period.start > today:
            error = f"{period.label} has not started yet"
        key = (indicator.pk, frequency, year, number)
        if error is None and key in seen:
            error = (
                f"{indicator.code} {period.label} appears more than once (first in row {seen[key]})"
            )
        seen.setdefault(key, line)
        if error is None:
            old, old_commentary = existing.get((indicator.pk, year, number), (None, None))
            row["change"] = _change(old, value, old_commentary, commentary)
            kept = (old_commentary or "") if commentary is None else commentary
            needed = indicator.commentary_reason(value, year, rule)
            if needed and not kept and row["change"] != "unchanged":
                where = (
                    f"Cell {get_column_letter(commentary_index + 1)}{line}"
                    if commentary_index is not None
                    else f"Cell {cell}"
                )
                add = (
                    ""
                    if commentary_index is not None
                    else f". Add a column headed {period.label} commentary, as in the template"
                )
                row["error"] = (
                    f"{where}: enter commentary for {indicator.code} {period.label}: {needed}{add}"
                )
            else:
                row["value"] = str(value)
                row["old"] = None if old is None else str(_plain(old))
                row["commentary"] = commentary
        else:
            row["error"] = f"Cell {cell}: {error}"
        out.append(row)
    return out


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _period_of(header, commentary_index) -> tuple:
    return next(p for p, i in header["commentary"].items() if i == commentary_index)


def _change(old, value, old_commentary, commentary) -> str:
    """new, changed (the figure: a correction), commentary (only that), or unchanged."""
    if old is None:
        return "new"
    if old != value:
        return "changed"
    if commentary is not None and commentary != old_commentary:
        return "commentary"
    return "unchanged"


def _figure(raw, cell, indicator, period) -> tuple[Decimal | None, str | None]:
    what = f"{period.label} for {indicator.code}"
    example = "95" if indicator.unit == Indicator.Unit.PERCENTAGE else "1200"
    not_number = f"{what} must be a number, like {example}"
    if isinstance(raw, str) and raw.startswith("="):
        return None, "contains a formula: type the value instead"
    if isinstance(raw, bool):
        return None, not_number
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        return None, f"{what} must be a number, not a date"
    if isinstance(raw, int | float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return None, not_number
        value = Decimal(repr(raw))
        if "%" in (getattr(cell, "number_format", "") or ""):
            value *= 100
    else:
        text = str(raw).strip().replace(",", "").replace("£", "").replace("%", "")
        text = text.replace(" ", "").replace("\u00a0", "")
        if not _NUMBER.fullmatch(text):
            return None, not_number
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None, not_number
    # Compared before rounding: rounding 1E+300 to pennies would need 303 digits.
    if abs(value) > MAX_FIGURE:
        return None, f"{what} must be less than 1 trillion"
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if abs(value) > MAX_FIGURE:
        return None, f"{what} must be less than 1 trillion"
    value = _plain(value)
    if problem := indicator.value_problem(value):
        return None, problem
    return value, None


def _plain(value: Decimal) -> Decimal:
    """98.20 -> 98.2 and 1.2E+3 -> 1200: figures as a person would type them."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


# --- The template ---------------------------------------------------------------------------

HEADING = Font(bold=True)
NOT_REPORTED = PatternFill("solid", fgColor="DDDDDD")


def template_workbook(indicators: list[Indicator], year: int, *, commentary_rule: str) -> bytes:
    """A sheet with a row per indicator and, for each period of the year, a column of
    results and one of their commentary, filled in with what is already entered. Cells of
    periods an indicator does not report are grey. The instructions say when the council
    asks for commentary (`commentary_rule`, Council.commentary_required)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Results"
    frequencies = [
        f
        for f in (periods.ANNUAL, periods.QUARTERLY, periods.MONTHLY)
        if any(i.frequency == f for i in indicators)
    ] or [periods.QUARTERLY]
    columns = [p for f in frequencies for p in periods.periods_of_year(f, year)]
    headings = [heading for p in columns for heading in (p.label, p.label + COMMENTARY_HEADING)]
    sheet.append(["Code", "Indicator", "Service", "Frequency", "Unit", *headings])
    for cell in sheet[1]:
        cell.font = HEADING
    for indicator in indicators:
        figures = []
        for period in columns:
            result = (
                indicator.result_for(period) if period.frequency == indicator.frequency else None
            )
            # A result in words only ('n/a') is left for the form, with its commentary: the
            # file takes numbers, and commentary beside a blank result is refused.
            if result and result.value is not None:
                figures += [float(result.value), safe_text(result.commentary) or None]
            else:
                figures += [None, None]
        sheet.append(
            [
                safe_text(indicator.code),
                safe_text(indicator.title),
                safe_text(indicator.service.name),
                indicator.get_frequency_display(),
                indicator.get_unit_display(),
                *figures,
            ]
        )
        for offset, period in enumerate(columns):
            if period.frequency != indicator.frequency:
                for column in (6 + 2 * offset, 7 + 2 * offset):
                    sheet.cell(row=sheet.max_row, column=column).fill = NOT_REPORTED
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["B"].width = 45
    sheet.column_dimensions["C"].width = 25
    for offset in range(len(columns)):
        sheet.column_dimensions[get_column_letter(7 + 2 * offset)].width = 40
    notes = workbook.create_sheet("How to fill in")
    needed = COMMENTARY_NEEDED.get(commentary_rule, "Commentary is optional.")
    for line in [
        f"Results for {years.year_label(year)}.",
        "Type each result as a plain number in the column of its period, like 95 for 95%.",
        "Leave a cell blank when there is no result yet. Grey cells are periods the indicator is not reported for.",
        "Type commentary in the column beside the result: what explains it, and what is being done about it. "
        + needed,
        "A blank commentary cell means no commentary: uploading it removes any commentary the result had.",
        "Do not type formulas, and do not change the column headings or the codes.",
        "Upload the file on the Performance pages: you will see every change before anything is saved.",
    ]:
        notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Exports ----------------------------------------------------------------------------------

EXPORT_HEADINGS = [
    "Service",
    "Code",
    "Indicator",
    "Type",
    "Unit",
    "Polarity",
    "Frequency",
    "Owner",
    "Period",
    "Financial year",
    "Target",
    "Result",
    "Rating",
    "Commentary",
]


def export_rows(indicators: list[Indicator]):
    """One row per result (or per indicator without results), with its target and rating."""
    for indicator in indicators:
        head = [
            indicator.service.name,
            indicator.code,
            indicator.title,
            indicator.get_kind_display(),
            indicator.get_unit_display(),
            indicator.get_polarity_display(),
            indicator.get_frequency_display(),
            indicator.owner,
        ]
        results = sorted(indicator.results.all(), key=lambda r: (r.year, r.period))
        if not results:
            yield head + ["", "", "", "", Rating.NO_DATA.label, ""]
        for result in results:
            target = indicator.target_for(result.year)
            yield head + [
                result.period_obj.label,
                years.year_label(result.year),
                _target_cell(target),
                _plain(result.value) if result.value is not None else result.text,
                Rating(indicator.status_at(result.period_obj).rating).label,
                result.commentary,
            ]


def _target_cell(target):
    if target is None:
        return ""
    if target.value is not None:
        return _plain(target.value)
    return target.display


def export_csv(indicators: list[Indicator]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_HEADINGS)
    for row in export_rows(indicators):
        writer.writerow([safe_text(v) if isinstance(v, str) else v for v in row])
    return buffer.getvalue()


def export_xlsx(indicators: list[Indicator], target_years: list[int]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Results"
    sheet.append(EXPORT_HEADINGS)
    for cell in sheet[1]:
        cell.font = HEADING
    for row in export_rows(indicators):
        sheet.append(
            [
                safe_text(v) if isinstance(v, str) else (float(v) if isinstance(v, Decimal) else v)
                for v in row
            ]
        )
    targets = workbook.create_sheet("Targets")
    targets.append(
        ["Service", "Code", "Indicator", "Baseline", *[years.year_label(y) for y in target_years]]
    )
    for cell in targets[1]:
        cell.font = HEADING
    for indicator in indicators:
        cells = []
        for year in target_years:
            target = indicator.target_for(year)
            cell = _target_cell(target)
            cells.append(float(cell) if isinstance(cell, Decimal) else cell)
        targets.append(
            [
                safe_text(indicator.service.name),
                safe_text(indicator.code),
                safe_text(indicator.title),
                float(indicator.baseline) if indicator.baseline is not None else None,
                *cells,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
