"""Reading uploads (good, malformed and hostile), the template, and the exports."""

import csv
import datetime as dt
import io
import time
import xml.etree.ElementTree
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kpis import spreadsheets
from kpis.models import Indicator
from kpis.spreadsheets import SpreadsheetError, read_upload
from tests import factories

TODAY = dt.date(2026, 11, 22)


def xlsx(rows, number_formats=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Results"
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (number_formats or {}).items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = ["Code", "Indicator", "Q1 2026/27", "Q2 2026/27", "Q3 2026/27"]


def read(world, rows, **kwargs):
    return read_upload(xlsx(rows, **kwargs), user=world.officer, today=TODAY)


def errors(rows):
    return [r["error"] for r in rows if r["error"]]


def test_good_rows_become_new_changed_and_unchanged(kpis, world):
    rows = read(world, [HEADER, ["CS01", "% of calls answered", 98.2, "96.9", 95]])
    assert errors(rows) == []
    assert [(r["period_label"], r["value"], r["old"], r["change"]) for r in rows] == [
        ("Q1 2026/27", "98.2", "98.2", "unchanged"),
        ("Q2 2026/27", "96.9", "96.4", "changed"),
        ("Q3 2026/27", "95", None, "new"),
    ]


def test_per_row_errors(kpis, world):
    monthly = factories.IndicatorFactory(service=world.service, code="CS08", frequency="monthly")
    rows = read(
        world,
        [
            ["Code", "Q1 2026/27", "Q2 2026/27", "Apr 2026"],
            ["XX99", 1, None, None],
            ["CS01", "ninety", None, None],
            ["CS01", None, None, 5],
            ["CS01", None, 96, None],
            ["cs01", None, 97, None],
            ["RV01", 90, None, None],
            [monthly.code, None, None, 8.5],
            ["CS01", "=1+1", None, None],
            [None, 5, None, None],
        ],
    )
    assert errors(rows) == [
        "Row 2: unknown indicator code XX99",
        "Cell B3: Q1 2026/27 for CS01 must be a number, like 95",
        "Cell D4: CS01 is reported quarterly: Apr 2026 is not one of its periods",
        "Cell C6: CS01 Q2 2026/27 appears more than once (first in row 5)",
        "Row 7: you cannot enter results for RV01, which belongs to Revenues",
        "Cell B9: contains a formula: type the value instead",
        "Row 10: enter the indicator code",
    ]
    assert [(r["code"], r["value"]) for r in rows if not r["error"]] == [
        ("CS01", "96"),
        ("CS08", "8.5"),
    ]


def test_numbers_with_signs_dates_as_text_and_blank_rows(kpis, world):
    factories.IndicatorFactory(service=world.service, code="CS09", unit="money")
    rows = read(
        world,
        [
            [],
            HEADER,
            [],
            ["CS01", "", "95%", "31/03/2026", 0.955],
            [None, None, None, None],
            ["CS09", "", "£1,200", dt.datetime(2026, 3, 31), None],
        ],
        number_formats={"E4": "0.0%"},
    )
    assert [(r["cell"], r["value"] or r["error"]) for r in rows] == [
        ("C4", "95"),
        ("D4", "Cell D4: Q2 2026/27 for CS01 must be a number, like 95"),
        ("E4", "95.5"),
        ("C6", "1200"),
        ("D6", "Cell D6: Q2 2026/27 for CS09 must be a number, not a date"),
    ]


def test_a_period_that_has_not_started_is_refused(kpis, world):
    rows = read(world, [["Code", "Q4 2026/27"], ["CS01", 97]])
    assert errors(rows) == ["Cell B2: Q4 2026/27 has not started yet"]


def test_month_headings_turned_into_dates_are_understood(kpis, world):
    factories.IndicatorFactory(service=world.service, code="CS08", frequency="monthly")
    rows = read(world, [["Code", dt.datetime(2026, 5, 1)], ["CS08", 9]])
    assert [(r["period_label"], r["value"]) for r in rows] == [("May 2026", "9")]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["Indicator", "Q1 2026/27"], ["x", 1]], "The first row must have a column headed Code"),
        ([["Code", "Quarter one"]], "The heading of column B ('Quarter one') is not a period"),
        ([["Code", "Indicator"]], "The first row has no period columns, like Q1 2025/26"),
        ([], "The file is empty. Download the template and fill it in"),
    ],
)
def test_files_that_are_not_the_template_get_a_message(world, rows, message):
    with pytest.raises(SpreadsheetError) as error:
        read(world, rows)
    assert error.value.message.startswith(message)


def test_not_a_zip(world):
    with pytest.raises(SpreadsheetError) as error:
        read_upload(b"Code,Q1 2026/27\nCS01,95\n", user=world.officer, today=TODAY)
    assert error.value.message == spreadsheets.NOT_XLSX


