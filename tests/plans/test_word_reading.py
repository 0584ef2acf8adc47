"""Reading a council's Word plan: the file checked for what it is, then read into blocks
(plans/exchange/word/). The three seed plans (word_files/) are real councils' plans as Word
files, made as councils make them: some headings styled, many not."""

import html
import io
import re
import zipfile
from pathlib import Path

import pytest

from plans.exchange.word.blocks import Heading, Picture, Table, Text, read_document
from plans.exchange.word.package import (
    MAX_UNPACKED_BYTES,
    MAX_UPLOAD_BYTES,
    WORD_MACRO_MAIN,
    WORD_MAIN,
    WordFileError,
    open_package,
)

# The Word files of ../shared/seeds/word/, copied here so that a clean checkout has them.
SEEDS = Path(__file__).resolve().parent / "word_files"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def docx(body: str, *, main=WORD_MAIN, extra: dict | None = None, rels: str = "") -> bytes:
    """A minimal Word package around `body` (the XML inside w:body)."""
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            f'relationships+xml"/><Override PartName="/word/document.xml" ContentType="{main}"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{rels}</Relationships>'
        ),
        "word/document.xml": f'<?xml version="1.0"?><w:document {W} {R}><w:body>{body}</w:body></w:document>',
        **(extra or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in files.items():
            package.writestr(name, content)
    return out.getvalue()


def paragraph(text: str, *, style: str = "", bold: bool = False) -> str:
    style_xml = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p>{style_xml}<w:r>{run_props}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


def read(data: bytes):
    return read_document(open_package(data))


# --- What the file really is ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,
            "older Word file (.doc) or a file protected by a password",
        ),
        (b"%PDF-1.7\n...", "This is a PDF"),
        (b"Dear colleagues, the plan is attached", "This is not a Word file (.docx)"),
        (b"PK\x03\x04 but not really a zip", "damaged"),
    ],
)
def test_what_is_not_a_word_file_is_refused_with_what_to_do(data, message):
    with pytest.raises(WordFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        open_package(data)


def test_a_zip_of_other_files_and_a_spreadsheet_are_refused():
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as package:
        package.writestr("plan.txt", "hello")
    with pytest.raises(WordFileError, match="zip file, not a Word file"):
        open_package(other.getvalue())
    workbook = docx(
        "", main="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )
    with pytest.raises(WordFileError, match="not a Word document: it may be a spreadsheet"):
        open_package(workbook)


def test_a_macro_enabled_document_is_refused():
    with pytest.raises(WordFileError, match="contains macros"):
        open_package(docx(paragraph("Plan"), main=WORD_MACRO_MAIN))
    with pytest.raises(WordFileError, match="contains macros"):
        open_package(docx(paragraph("Plan"), extra={"word/vbaProject.bin": b"\0" * 100}))


def test_a_zip_bomb_is_refused_before_anything_is_unpacked():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))  # packs to ~20 kB
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(WordFileError, match="unpacks to far more than a plan could hold"):
        open_package(bomb.getvalue())


def test_the_total_unpacked_size_is_limited(monkeypatch):
    monkeypatch.setattr("plans.exchange.word.package.MAX_UNPACKED_BYTES", 1000)
    assert MAX_UNPACKED_BYTES > 1000
    with pytest.raises(WordFileError, match="unpacks to far more"):
        open_package(docx(paragraph("x" * 2000)))


