"""A Word plan's tables as rows of the plan's structured parts (plans/exchange/word/rows/,
mapping.py, plan_file.py): how many rows of each seed plan land as rows, the rows that cannot
be read, a table kept as text and a changed column mapping."""

from collections import Counter

import pytest

from plans.exchange.plan_file import plan_import, plan_import_check
from plans.exchange.word.blocks import Document, Heading, Table, read_document
from plans.exchange.word.mapping import IGNORE, TableChoice, proposed
from plans.exchange.word.package import open_package
from plans.exchange.word.plan_file import word_import_plan
from plans.exchange.word.rows.dates import NoYear, in_words
from plans.models import SectionKind
from tests import factories
from tests.plans.test_word_reading import SEEDS

pytestmark = pytest.mark.django_db

# Each seed plan: its own years, and how many of its tables' rows land as rows of each part.
SEED_ROWS = {
    "east-cambs-customer-services-2015-16": (
        2015,
        2015,
        {"forward_plan": 1, "service_indicators": 22},
    ),
    "spelthorne-customer-services-2024-25": (
        2024,
        2024,
        {"budget_lines": 1, "carbon_initiatives": 2, "service_indicators": 8},
    ),
    "three-rivers-customer-services-2021-24": (
        2020,
        2023,
        {
            "budget_lines": 1,
            "single_points_of_failure": 2,
            "skills": 2,
            "contracts": 1,
            "service_indicators": 6,
            "service_risks": 7,
        },
    ),
}


def seed(name: str) -> Document:
    return read_document(open_package((SEEDS / f"{name}.docx").read_bytes()))


@pytest.mark.parametrize("name", sorted(SEED_ROWS))
def test_each_seed_plan_s_table_rows_land_as_rows_of_their_parts(world, every_kind, name):
    first, last, expected = SEED_ROWS[name]
    plan_file, outcomes = word_import_plan(seed(name), every_kind, first_year=first, last_year=last)
    counts = Counter()
    for outcome in outcomes:
        if outcome.structured:
            counts[outcome.choice.part.file_key] += outcome.structured
    print(f"\n{name}: table rows landed as structured rows: {dict(counts)}")
    assert dict(counts) == expected
    check = plan_import_check(data=plan_file, service=world.service)
    assert check.ok, check.errors
    plan = plan_import(data=plan_file, service=world.service, user=world.officer)
    assert world.service.indicators.count() == len(plan_file.get("service_indicators", []))
    assert plan.budgetlines.count() == len(plan_file.get("budget_lines", []))


def test_rows_that_cannot_be_read_are_listed_and_stay_as_text_under_the_header(world, every_kind):
    plan_file, outcomes = word_import_plan(
        seed("east-cambs-customer-services-2015-16"), every_kind, first_year=2015, last_year=2015
    )
    measures = outcomes[6]  # four rows read, one whose actual is longer than a figure can be
    assert measures.structured == 4
    assert measures.rows.problems == [(5, "The actual is longer than 50 characters")]


def budget_table() -> Table:
    return Table(
        rows=[
            ["Service area", "2027/28", "2028/29"],
            ["Contact centre", "£1,200", "(300)"],
            ["Reception", "£1,5", "100"],
            ["Total", "£2,700", ""],
        ]
    )


def test_a_table_s_cells_are_read_as_the_app_reads_typed_figures(world, every_kind):
    table = budget_table()
    document = Document(blocks=[Heading("Budget", 1), table])
    plan_file, (outcome,) = word_import_plan(document, every_kind, first_year=2027, last_year=2028)
    assert [line["amounts"] for line in plan_file["budget_lines"]] == [
        [
            {"year": 2027, "column": 0, "amount": "1200"},
            {"year": 2028, "column": 0, "amount": "-300"},
        ]
    ]
    assert outcome.rows.problems == [
        (3, "The amount must be a number of pounds, like 1,615,700 (it says “£1,5”)"),
        (4, "A total: the plan adds up its own totals"),
    ]
    budget = next(s for s in plan_file["sections"] if s["kind"] == SectionKind.BUDGET)
    assert (
        "<td>Reception</td>" in budget["body"] and "<td>Contact centre</td>" not in budget["body"]
    )
    # The council's headers label the printed columns.
    assert budget["columns"]["budget_lines"] == [
        {"key": "description"},  # "Service area": the default label
        {"key": "amounts", "label": "{year} | {year}"},
    ]


