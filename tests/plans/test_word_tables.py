"""A Word plan's tables matched to the app's printed tables by their header rows
(plans/exchange/word/tables.py), on three councils' real plans and on variations."""

import pytest

from plans.exchange.word.blocks import Table, read_document
from plans.exchange.word.package import open_package
from plans.exchange.word.tables import header_row, match_table
from tests.plans.test_word_reading import SEEDS


def tables_of(name: str) -> list[Table]:
    return read_document(open_package((SEEDS / f"{name}.docx").read_bytes())).tables


def columns(match) -> list[tuple[str | None, str]]:
    return [(mapping.column, mapping.year) for mapping in match.columns]


def test_a_title_row_above_the_header_is_passed_over():
    table = Table(
        rows=[["KEY ACTIVITIES"] * 3, ["Action", "Lead officer", "By when"], ["a", "b", "c"]]
    )
    assert header_row(table) == 1
    match = match_table(table)
    assert match.target == "actions"
    assert columns(match) == [("title", ""), ("responsible", ""), ("target", "")]
    assert match.body_rows == [["a", "b", "c"]]


@pytest.mark.parametrize(
    ("headers", "target", "mapped"),
    [
        (["Ref", "Description", "2019/20 Actual", "2020/21 Target (Current year)"], "indicators",
         [("reference", ""), ("title", ""), ("last_actual", "2019/20"), ("targets", "2020/21")]),
        (["Code", "Key indicator description", "Time period", "Target"], "indicators",
         [("reference", ""), ("title", ""), ("frequency", ""), ("targets", "")]),
        (["", "2020/21", "2021/22"], "budget_lines",
         [("description", ""), ("amounts", "2020/21"), ("amounts", "2021/22")]),
        (["Cost Centre", "Initiative", "24/25", "25/26"], "carbon",
         [("cost_centre", ""), ("initiative", ""), ("years", "24/25"), ("years", "25/26")]),
        (["Risk Description", "Residual Likelihood Score", "Residual Impact Score"], "risks",
         [("title", ""), ("residual_likelihood", ""), ("residual_impact", "")]),
        (["Action", "Who", "Deadline"], "actions",
         [("title", ""), ("responsible", ""), ("target", "")]),
        (["Name", "Job title", "Telephone"], "contacts",
         [("name", ""), ("role", ""), ("phone", "")]),
    ],
)  # fmt: skip
def test_headers_as_councils_write_them_find_their_columns(headers, target, mapped):
    match = match_table(Table(rows=[headers, ["x"] * len(headers)]))
    assert match.target == target
    assert columns(match) == mapped


def test_a_column_takes_one_header_and_a_yearly_column_one_per_year():
    match = match_table(Table(rows=[["Ref", "Ref", "2025/26 Target", "2026/27 Target"]]))
    assert columns(match) == [
        ("reference", ""), (None, ""), ("targets", "2025/26"), ("targets", "2026/27"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "rows",
    [
        [["Katie Frampton", "01784 446428"], ["Dan Dredge", "01784 446225"]],  # no header
        [["Owner", "Annette Wade"], ["Target", "Quarterly"]],  # a card: label and value
        [["Section", "Item", "Page"], ["1", "Introduction", "3"]],  # contents
        [],
    ],
)
def test_a_table_like_none_is_left_for_the_section_s_own_table(rows):
    match = match_table(Table(rows=rows))
    assert match.target is None and match.score == 0.0


def test_a_tie_goes_to_the_table_of_the_section_the_table_is_in():
    table = Table(rows=[["", "2025/26", "2026/27"]])
    assert match_table(table, kinds=("budget",)).target in {"budget_lines", "growth_bids"}
    assert {name for name, _ in match_table(table).alternatives} & {"growth_bids", "budget_lines"}


def test_three_rivers_tables_go_to_their_parts():
    targets = [
        match_table(table).target for table in tables_of("three-rivers-customer-services-2021-24")
    ]
    assert targets == [
        None,  # contents
        "budget_lines",
        "single_points",
        "single_points",
        "skills",
        "priorities",
        None,  # the priorities table going on over a page, without its header
        None,
        "indicators",
        "indicators",
        None,  # three project forms, laid out as forms rather than tables
        None,
        None,
        "contracts",
        "risks",
        None,  # the council's risk matrix
        "matrix_key",  # its scoring key: the council's set-up, kept as text
        "versions",
    ]
    scoring_key = match_table(tables_of("three-rivers-customer-services-2021-24")[16])
    assert scoring_key.is_set_up


def test_spelthorne_budget_with_a_column_per_category_goes_to_budget_areas():
    budget = next(
        t
        for t in tables_of("spelthorne-customer-services-2024-25")
        if t.rows[0][0] == "Service Area"
    )
    match = match_table(budget)
    assert match.target == "budget_areas"
    assert columns(match) == [
        ("description", ""), ("revenue", ""), ("capital", ""), ("income", ""),
        ("staffing", ""), ("notes", ""),
    ]  # fmt: skip
    assert match.body_rows[0][:3] == ["Customer Services", "1,615,700", "71,000"]