def test_a_document_too_long_to_read_in_a_page_s_time_is_refused_with_what_to_do():
    """About 6 MB of Word's XML, as of a plan of several hundred pages: refused before
    it is read, not a page that runs past the web server's timeout."""
    body = paragraph("A sentence of a very long plan, written out. " * 20) * 6000
    data = docx(body)
    assert len(data) < MAX_UPLOAD_BYTES
    with pytest.raises(WordFileError, match=r"too long to bring in as one plan.* in 5\.\d MB"):
        open_package(data)
    assert open_package(docx(body[: len(body) // 2])).data  # half of it is read


def test_an_entity_bomb_in_a_part_is_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<Types>&b;</Types>"
    )
    with pytest.raises(
        WordFileError, match=r"Part of the file \(\[Content_Types\].xml\) is damaged"
    ):
        open_package(docx(paragraph("Plan"), extra={"[Content_Types].xml": laughs}))


def test_linked_pictures_are_never_fetched_and_the_preview_says_so():
    rels = (
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/image" Target="file:///etc/passwd" TargetMode="External"/>'
        '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/hyperlink" Target="https://council.example" TargetMode="External"/>'
    )
    package = open_package(docx(paragraph("Budget"), rels=rels))
    assert package.notes == [
        "1 linked file was left out (a picture or template kept outside the document): only "
        "what is inside the file is read."
    ]


def test_tracked_changes_are_read_as_accepted_and_comments_left_out():
    body = (
        '<w:p><w:r><w:t xml:space="preserve">The budget is </w:t></w:r>'
        '<w:del w:id="1" w:author="A"><w:r><w:delText>£1m</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>£2m</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve"> this year, as agreed with the Section 151 officer.</w:t></w:r></w:p>'
    )
    document = read(docx(body, extra={"word/comments.xml": f"<w:comments {W}/>"}))
    assert document.notes == [
        "The document has tracked changes: it is read as if every change were accepted.",
        "Comments in the document are left out.",
    ]
    [text] = document.blocks
    assert text.text == "The budget is £2m this year, as agreed with the Section 151 officer."


# --- Blocks ------------------------------------------------------------------------------


def test_headings_are_found_by_style_number_capitals_bold_and_a_short_line():
    body = "".join(
        [
            paragraph("Service plan 2026/27", style="Title"),
            paragraph("1. Introduction", style="Heading1"),
            paragraph("2.1 Budgets and resources"),
            paragraph("KEY PURPOSE OF THE SERVICE"),
            paragraph("Our customers", bold=True),
            paragraph("Scope of the Service"),
            paragraph(
                "The service answers calls, letters and visits from residents across the district."
            ),
            paragraph(". WHAT WE DO: Service purpose"),
            paragraph("We answer 1,200 calls a day."),
        ]
    )
    headings = read(docx(body)).headings
    assert [(h.text, h.level, h.number, h.reason) for h in headings] == [
        ("Service plan 2026/27", 1, "", "style"),
        ("Introduction", 1, "1", "style"),
        ("Budgets and resources", 2, "2.1", "numbered"),
        ("KEY PURPOSE OF THE SERVICE", 2, "", "capitals"),
        ("Our customers", 2, "", "bold"),
        ("Scope of the Service", 3, "", "short line"),
        ("WHAT WE DO: Service purpose", 2, "", "capitals"),
    ]


def test_a_sentence_is_never_a_heading():
    body = paragraph("Budgets are set in February.") + paragraph("1,200 calls a day were answered")
    assert all(isinstance(block, Text) for block in read(docx(body)).blocks)


def test_tables_keep_each_cell_and_lists_stay_text():
    body = table([["Ref", "Description", "2025/26 Target"], ["CS1", "Calls answered", "95%"]])
    body += (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>First point</w:t></w:r></w:p>"
    )
    blocks = read(docx(body)).blocks
    assert blocks[0] == Table(
        rows=[["Ref", "Description", "2025/26 Target"], ["CS1", "Calls answered", "95%"]]
    )
    assert blocks[0].width == 3
    assert isinstance(blocks[1], Text) and "First point" in blocks[1].text


def test_a_table_inside_a_cell_is_read_into_that_cell():
    inner = table([["Q1", "96%"]])
    body = (
        "<w:tbl><w:tr><w:tc>" + paragraph("Indicator") + "</w:tc><w:tc>" + paragraph("Results")
        + "</w:tc></w:tr><w:tr><w:tc>" + paragraph("Calls") + "</w:tc><w:tc>" + inner
        + paragraph("") + "</w:tc></w:tr></w:tbl>"
    )  # fmt: skip
    [only] = read(docx(body)).tables
    assert only.rows == [["Indicator", "Results"], ["Calls", "Q1 96%"]]


def test_an_empty_document_has_no_blocks():
    assert read(docx("")).blocks == []


# --- The seed plans ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "tables", "some_headings"),
    [
        (
            "three-rivers-customer-services-2021-24",
            18,
            [("Budgets", "1.1"), ("Performance indicators", "2.1.2"), ("Risk Management", "2.4"),
             ("Contracts", "2.3"), ("Version Control", "")],
        ),
        (
            "spelthorne-customer-services-2024-25",
            14,
            [("SERVICE OVERVIEW", "1"), ("KEY CONTACTS", "8"), ("CLIMATE CHANGE", ""),
             ("WHAT WE DO: Service Purpose and Core Business Functions", "")],
        ),
        (
            "east-cambs-customer-services-2015-16",
            31,
            [("Overview of Customer Services", ""), ("Forward Planning for Councillors", "")],
        ),
    ],
)  # fmt: skip
def test_the_seed_plans_are_read_with_their_tables_and_headings(name, tables, some_headings):
    document = read((SEEDS / f"{name}.docx").read_bytes())
    assert len(document.tables) == tables
    found = {(heading.text, heading.number) for heading in document.headings}
    assert set(some_headings) <= found
    assert document.notes == []
    assert not any(isinstance(block, Picture) for block in document.blocks)


@pytest.mark.parametrize("name", [path.stem for path in sorted(SEEDS.glob("*.docx"))])
def test_every_word_of_a_seed_plan_is_in_a_block(name):
    """Nothing is dropped: every word of the document's own text (its w:t elements) is in a
    heading, a text block or a table cell."""
    data = (SEEDS / f"{name}.docx").read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    in_file = set(" ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)).split())
    read_words = set()
    for block in read(data).blocks:
        if isinstance(block, Table):
            read_words |= {word for row in block.rows for cell in row for word in cell.split()}
        elif isinstance(block, Heading):
            read_words |= set(block.written.split())
        elif isinstance(block, Text):
            read_words |= set(block.text.split())
    text = " ".join(sorted(read_words))
    missing = {word for word in in_file if html.unescape(word) not in text}
    assert not missing


def merged_cell(text: str, merge: str = "", across: int = 1) -> str:
    """A cell merged down (merge "restart", then "" for the cells it covers) or across."""
    props = ""
    if across > 1:
        props += f'<w:gridSpan w:val="{across}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraph(text)}</w:tc>"


def test_merged_cells_keep_every_other_cell_in_its_own_column():
    """A theme merged down its objectives: the rows below it leave the theme's column empty
    (the row readers take an empty cell as the one above), so the objective and the lead
    stay under their own headers; a cell merged across is in each column it spans."""
    rows = [
        [merged_cell("Theme"), merged_cell("Objective"), merged_cell("Lead")],
        [merged_cell("Housing", "restart"), merged_cell("Build homes"), merged_cell("JB")],
        [merged_cell("", "continue"), merged_cell("Fix roofs"), merged_cell("KM")],
        [merged_cell("Total for housing", across=2), merged_cell("£5")],
        [merged_cell("Wide", across=10_000)],
    ]
    body = "<w:tbl>" + "".join(f"<w:tr>{''.join(row)}</w:tr>" for row in rows) + "</w:tbl>"
    (found,) = read(docx(body)).blocks
    assert found.rows[:4] == [
        ["Theme", "Objective", "Lead"],
        ["Housing", "Build homes", "JB"],
        ["", "Fix roofs", "KM"],
        ["Total for housing", "Total for housing", "£5"],
    ]
    assert len(found.rows[4]) == 63  # Word's widest table, whatever the file claims