def zip_of(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_that_is_not_a_workbook(world):
    with pytest.raises(SpreadsheetError) as error:
        read_upload(zip_of({"readme.txt": "hello"}), user=world.officer, today=TODAY)
    assert error.value.message == spreadsheets.NOT_XLSX


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world):
    bomb = zip_of(
        {
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml": "<workbook/>",
            "xl/worksheets/sheet1.xml": b"0" * (40 * 1024 * 1024),
        }
    )
    assert len(bomb) < 100_000
    with pytest.raises(SpreadsheetError) as error:
        read_upload(bomb, user=world.officer, today=TODAY)
    assert error.value.message == spreadsheets.UNSAFE


def test_a_member_bigger_than_it_claims_is_refused(world):
    name = b"xl/workbook.xml"
    data = bytearray(
        zip_of({"[Content_Types].xml": "<Types/>", name.decode(): "<workbook/>" + " " * 5000})
    )
    # Make the central directory claim 10 bytes unpacked for xl/workbook.xml.
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        length = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if data[pos + 46 : pos + 46 + length] == name:
            data[pos + 24 : pos + 28] = (10).to_bytes(4, "little")
        pos = data.find(b"PK\x01\x02", pos + 4)
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode()).file_size == 10
    with pytest.raises(SpreadsheetError) as error:
        read_upload(bytes(data), user=world.officer, today=TODAY)
    assert error.value.message == spreadsheets.NOT_XLSX


def test_a_workbook_with_a_dtd_is_refused(world):
    evil = zip_of(
        {
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml": '<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>',
        }
    )
    with pytest.raises(SpreadsheetError) as error:
        read_upload(evil, user=world.officer, today=TODAY)
    assert error.value.message == spreadsheets.NOT_XLSX


def hundred_thousand_rows(dimension: str) -> bytes:
    """A real .xlsx whose sheet holds 100,000 rows (written as XML: openpyxl is slow at it)."""
    template = io.BytesIO(xlsx([HEADER]))
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>CS{n}</t></is></c>'
        f'<c r="C{n}"><v>1</v></c></row>'
        for n in range(2, 100_002)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Code</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Q1 2026/27</t></is></c></row>'
        f"{rows}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            target.writestr(item.filename, data)
    return out.getvalue()


# The sheet's dimension may be honest, or lie to get past a check of it.
@pytest.mark.parametrize("dimension", ["A1:C100001", "A1:C2"])
def test_a_hundred_thousand_rows_are_refused_quickly(world, dimension):
    data = hundred_thousand_rows(dimension)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert sheet.count(b"<row ") == 100_001
    started = time.monotonic()
    with pytest.raises(SpreadsheetError) as error:
        read_upload(data, user=world.officer, today=TODAY)
    assert error.value.message == "The file has more than 5,000 rows. Split it into smaller files"
    assert time.monotonic() - started < 10


def test_five_thousand_results_read_in_seconds(world):
    indicators = [
        Indicator(service=world.service, council=world.council, code=f"P{n:04d}", title="t")
        for n in range(1250)
    ]
    Indicator.objects.bulk_create(indicators)
    rows = [["Code", "Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26"]]
    rows += [[f"P{n:04d}", 1, 2, 3, 4] for n in range(1250)]
    started = time.monotonic()
    read_rows = read(world, rows)
    assert len(read_rows) == 5000 and errors(read_rows) == []
    assert time.monotonic() - started < 10


def test_template_round_trip(kpis, world):
    indicators = list(Indicator.objects.filter(service=world.service).with_figures([2026]))
    data = spreadsheets.template_workbook(indicators, 2026, commentary_rule="red")
    sheet = load_workbook(io.BytesIO(data))["Results"]
    assert [c.value for c in sheet[1]][:10] == [
        "Code",
        "Indicator",
        "Service",
        "Frequency",
        "Unit",
        "Q1 2026/27",
        "Q1 2026/27 commentary",
        "Q2 2026/27",
        "Q2 2026/27 commentary",
        "Q3 2026/27",
    ]
    assert [c.value for c in sheet[2]][:10] == [
        "CS01",
        "% of calls answered",
        "Customer Services",
        "Quarterly",
        "Percentage",
        98.2,
        "Two advisers on leave.",
        96.4,
        "Two advisers on leave.",
        None,
    ]
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    rows = read_upload(buffer.getvalue(), user=world.officer, today=TODAY)
    assert {r["change"] for r in rows} == {"unchanged"}