def test_a_table_kept_as_text_comes_in_whole_and_makes_no_rows(world, every_kind):
    table = budget_table()
    document = Document(blocks=[Heading("Budget", 1), table])
    choice = proposed(table, 2027)
    plan_file, (outcome,) = word_import_plan(
        document,
        every_kind,
        first_year=2027,
        last_year=2028,
        tables=[TableChoice(choice.match, choice.values, as_text=True)],
    )
    assert outcome.reason == "You chose to keep it as text" and outcome.structured == 0
    assert "budget_lines" not in plan_file
    budget = next(s for s in plan_file["sections"] if s["kind"] == SectionKind.BUDGET)
    assert "<td>Contact centre</td>" in budget["body"] and "<td>£2,700</td>" in budget["body"]


def test_a_changed_mapping_is_what_the_rows_are_made_from(world, every_kind):
    table = budget_table()
    document = Document(blocks=[Heading("Budget", 1), table])
    choice = proposed(table, 2027)
    assert choice.values == ["description", "amounts@2027", "amounts@2028"]
    # The first column of figures is ignored, the second taken for 2027/28.
    changed = TableChoice(choice.match, ["description", IGNORE, "amounts@2027"])
    plan_file, (outcome,) = word_import_plan(
        document, every_kind, first_year=2027, last_year=2028, tables=[changed]
    )
    assert outcome.structured == 2 and outcome.rows.problems == [
        (4, "A total: the plan adds up its own totals")
    ]
    assert [line["amounts"] for line in plan_file["budget_lines"]] == [
        [{"year": 2027, "column": 0, "amount": "-300"}],
        [{"year": 2027, "column": 0, "amount": "100"}],  # '£1,5' is in the ignored column
    ]


def test_a_table_goes_in_as_text_when_the_plan_has_no_section_that_prints_its_part(world):
    narrative_only = [
        factories.TemplateSectionFactory(council=world.council, title="About", position=1)
    ]
    document = Document(blocks=[Heading("Budget", 1), budget_table()])
    plan_file, (outcome,) = word_import_plan(
        document, narrative_only, first_year=2027, last_year=2028
    )
    assert outcome.reason == "The plan has no section that prints “Budget lines”"
    assert "budget_lines" not in plan_file
    assert any("<td>Contact centre</td>" in s["body"] for s in plan_file["sections"])


def forward_plan_table(*dates: str) -> Table:
    header = ["Proposed date of decision", "Item", "Service Area", "Committee"]
    return Table(rows=[header, *([when, f"Item {n}", "Customer Services", "Regulatory"]
                                 for n, when in enumerate(dates, start=1))])  # fmt: skip


def test_dates_written_in_words_keep_their_words_and_date_the_decision_at_the_start(
    world, every_kind
):
    table = forward_plan_table(
        "Sept 2015", "Sep-15", "September 2015", "March 2016", "w/c 5 Oct", "1 st Sept 2015",
        "Q3 2015/16", "Autumn 2015", "14/09/2015",
    )  # fmt: skip
    document = Document(blocks=[Heading("Forward plan", 1), table])
    plan_file, (outcome,) = word_import_plan(document, every_kind, first_year=2015, last_year=2015)
    assert outcome.rows.problems == []
    assert [(row["decision_date"], row["decision_text"]) for row in plan_file["forward_plan"]] == [
        ("2015-09-01", "Sept 2015"),
        ("2015-09-01", "Sep-15"),
        ("2015-09-01", "September 2015"),
        ("2016-03-01", "March 2016"),
        ("2015-10-05", "w/c 5 Oct"),  # no year: the one year of the plan, October in 2015
        ("2015-09-01", "1 st Sept 2015"),
        ("2015-10-01", "Q3 2015/16"),
        ("2015-09-01", "Autumn 2015"),
        ("2015-09-14", ""),  # a plain date prints as a date
    ]
    check = plan_import_check(data=plan_file, service=world.service)
    assert check.ok, check.errors


