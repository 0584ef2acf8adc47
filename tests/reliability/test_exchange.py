"""Export a plan as JSON and import it again: every part, checked first, all or nothing."""

import base64
import copy
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from PIL import Image

from plans.exchange.format import FORMAT_VERSION
from plans.exchange.plan_file import plan_export, plan_import, plan_import_check
from plans.models import (
    BudgetAmount,
    CarbonSaving,
    GrowthBidAmount,
    OrgChart,
    Plan,
    Section,
    SectionKind,
    TableRow,
)
from tests import factories

VOLATILE = {"exported_at", "source", "signed_at", "issued_at"}


def png_bytes(size=(24, 16)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def fill_every_part(plan):
    """Give a plan one or two rows in every part, with figures per year and an org chart."""
    council = plan.service.directorate.council
    priority = factories.PriorityFactory(council=council, title="Sustainable Environment")
    objective = factories.ObjectiveFactory(priority=priority, title="Cut carbon by 2030")
    overview = plan.sections.get(kind=SectionKind.NARRATIVE)
    overview.body = "<p>We answer <strong>every</strong> call.</p>"
    overview.save()
    line = factories.BudgetLineFactory(plan=plan, position=1)
    BudgetAmount.objects.create(line=line, year=2026, amount=Decimal("1615700.00"))
    BudgetAmount.objects.create(line=line, year=2027, amount=Decimal("-250.50"))
    bid = factories.GrowthBidFactory(plan=plan, priority=priority, start_date=dt.date(2026, 4, 1))
    GrowthBidAmount.objects.create(bid=bid, year=2028, amount=Decimal("10400.00"))
    factories.SinglePointOfFailureFactory(plan=plan)
    factories.SkillRequirementFactory(plan=plan)
    factories.PriorityContributionFactory(plan=plan, priority=priority, objective=objective)
    factories.PriorityContributionFactory(plan=plan, priority=priority, objective=None)
    factories.ContractFactory(plan=plan)
    initiative = factories.CarbonInitiativeFactory(plan=plan)
    CarbonSaving.objects.create(initiative=initiative, year=2026, tonnes=Decimal("12.50"))
    factories.ForwardPlanItemFactory(plan=plan, decision_date=dt.date(2027, 1, 14))
    factories.KeyContactFactory(plan=plan, email="dana@example.org")
    own = factories.SectionFactory(
        plan=plan, kind=SectionKind.TABLE, title="Document control", position=40,
        columns={"table": [{"key": "cell_1"}, {"key": "cell_2"}], "no_header": ["table"]},
    )  # fmt: skip
    TableRow.objects.create(plan=plan, section=own, cell_1="Version:", cell_2="V3 May 2024")
    chart = OrgChart(
        plan=plan, alt_text="Manager leads two teams", uploaded_at=dt.datetime.now(dt.UTC)
    )
    from django.core.files.base import ContentFile

    chart.image.save("chart.png", ContentFile(png_bytes()), save=False)
    chart.width, chart.height = 24, 16
    chart.save()
    fill_version_2_parts(plan, priority, objective)
    return priority


def fill_version_2_parts(plan, priority, objective):
    """Key issues, objectives with actions and progress, projects, the service's KPIs and risks."""
    factories.KeyIssueFactory(plan=plan, position=1)
    service_objective = factories.ServiceObjectiveFactory(
        plan=plan, title="Fewer repeat calls", priorities=[priority]
    )
    service_objective.corporate_objectives.set([objective])
    officer = plan.created_by
    action = factories.ActionFactory(
        objective=service_objective, lead_officer=officer, reference="1a", responsible="JB/KM"
    )
    action.co_owners.set([officer])
    action.priorities.set([priority])
    factories.ProgressUpdateFactory(action=action, year=2026, quarter=1)
    factories.ProgressUpdateFactory(
        action=action, year=2026, quarter=2, status="delayed", note="Supplier late."
    )
    project = factories.ProjectFactory(plan=plan)
    factories.MilestoneFactory(project=project, year=2026, quarter=1)
    factories.MilestoneFactory(project=project, year=2027, quarter=None, description="Go live")
    indicator = factories.IndicatorFactory(service=plan.service, code="CS01")
    indicator.priorities.set([priority])
    indicator.objectives.set([objective])
    factories.TargetFactory(indicator=indicator, year=2026, value=Decimal("95.00"))
    factories.ResultFactory(indicator=indicator, year=2026, period=1, value=Decimal("96.50"))
    risk = factories.RiskFactory(service=plan.service, reference="CS-R1", target_likelihood=1,
                                 target_impact=2)  # fmt: skip
    risk.priorities.set([priority])


def without_volatile(value):
    """The export with ids, timestamps and the source plan left out."""
    if isinstance(value, dict):
        return {k: without_volatile(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [without_volatile(v) for v in value]
    return value


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def target_with_priority(world):
    """The foreign council, with the same corporate priority and objective by title."""
    priority = factories.PriorityFactory(
        council=world.foreign_council, title="Sustainable Environment"
    )
    factories.ObjectiveFactory(priority=priority, title="Cut carbon by 2030")
    return factories.ServiceFactory(
        directorate=world.foreign_plan.service.directorate, name="Waste", code="waste"
    )


def without_people(document):
    """The export with lead officers and co-owners blank, as in a council that lacks them."""
    document = copy.deepcopy(document)
    for objective in document["objectives"]:
        for action in objective["actions"]:
            action["lead_officer"], action["co_owners"] = None, []
    return document


def test_export_import_export_gives_the_same_json(world, media):
    fill_every_part(world.plan)
    first = plan_export(plan=world.plan)
    target = target_with_priority(world)
    copy_of = plan_import(data=json.loads(json.dumps(first)), service=target, user=None)
    second = plan_export(plan=copy_of)
    assert copy_of.status == Plan.Status.DRAFT
    assert copy_of.service == target
    assert second["source"]["council"] == "Elsewhere Borough Council"
    # The officer has no account in the other council: left blank, with a note.
    username = world.plan.created_by.username
    assert first["objectives"][0]["actions"][0]["lead_officer"] == username
    assert f"{username!r} has no account in this council; left blank" in copy_of.import_notes[0]
    assert without_volatile(second) == without_volatile(without_people(first))
    # Every part really holds rows, so the comparison above compared something.
    for key in ["sections", "budget_lines", "growth_bids", "single_points_of_failure", "skills",
                "priority_contributions", "contracts", "carbon_initiatives", "forward_plan",
                "key_contacts", "sign_offs", "key_issues", "objectives", "projects",
                "service_indicators", "service_risks"]:  # fmt: skip
        assert second[key], key
    action = second["objectives"][0]["actions"][0]
    assert [u["status"] for u in action["progress_updates"]] == ["on_track", "delayed"]
    assert (action["reference"], action["responsible"]) == ("1a", "JB/KM")
    assert action["priorities"] == ["Sustainable Environment"]
    assert copy_of.actions.get().priorities.get().council == world.foreign_council
    assert [m["quarter"] for m in second["projects"][0]["milestones"]] == [1, None]
    indicator = second["service_indicators"][0]
    assert indicator["targets"] == [{"year": 2026, "kind": "number", "value": "95.00", "text": ""}]
    assert indicator["results"][0]["value"] == "96.50"
    assert second["service_risks"][0]["residual_likelihood"] == 2
    # Links to corporate priorities travel by title and land on the target council's own.
    assert indicator["priorities"] == ["Sustainable Environment"]
    assert indicator["corporate_objectives"] == [
        {"priority": "Sustainable Environment", "objective": "Cut carbon by 2030"}
    ]
    assert second["service_risks"][0]["priorities"] == ["Sustainable Environment"]
    imported_indicator = target.indicators.get()
    assert imported_indicator.priorities.get().council == world.foreign_council
    assert imported_indicator.objectives.get().priority.council == world.foreign_council
    assert target.risks.get().priorities.get().council == world.foreign_council
    assert second["budget_lines"][0]["amounts"] == [
        {"year": 2026, "column": 0, "amount": "1615700.00"},
        {"year": 2027, "column": 0, "amount": "-250.50"},
    ]
    assert second["org_chart"]["sha256"] == first["org_chart"]["sha256"]


def test_export_holds_versions_and_signatures_for_the_record(world, media):
    from plans.models import PlanVersion

    PlanVersion.objects.create(
        plan=world.plan, number=1, issued_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
        reason="Approved by Cabinet", made_by=world.manager, snapshot_html="<p>plan</p>",
    )  # fmt: skip
    block = world.plan.sign_offs.first()
    block.signed_by, block.signed_name = world.manager, "Pat Manager"
    block.signed_at = dt.datetime(2026, 4, 30, tzinfo=dt.UTC)
    block.save()
    exported = plan_export(plan=world.plan)
    assert exported["format_version"] == FORMAT_VERSION
    assert exported["versions"][0]["reason"] == "Approved by Cabinet"
    assert exported["versions"][0]["made_by"] == world.manager.get_full_name()
    assert exported["sign_offs"][0]["signed_name"] == "Pat Manager"
    # A new draft starts unsigned and without versions.
    target = target_with_priority(world)
    copy_of = plan_import(data=exported, service=target, user=None)
    assert not copy_of.versions.exists()
    assert [b.title for b in copy_of.sign_offs.all()] == [
        b.title for b in world.plan.sign_offs.all()
    ]
    assert not copy_of.sign_offs.filter(signed_at__isnull=False).exists()


def broken(exported, path, value):
    """A copy of the export with one value replaced (path like 'contracts.0.value')."""
    data = copy.deepcopy(exported)
    *parents, last = path.split(".")
    target = data
    for step in parents:
        target = target[int(step)] if step.isdigit() else target[step]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


BAD_VALUES = [
    ("format_version", 99, "format version 99"),
    ("format", "something-else", "This is not a plan export"),
    ("plan.last_year", 2030, "2030/31 is not a financial year of this council"),
    ("plan.last_year", 2035, "A plan covers at most 5 years; this file says 2026 to 2035"),
    ("budget_lines.0.category", "bribes", "is not a valid choice"),
    ("budget_lines.0.amounts.0.year", 2031, "2031 is not a year of the plan"),
    ("budget_lines.0.amounts.0.amount", "NaN", "must be a finite number"),
    ("budget_lines.0.amounts.0.amount", "Infinity", "must be a finite number"),
    ("budget_lines.0.amounts.0.amount", "1e40", "Ensure that there are no more than"),
    ("budget_lines.0.amounts.0.amount", "twelve", "'twelve' is not a number"),
    ("contracts.0.value", "-5", "contract_value_not_negative"),
    ("contracts.0.start_date", "2026-02-30", "is not a real date"),
    ("contracts.0.end_date", "2020-01-01", "The end date must be the same as or after"),
    ("carbon_initiatives.0.savings.0.tonnes", "-3", "carbonsaving_not_negative"),
    ("growth_bids.0.priority", "Make Everything Better", "is not a corporate priority"),
    (
        "service_indicators.0.priorities.0",
        "Make Everything Better",
        "service_indicators[0].priorities: 'Make Everything Better' is not a corporate priority "
        "of this council",
    ),
    (
        "service_indicators.0.corporate_objectives.0.objective",
        "Nope",
        "service_indicators[0].corporate_objectives[0]: 'Nope' is not an objective of "
        "'Sustainable Environment' in this council",
    ),
    ("service_indicators.0.priorities", "Sustainable Environment", "must be a list of titles"),
    (
        "service_risks.0.priorities.0",
        "Thriving Communities",
        "service_risks[0].priorities: 'Thriving Communities' is not a corporate priority of "
        "this council",
    ),
    ("priority_contributions.0.objective", "Nope", "is not an objective of"),
    ("key_contacts.0.email", "not-an-email", "Enter a valid email address"),
    ("key_contacts.0.name", "x" * 201, "Ensure this value has at most 200 characters"),
    ("key_contacts.0.name", "bad\x00name", "NUL character"),
    ("skills.0.qualifications", "q" * 100_001, "is too long"),
    ("forward_plan.0.key_decision", "yes", "must be true or false"),
    ("sections.0.kind", "script", "is not a valid choice"),
    ("org_chart.data_base64", "!!not base64!!", "is not valid base64"),
    (
        "org_chart.data_base64",
        base64.b64encode(b"<svg onload=alert(1)>").decode(),
        "must be a PNG or JPEG",
    ),
    ("contracts.0.surprise", "x", "is not a field this format knows"),
]


@pytest.mark.parametrize(("path", "value", "message"), BAD_VALUES)
def test_a_wrong_value_refuses_the_whole_file(world, media, path, value, message):
    fill_every_part(world.plan)
    exported = json.loads(json.dumps(plan_export(plan=world.plan)))
    target = target_with_priority(world)
    before = Plan.objects.count(), Section.objects.count(), OrgChart.objects.count()
    check = plan_import_check(data=broken(exported, path, value), service=target)
    assert any(message in error for error in check.errors), check.errors
    with pytest.raises(Exception) as refused:
        plan_import(data=broken(exported, path, value), service=target, user=None)
    assert any(message in m for m in refused.value.messages)
    assert (Plan.objects.count(), Section.objects.count(), OrgChart.objects.count()) == before


def test_every_problem_is_listed_not_just_the_first(world, media):
    fill_every_part(world.plan)
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    data["contracts"][0]["value"] = "lots"
    data["key_contacts"][0]["email"] = "nope"
    check = plan_import_check(data=data, service=target_with_priority(world))
    assert len(check.errors) == 2
    assert check.errors[0].startswith("contracts[0].value:")
    assert check.errors[1].startswith("key_contacts[0].email:")


def test_import_into_a_service_that_has_a_plan_that_year_is_refused(world, media):
    data = plan_export(plan=world.plan)
    check = plan_import_check(data=data, service=world.plan.service)
    assert "plan: Customer Services already has a plan starting in 2026/27" in check.errors


def test_rich_text_from_a_file_is_sanitised(world, media):
    data = plan_export(plan=world.plan)
    data["sections"][0]["body"] = (
        '<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:x">l</a></p>'
    )
    plan = plan_import(data=data, service=target_with_priority(world), user=None)
    body = plan.sections.get(position=data["sections"][0]["position"]).body
    assert "script" not in body and "onclick" not in body and "javascript" not in body
    assert "Hi" in body


def test_export_and_import_commands(world, media, tmp_path, capsys):
    fill_every_part(world.plan)
    target_with_priority(world)
    path = tmp_path / "plan.json"
    call_command("export_plan", str(world.plan.pk), "--output", str(path))
    assert json.loads(path.read_text())["format"] == "serviceplans-plan"
    call_command("import_plan", str(path), "--service", "waste")
    assert "as a new draft plan" in capsys.readouterr().out
    imported = Plan.objects.get(service__code="waste")
    assert imported.contracts.get().supplier == "Northgate Voice Ltd"
    # Again: the service now has that year, so nothing more is written.
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_plan", str(path), "--service", "waste")
    assert Plan.objects.filter(service__code="waste").count() == 1
    path.write_text("{not json")
    with pytest.raises(CommandError, match="must be a JSON file exported from a plan"):
        call_command("import_plan", str(path), "--service", "waste")
    with pytest.raises(CommandError, match="no service with the code"):
        call_command("import_plan", str(path), "--service", "nope")
    with pytest.raises(CommandError, match="no plan with id"):
        call_command("export_plan", "999999")


def test_the_documented_example_file_imports(world, media):
    from pathlib import Path

    example = json.loads((Path(__file__).parents[2] / "docs/plan-export-example.json").read_text())
    # The target council has the example's corporate priorities and objectives, by title.
    links = [(row["priority"], row["objective"]) for row in example["priority_contributions"]]
    for row in example["objectives"] + example["service_indicators"] + example["service_risks"]:
        links += [(title, None) for title in row["priorities"]]
        links += [(o["priority"], o["objective"]) for o in row.get("corporate_objectives", [])]
    priorities = {}
    for title, objective_title in links:
        if title not in priorities:
            priorities[title] = factories.PriorityFactory(
                council=world.foreign_council, title=title
            )
        if objective_title and not priorities[title].objectives.filter(title=objective_title):
            factories.ObjectiveFactory(priority=priorities[title], title=objective_title)
    target = factories.ServiceFactory(
        directorate=world.foreign_plan.service.directorate, code="cs2"
    )
    plan = plan_import(data=example, service=target, user=None)
    assert plan.sections.count() == len(example["sections"])
    assert plan.budgetlines.count() == len(example["budget_lines"])
    assert OrgChart.objects.get(plan=plan).width == 8
    assert plan.actions.count() == sum(len(o["actions"]) for o in example["objectives"])
    assert target.indicators.count() == len(example["service_indicators"])
    assert example["format_version"] == FORMAT_VERSION
    # The example shows every field the exporter writes for an action.
    from plans.exchange.actions import ACTION_FIELDS, ACTION_FIELDS_SINCE_4

    assert set(ACTION_FIELDS + ACTION_FIELDS_SINCE_4) <= set(example["objectives"][0]["actions"][0])
    linked = target.indicators.get(code="CS07").priorities.get()
    assert linked.title == "Housing and Thriving Communities"
    assert linked.council == world.foreign_council
    assert target.risks.filter(priorities__isnull=False).count() == len(example["service_risks"])


def test_people_are_matched_by_username_in_the_same_council(world, media):
    fill_every_part(world.plan)
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    copy_of = plan_import(data=data, service=world.sibling_service, user=None)
    action = copy_of.actions.get()
    assert action.lead_officer == world.plan.created_by
    assert list(action.co_owners.all()) == [world.plan.created_by]
    # Indicator codes are unique in a council: the council has CS01, so it is not added.
    assert not copy_of.service.indicators.exists()
    assert any("already has an indicator CS01; not imported" in n for n in copy_of.import_notes)
    # The sibling service had no risk CS-R1: it is added, on this council's matrix by number.
    risk = copy_of.service.risks.get()
    assert (risk.reference, risk.inherent_likelihood, risk.matrix.size) == ("CS-R1", 3, 4)


def test_a_service_that_has_the_risk_keeps_its_own(world, media):
    fill_every_part(world.plan)
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    target = target_with_priority(world)
    factories.RiskFactory(service=target, reference="CS-R1", title="Our own")
    copy_of = plan_import(data=data, service=target, user=None)
    assert target.risks.get().title == "Our own"
    assert any("already has a risk CS-R1; not imported" in n for n in copy_of.import_notes)


def test_a_risk_scored_beyond_the_target_matrix_is_left_out_with_a_note(world, media):
    fill_every_part(world.plan)
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    data["service_risks"][0]["inherent_impact"] = 5
    copy_of = plan_import(data=data, service=target_with_priority(world), user=None)
    assert not copy_of.service.risks.exists()
    assert any("beyond this council's 4 × 4 matrix" in n for n in copy_of.import_notes)


def without_version_4_fields(data: dict) -> dict:
    # (5): nor has an older file
    del data["table_rows"], data["section_figures"], data["plan"]["bid_later_years"]
    for section in data["sections"]:
        del section["level"], section["body_after"], section["columns"]
    for line in data["budget_lines"]:
        for amount in line["amounts"]:
            del amount["column"]
    for name in ["budget_unit", "budget_prior_years", "budget_prior_columns", "budget_year_column"]:
        del data["plan"][name]
    for indicator in data.get("service_indicators", []):
        del indicator["reference"], indicator["position"], indicator["baseline_text"]
        for figure in indicator["targets"] + indicator["results"]:
            del figure["text"]
    for objective in data.get("objectives", []):
        for action in objective["actions"]:
            del action["reference"], action["responsible"], action["priorities"]
    del data["plan"]["title"]
    return data


def test_levels_text_after_tables_and_the_title_travel(world, media):
    budget = world.plan.sections.get(kind=SectionKind.BUDGET)
    budget.level, budget.body, budget.body_after = 2, "<p>Before</p>", "<p>After</p>"
    budget.save()
    world.plan.printed_title = "Customer Services Centre Service Plan 2026 - 2029"
    world.plan.save()
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    data["sections"][1]["body_after"] += "<script>alert(1)</script>"

    copy_of = plan_import(data=data, service=target_with_priority(world), user=None)

    copied = copy_of.sections.get(kind=SectionKind.BUDGET)
    assert (copied.level, copied.body, copied.body_after) == (2, "<p>Before</p>", "<p>After</p>")
    assert copy_of.title == "Customer Services Centre Service Plan 2026 - 2029"


def test_a_section_s_column_layout_travels(world, media):
    contracts = world.plan.sections.get(kind=SectionKind.CONTRACTS)
    contracts.columns = {
        "contracts": [{"key": "title", "label": "Title of Agreement"}, {"key": "supplier"}]
    }
    contracts.save()
    data = json.loads(json.dumps(plan_export(plan=world.plan)))

    copy_of = plan_import(data=data, service=target_with_priority(world), user=None)

    assert copy_of.sections.get(kind=SectionKind.CONTRACTS).columns == contracts.columns


@pytest.mark.parametrize(
    "layout, message",
    [
        ({"budgets": []}, "There is no table called 'budgets'."),
        ({"contracts": [{"key": "colour"}]}, "The contracts table has no column"),
        ({"contracts": [{"key": "title", "label": "x" * 301}]}, "at most 300 characters"),
        (["contracts"], "A column layout is an object of tables."),
    ],
)
def test_a_column_layout_the_app_cannot_print_is_refused(world, media, layout, message):
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    data["sections"][0]["columns"] = layout

    with pytest.raises(ValidationError) as refused:
        plan_import(data=data, service=target_with_priority(world), user=None)

    assert any(
        error.startswith("sections[0].columns: ") and message in error
        for error in refused.value.messages
    )


def test_a_budget_with_years_before_the_plan_travels(world, media):
    plan = world.plan
    plan.budget_unit, plan.budget_prior_years = "£000", 1
    plan.budget_prior_columns, plan.budget_year_column = "Budget, Outturn", "Budget"
    plan.save()
    line = factories.BudgetLineFactory(plan=plan, description="Front office")
    for year, column, amount in [(2025, 0, "100"), (2025, 1, "96"), (2026, 0, "110")]:
        BudgetAmount.objects.create(line=line, year=year, column=column, amount=Decimal(amount))
    data = json.loads(json.dumps(plan_export(plan=plan)))

    copy_of = plan_import(data=data, service=target_with_priority(world), user=None)

    assert (copy_of.budget_unit, copy_of.budget_prior_years) == ("£000", 1)
    assert (copy_of.budget_prior_columns, copy_of.budget_year_column) == (
        "Budget, Outturn",
        "Budget",
    )
    amounts = BudgetAmount.objects.filter(line__plan=copy_of).order_by("year", "column")
    assert [(a.year, a.column, a.amount) for a in amounts] == [
        (2025, 0, Decimal("100.00")), (2025, 1, Decimal("96.00")), (2026, 0, Decimal("110.00")),
    ]  # fmt: skip


def test_a_version_3_file_still_imports_and_refuses_version_4_fields(world, media):
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    data["format_version"] = 3
    target = target_with_priority(world)
    check = plan_import_check(data=data, service=target)
    assert "sections[0].level: is not a field this format knows" in check.errors

    copy_of = plan_import(data=without_version_4_fields(data), service=target, user=None)
    assert {section.level for section in copy_of.sections.all()} == {1}


def test_a_version_1_file_still_imports(world, media):
    fill_every_part(world.plan)
    data = without_version_4_fields(json.loads(json.dumps(plan_export(plan=world.plan))))
    for key in ["key_issues", "objectives", "projects", "service_indicators", "service_risks"]:
        del data[key]
    data["format_version"] = 1
    copy_of = plan_import(data=data, service=target_with_priority(world), user=None)
    assert copy_of.contracts.count() == 1
    assert not copy_of.actions.exists()


def test_a_version_2_file_still_imports_without_priority_links(world, media):
    fill_every_part(world.plan)
    data = without_version_4_fields(json.loads(json.dumps(plan_export(plan=world.plan))))
    for row in data["service_indicators"]:
        del row["priorities"], row["corporate_objectives"]
    for row in data["service_risks"]:
        del row["priorities"]
    data["format_version"] = 2
    target = target_with_priority(world)
    plan_import(data=data, service=target, user=None)
    assert not target.indicators.get().priorities.exists()
    assert not target.risks.get().priorities.exists()


def test_a_version_2_file_with_priority_links_is_refused(world, media):
    fill_every_part(world.plan)
    data = without_version_4_fields(json.loads(json.dumps(plan_export(plan=world.plan))))
    data["format_version"] = 2
    check = plan_import_check(data=data, service=target_with_priority(world))
    assert check.errors == [
        "service_indicators[0].corporate_objectives: is not a field this format knows",
        "service_indicators[0].priorities: is not a field this format knows",
        "service_risks[0].priorities: is not a field this format knows",
    ]


def test_links_of_an_indicator_or_risk_left_out_need_not_exist(world, media):
    """The target already has CS01 and CS-R1: they are not written, so neither are their
    links, and a priority the target council lacks does not refuse the file."""
    fill_every_part(world.plan)
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    data["service_indicators"][0]["priorities"] = ["Only In Testshire"]
    data["service_indicators"][0]["corporate_objectives"] = [
        {"priority": "Only In Testshire", "objective": "Nowhere"}
    ]
    data["service_risks"][0]["priorities"] = ["Only In Testshire"]
    target = target_with_priority(world)
    own = factories.IndicatorFactory(service=target, code="CS01")
    factories.RiskFactory(service=target, reference="CS-R1", title="Our own")
    copy_of = plan_import(data=data, service=target, user=None)
    assert list(target.indicators.all()) == [own]
    assert not own.priorities.exists()
    assert not target.risks.get().priorities.exists()
    assert any("already has an indicator CS01; not imported" in n for n in copy_of.import_notes)


def test_a_version_1_file_with_version_2_parts_is_refused(world, media):
    fill_every_part(world.plan)
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    data["format_version"] = 1
    check = plan_import_check(data=data, service=target_with_priority(world))
    assert "objectives: is not a part this format knows" in check.errors


def test_an_action_without_a_target_refuses_the_whole_file(world, media):
    fill_every_part(world.plan)
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    action = data["objectives"][0]["actions"][0]
    action["target_date"], action["target_text"] = None, ""
    check = plan_import_check(data=data, service=target_with_priority(world))
    assert check.errors == [
        "objectives[0].actions[0].target_date: "
        "Enter a target date or a target as text, like Ongoing"
    ]