def test_exports_neutralise_formulas_in_text(kpis, world):
    kpis.indicator.title = '=HYPERLINK("http://evil")'
    kpis.indicator.owner = "@SUM(1)"
    kpis.indicator.save()
    indicators = list(
        Indicator.objects.filter(pk=kpis.indicator.pk).select_related("service").with_figures()
    )
    rows = list(csv.reader(io.StringIO(spreadsheets.export_csv(indicators))))
    assert rows[0][:3] == ["Service", "Code", "Indicator"]
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'
    assert rows[1][7] == "'@SUM(1)"
    assert rows[1][8:13] == ["Q1 2025/26", "2025/26", "97", "97.8", "On target"]
    sheet = load_workbook(io.BytesIO(spreadsheets.export_xlsx(indicators, [2025])))["Results"]
    assert sheet["C2"].value == '\'=HYPERLINK("http://evil")'
    assert sheet["C2"].data_type == "s"
    assert sheet["L2"].value == pytest.approx(97.8)


def test_safe_text_leaves_numbers_alone():
    assert spreadsheets.safe_text("-5") == "'-5"
    assert spreadsheets.safe_text(Decimal("-5")) == Decimal("-5")
    assert spreadsheets.safe_text("+44 1632") == "'+44 1632"
    assert spreadsheets.safe_text("CS01") == "CS01"


def test_many_blank_rows_are_refused(kpis, world):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Results")
    sheet.append(HEADER)
    for _ in range(25_000):
        sheet.append([None, ""])
    sheet.append(["CS01", "", 97])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(SpreadsheetError) as error:
        read_upload(buffer.getvalue(), user=world.officer, today=TODAY)
    assert error.value.message.startswith("The file has more than 20,000 rows, counting blank ones")


# --- Hostile files through the upload page: a message, never a 500 ---------------------------


def with_sheet(sheet_xml: bytes) -> bytes:
    """The template's workbook with its sheet replaced by this XML."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx([HEADER]))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(
                item.filename, sheet_xml if "worksheets/sheet1" in item.filename else data
            )
    return out.getvalue()


def post_upload(client_for, world, data: bytes):
    """The upload, and the preview it leads to when the file could be read."""
    file = io.BytesIO(data)
    file.name = "results.xlsx"
    return client_for(world.officer).post(
        reverse("kpis:import_upload"), {"file": file}, follow=True
    )


def test_a_utf16_sheet_with_a_dtd_gets_a_message(client_for, kpis, world, monkeypatch):
    # Production installs openpyxl alone, which then parses with the standard library: the
    # same here, so that the check cannot lean on defusedxml being installed for openpyxl.
    monkeypatch.setattr("openpyxl.worksheet._reader.iterparse", xml.etree.ElementTree.iterparse)
    sheet = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:B1"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Code</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>'
    ).encode("utf-16")
    assert b"<!DOCTYPE" not in sheet and b"<!ENTITY" not in sheet
    response = post_upload(client_for, world, with_sheet(sheet))
    assert response.status_code == 200
    assert spreadsheets.NOT_XLSX in response.content.decode()


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        (1e300, "Q1 2026/27 for CS01 must be less than 1 trillion"),
        ("1" * 40, "Q1 2026/27 for CS01 must be less than 1 trillion"),
    ],
)
def test_a_huge_figure_gets_a_message(client_for, kpis, world, figure, message):
    response = post_upload(client_for, world, xlsx([HEADER, ["CS01", "Calls", figure]]))
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize("heading", ["Q4 9999/00", "Apr 1999", dt.date(1, 4, 1)])
def test_a_period_heading_outside_the_councils_years_is_not_a_period(world, heading):
    with pytest.raises(SpreadsheetError) as error:
        read(world, [["Code", heading], ["CS01", 5]])
    assert "is not a period" in error.value.message


def test_a_template_year_of_five_thousand_digits_is_404(client_for, kpis, world):
    url = reverse("kpis:template_download") + "?year=" + "9" * 5_000
    assert client_for(world.officer).get(url).status_code == 404


# --- Each defence of check_archive on its own ---------------------------------------------------


def test_members_each_small_but_too_big_in_all_are_refused_before_unpacking(world, monkeypatch):
    # 60 members of 0.9 MB: each under the 1 MB ratio check, 54 MB in all (limit 50 MB).
    members = {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}
    members |= {f"xl/media/part{n}.bin": b"\0" * 900_000 for n in range(60)}
    data = zip_of(members)
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert max(m.file_size for m in infos) < 1024 * 1024
    assert sum(m.file_size for m in infos) > spreadsheets.MAX_UNPACKED_BYTES
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile, "open", lambda self, *a, **k: opened.append(a) or real_open(self, *a, **k)
    )
    with pytest.raises(SpreadsheetError) as error:
        read_upload(data, user=world.officer, today=TODAY)
    assert error.value.message == spreadsheets.UNSAFE
    assert opened == []  # refused from the sizes the file gives, before anything is unpacked