def test_dates_that_name_no_day_stay_as_text_with_the_reason(world, every_kind):
    table = forward_plan_table("TBC", "w/c 5 Oct", "Soon", "Sept 2015")
    document = Document(blocks=[Heading("Forward plan", 1), table])
    plan_file, (outcome,) = word_import_plan(document, every_kind, first_year=2015, last_year=2017)
    assert outcome.rows.problems == [
        (2, "Proposed date of decision is not known yet (it says “TBC”): the forward plan is "
            "in date order, so each decision needs at least its month"),
        (3, "Proposed date of decision does not say which year, and the plan has several "
            "(it says “w/c 5 Oct”)"),
        (4, "Proposed date of decision must be a date, like 31/03/2025, Sept 2015 or "
            "Q3 2015/16 (it says “Soon”)"),
    ]  # fmt: skip
    assert [row["decision_text"] for row in plan_file["forward_plan"]] == ["Sept 2015"]
    section = next(s for s in plan_file["sections"] if s["kind"] == SectionKind.FORWARD_PLAN)
    assert "<td>TBC</td>" in section["body"] and "<td>Soon</td>" in section["body"]


@pytest.fixture
def priorities(world):
    """Two of the council's corporate priorities, the first with two objectives."""
    first = factories.PriorityFactory(council=world.council, title="Financially Independent")
    for title in ("Deliver the Customer Service Strategy", "Balance the budget"):
        factories.ObjectiveFactory(priority=first, title=title)
    factories.PriorityFactory(council=world.council, title="Sustainable Environment")


def with_actions(world, sections: list) -> list:
    factories.TemplateSectionFactory(
        council=world.council, title="Actions", kind=SectionKind.ACTIONS, position=11
    )
    return list(sections[0].template.sections.all())


def test_an_actions_table_becomes_actions_under_their_objectives(world, every_kind, priorities):
    table = Table(
        rows=[
            ["Objective", "Action", "Lead officer", "By when", "Corporate priority"],
            ["Reduce failure demand", "Measure avoidable contact", "JB/KM", "March 2016",
             "Financially independent"],
            ["", "Launch the self-service portal", "Customer Services Team", "Ongoing", ""],
            ["Support staff", "Shadowing programme", "AW", "31/10/2015", ""],
            ["", "Train the team", "AW", "", ""],
            ["", "Plant trees", "AW", "Q3 2015/16", "Thriving Communities"],
        ]
    )  # fmt: skip
    assert proposed(table, 2015).values == [
        "objective", "title", "responsible", "target", "priorities",
    ]  # fmt: skip
    document = Document(blocks=[Heading("Actions", 1), table])
    sections = with_actions(world, every_kind)
    plan_file, (outcome,) = word_import_plan(document, sections, first_year=2015, last_year=2015)
    assert outcome.structured == 3
    assert outcome.rows.problems == [
        (5, "Target is empty: an action needs a date, or words like Ongoing"),
        (6, "“Thriving Communities” is not one of your council's corporate priorities"),
    ]
    objectives = plan_file["objectives"]
    assert [(o["position"], o["title"], len(o["actions"])) for o in objectives] == [
        (1, "Reduce failure demand", 2),
        (2, "Support staff", 1),
    ]
    assert [
        (a["position"], a["title"], a["responsible"], a["target_date"], a["target_text"],
         a["priorities"])
        for o in objectives for a in o["actions"]
    ] == [
        (1, "Measure avoidable contact", "JB/KM", "2016-03-31", "March 2016",
         ["Financially Independent"]),  # the last day named: never overdue before it
        (2, "Launch the self-service portal", "Customer Services Team", None, "Ongoing", []),
        (1, "Shadowing programme", "AW", "2015-10-31", "", []),
    ]  # fmt: skip
    plan = plan_import(data=plan_file, service=world.service, user=world.officer)
    assert sorted(plan.actions.values_list("target_text", flat=True)) == [
        "", "March 2016", "Ongoing",
    ]  # fmt: skip
    section = next(s for s in plan_file["sections"] if s["kind"] == SectionKind.ACTIONS)
    assert "<td>Train the team</td>" in section["body"]


