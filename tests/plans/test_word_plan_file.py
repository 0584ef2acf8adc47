"""A Word plan made into a plan file and imported as a draft (plans/exchange/word/
plan_file.py): every paragraph, list and table of the document lands in the plan."""

import html
import io
import re
import zipfile

import pytest

from plans.columns import TABLES
from plans.exchange.plan_file import plan_import, plan_import_check
from plans.exchange.word.blocks import Heading, Table, Text, read_document
from plans.exchange.word.package import open_package
from plans.exchange.word.plan_file import word_plan_file
from plans.exchange.word.rows import PARTS
from plans.models import SectionKind, TemplateSection
from tests.plans.test_word_reading import SEEDS

pytestmark = pytest.mark.django_db


def template_of(world) -> list[TemplateSection]:
    return list(TemplateSection.objects.filter(template__council=world.council))


def words_of_file(data: bytes) -> set[str]:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    return {
        html.unescape(word)
        for word in " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)).split()
    }


def strings_of(value) -> list[str]:
    """Every text in the plan file's structured rows (the tables taken in as rows)."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_of(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_of(item)]
    return [value] if isinstance(value, str) else []


def printed_labels(plan_file: dict) -> list[str]:
    """The default labels of the printed tables whose rows the file has."""
    return [
        column.label
        for name, part in PARTS.items()
        if plan_file.get(part.file_key)
        for column in TABLES[name].columns
    ]


@pytest.mark.parametrize("name", [path.stem for path in sorted(SEEDS.glob("*.docx"))])
def test_a_council_s_word_plan_imports_as_a_draft_with_every_word_in_it(world, name):
    data = (SEEDS / f"{name}.docx").read_bytes()
    document = read_document(open_package(data))
    plan_file = word_plan_file(document, template_of(world), first_year=2027, last_year=2029)
    check = plan_import_check(data=plan_file, service=world.service)
    assert check.ok, check.errors
    plan = plan_import(data=plan_file, service=world.service, user=world.officer)
    text = " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", section.body)) + " " + section.title
        for section in plan.sections.all()
    )
    text += " " + " ".join(strings_of({k: v for k, v in plan_file.items() if k != "sections"}))
    text += " " + " ".join(strings_of([s.columns for s in plan.sections.all()]))
    # A header worded as the app's own label is not kept in the layout: the label prints.
    text += " " + " ".join(printed_labels(plan_file))
    in_plan = set(text.split())
    missing = {word for word in words_of_file(data) if word not in in_plan and word not in text}
    assert not missing


def test_parts_go_to_their_template_sections_in_order_and_new_ones_after_the_part_before(world):
    blocks = [
        Text("<p>Cover note</p>", "Cover note"),
        Heading("Service overview", 1, "1"),
        Text("<p>We answer calls.</p>", "We answer calls."),
        Heading("GDPR", 1, reason="capitals"),
        Text("<p>Data is protected.</p>", "Data is protected."),
        Heading("Budgets", 2, "2.1", "numbered", written="2.1 Budgets"),
        Table(rows=[["", "2026/27"], ["Staff", "£1,000"]]),
        Heading("Scope of the budget", 3, reason="short line"),
        Text("<p>Revenue only.</p>", "Revenue only."),
    ]
    plan_file = word_plan_file(
        type("Document", (), {"blocks": blocks})(),
        template_of(world),
        first_year=2027,
        last_year=2027,
    )
    sections = {section["title"]: section for section in plan_file["sections"]}
    titles = [section["title"] for section in plan_file["sections"]]
    assert titles[:4] == ["Service overview", "GDPR", "Budget", "Workforce"]
    assert sections["Service overview"]["body"] == "<p>Cover note</p><p>We answer calls.</p>"
    assert sections["GDPR"]["kind"] == SectionKind.NARRATIVE
    assert sections["GDPR"]["body"] == "<p>Data is protected.</p>"
    budget = sections["Budget"]["body"]
    assert budget.startswith("<h3>2.1 Budgets</h3><table>")  # another title: kept as a subheading
    assert "<th>2026/27</th>" in budget and "<td>£1,000</td>" in budget
    assert budget.endswith("<h3>Scope of the budget</h3><p>Revenue only.</p>")
    assert sections["Workforce"]["body"] == ""


def test_a_new_section_never_takes_a_title_the_plan_has(world):
    blocks = [Heading("Contents", 1, reason="capitals"), Heading("Contents", 1, reason="capitals")]
    plan_file = word_plan_file(
        type("Document", (), {"blocks": blocks})(),
        template_of(world),
        first_year=2027,
        last_year=2027,
    )
    titles = [section["title"] for section in plan_file["sections"]]
    assert "Contents" in titles and "Contents (2)" in titles
    assert plan_import_check(data=plan_file, service=world.service).ok


def test_without_a_template_every_part_is_a_section_of_its_own(world):
    blocks = [Text("<p>Intro</p>", "Intro"), Heading("Budget", 1), Text("<p>£1m</p>", "£1m")]
    plan_file = word_plan_file(
        type("Document", (), {"blocks": blocks})(), [], first_year=2027, last_year=2027
    )
    assert [(s["title"], s["body"]) for s in plan_file["sections"]] == [
        ("Before the first heading", "<p>Intro</p>"),
        ("Budget", "<p>£1m</p>"),
    ]