def test_actions_of_a_table_without_objectives_go_under_the_part_s_heading(world, every_kind):
    table = Table(rows=[["Key activity", "Who", "Due"], ["Review the scripts", "HS", "Sep-15"]])
    document = Document(blocks=[Heading("Key activities 2015/16", 1), table])
    sections = with_actions(world, every_kind)
    plan_file, (outcome,) = word_import_plan(document, sections, first_year=2015, last_year=2015)
    assert outcome.structured == 1
    (objective,) = plan_file["objectives"]
    assert objective["title"] == "Key activities 2015/16"
    assert objective["actions"][0]["target_text"] == "Sep-15"
    assert objective["actions"][0]["target_date"] == "2015-09-30"


def test_a_priorities_table_links_the_council_s_own_priorities(world, every_kind, priorities):
    table = Table(
        rows=[
            ["Corporate priority", "Corporate objectives", "Service contribution"],
            ["Financially Independent", "Deliver the customer service strategy", "Channel shift"],
            ["", "Balance the budget", ""],  # the priority above; nothing beside it
            ["Thriving Communities", "", "Events"],
            ["Sustainable Environment", "Plant trees", "Paperless"],
            ["Financially independent", "", "Overall"],
            ["Financially Independent", "Deliver the Customer Service Strategy", "Again"],
        ]
    )
    document = Document(blocks=[Heading("Corporate priorities", 1), table])
    plan_file, (outcome,) = word_import_plan(document, every_kind, first_year=2027, last_year=2027)
    assert outcome.rows.problems == [
        (4, "“Thriving Communities” is not one of your council's corporate priorities"),
        (5, "“Plant trees” is not an objective of “Sustainable Environment” in your council"),
        (7, "The plan already has a contribution to “Deliver the Customer Service Strategy”"),
    ]
    assert [
        (row["priority"], row["objective"], row["contribution"])
        for row in plan_file["priority_contributions"]
    ] == [
        ("Financially Independent", "Deliver the Customer Service Strategy", "Channel shift"),
        ("Financially Independent", "Balance the budget", ""),
        ("Financially Independent", None, "Overall"),
    ]
    plan = plan_import(data=plan_file, service=world.service, user=world.officer)
    assert plan.prioritycontributions.count() == 3


def test_a_sign_off_table_stays_as_text_as_signing_is_done_in_the_app(world, every_kind):
    table = Table(rows=[["Signature/ date", "Comments"], ["S J Muirhead 24.2.24", "Well done"]])
    document = Document(blocks=[Heading("Sign-off", 1), table])
    plan_file, (outcome,) = word_import_plan(document, every_kind, first_year=2024, last_year=2024)
    assert outcome.choice.match.target == "sign_off" and outcome.structured == 0
    assert outcome.reason == (
        "A plan is signed off in the app, by a manager: the signatures written in Word stay as text"
    )
    assert any("<td>S J Muirhead 24.2.24</td>" in s["body"] for s in plan_file["sections"])


def test_three_rivers_priorities_table_links_the_priorities_its_council_has(world, every_kind):
    """The seed's priority theme is one merged cell down its five objectives; with the
    theme and objectives in the council's set-up, each objective is a contribution."""
    name = "three-rivers-customer-services-2021-24"
    document = seed(name)
    table = next(
        block
        for block in document.blocks
        if isinstance(block, Table) and proposed(block, 2020).match.target == "priorities"
    )
    theme = factories.PriorityFactory(
        council=world.council, title="Housing and Thriving Communities"
    )
    for row in table.rows[1:]:
        factories.ObjectiveFactory(priority=theme, title=" ".join(row[1].split()))
    plan_file, outcomes = word_import_plan(document, every_kind, first_year=2020, last_year=2023)
    (outcome,) = [o for o in outcomes if o.choice.match.target == "priorities"]
    assert outcome.structured == 5 and outcome.rows.problems == []
    contributions = plan_file["priority_contributions"]
    assert [row["objective"][:30] for row in contributions] == [
        "We will work on a local plan t",
        "Through our joint ventures and",
        "We will complete the delivery ",
        "We will seek to increase the n",
        "We will work towards reducing ",
    ]
    assert contributions[1]["contribution"].startswith("We will need to review CSC scripting")
    assert contributions[2]["contribution"] == ""
    check = plan_import_check(data=plan_file, service=world.service)
    assert check.ok, check.errors


def test_a_growth_bids_table_becomes_bids_with_their_kind_answers_and_figures(world, every_kind):
    table = Table(
        rows=[
            ["Details of bid", "Reason for bid", "Cost centre", "Start date", "End date",
             "PID required", "Procurement involved", "2027/28", "2028/29"],
            ["Cost – Revenue Webchat licences", "Channel shift", "CS100", "01/04/2027", "",
             "Y", "N – within the existing contract", "10,400", "10,400"],
            ["Saving: fewer printed forms", "", "", "", "", "No", "", "(2,000)", ""],
            ["Kiosks", "", "", "", "Ongoing", "Y", "", "5,000", ""],
            ["Scanners", "", "", "", "", "Maybe", "", "1,000", ""],
            ["Total", "", "", "", "", "", "", "8,400", "10,400"],
        ]
    )  # fmt: skip
    document = Document(blocks=[Heading("Budget", 1), table])
    plan_file, (outcome,) = word_import_plan(document, every_kind, first_year=2027, last_year=2028)
    assert outcome.choice.match.target == "growth_bids" and outcome.structured == 2
    assert outcome.rows.problems == [
        (4, "End date must be a real date, like 31/03/2025 (it says “Ongoing”)"),
        (5, "PID needed must start with Yes or No (it says “Maybe”)"),
        (6, "A total: the plan adds up its own totals"),
    ]
    assert [
        (bid["kind"], bid["details"], bid["start_date"], bid["pid_required"],
         bid["procurement_involved"], bid["procurement_reason"], bid["amounts"])
        for bid in plan_file["growth_bids"]
    ] == [
        ("revenue_cost", "Webchat licences", "2027-04-01", True, False,
         "within the existing contract",
         [{"year": 2027, "amount": "10400"}, {"year": 2028, "amount": "10400"}]),
        ("saving", "fewer printed forms", None, False, False, "",
         [{"year": 2027, "amount": "-2000"}]),
    ]  # fmt: skip
    plan = plan_import(data=plan_file, service=world.service, user=world.officer)
    assert plan.growthbids.count() == 2


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ("Sept 2015", "2015-09-01", "2015-09-30"),
        ("By end of Feb 2016", "2016-02-01", "2016-02-29"),
        ("w/c 5 Oct", "2015-10-05", "2015-10-11"),  # the week; October of the plan's year
        ("January", "2016-01-01", "2016-01-31"),  # January of the plan's year is in 2016
        ("Q4 2015/16", "2016-01-01", "2016-03-31"),
        ("Winter 2015/16", "2015-12-01", "2016-02-29"),
        ("2015/16", "2015-04-01", "2016-03-31"),
    ],
)
def test_words_name_a_span_of_days(words, first, last):
    span = in_words(words, [2015])
    assert (span.first.isoformat(), span.last.isoformat()) == (first, last)


@pytest.mark.parametrize("words", ["TBC", "Ongoing", "Quarterly", "31 Feb 2016", "2015/17"])
def test_words_that_name_no_span_name_none(words):
    assert in_words(words, [2015]) is None


def test_a_month_without_its_year_in_a_plan_of_several_years_is_not_guessed():
    with pytest.raises(NoYear):
        in_words("w/c 5 Oct", [2015, 2016])
