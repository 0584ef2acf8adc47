"""The columns of a section's tables in the council's words and order (plans/columns.py):
relabelled, hidden and moved by the plan's officers or, for new plans, the performance lead."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.columns import PARTS, TABLES, clean_layout, shown_columns
from plans.models import Plan, Section, SectionKind, TemplateSection
from plans.services.editing import plan_create
from tests import factories


def columns_url(section: Section) -> str:
    return reverse("plans:section_columns", args=[section.plan_id, section.pk])


def template_url(section: TemplateSection) -> str:
    return reverse("plans:template_columns", args=[section.pk])


def contracts_of(plan: Plan) -> Section:
    return plan.sections.get(kind=SectionKind.CONTRACTS)


def headers(html: str, caption: str) -> list[str]:
    """The column headers of the table with this caption, as the reader sees them."""
    table = html.split(caption, 1)[1].split("</thead>", 1)[0]
    cells = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def layout_post(form_rows: dict[str, tuple[str, bool, int]], table: str) -> dict:
    """The form's data: for each column key, (label, printed, position); every part of the
    table's kind still printed, as the form offers them."""
    data = {"parts": [name for name, _ in PARTS.get(TABLES[table].kind, [])]}
    data["confirm_hidden"] = confirm_all(table)
    for key, (label, shown, order) in form_rows.items():
        data[f"{table}__{key}__label"] = label
        data[f"{table}__{key}__order"] = str(order)
        if shown:
            data[f"{table}__{key}__shown"] = "on"
    return data


def confirm_all(*tables: str) -> str:
    """Hiding any of these tables' columns confirmed, entries or not (the warning's own tests
    leave it out)."""
    return ",".join(f"{table}.{column.key}" for table in tables for column in TABLES[table].columns)


CONTRACT_COLUMNS = {
    "title": ("Title of Agreement", True, 2),
    "service_area": ("Service area and contact", False, 3),
    "description": ("Description of the goods and / or services", True, 3),
    "supplier": ("Supplier", False, 4),
    "value": ("Value £", True, 1),
    "start_date": ("Start", True, 5),
    "end_date": ("End", True, 6),
    "review_date": ("Review", False, 7),
    "extension_option": ("Option to extend and length of extension", True, 8),
}


def test_without_a_layout_a_table_prints_its_default_columns():
    assert [c.label for c in shown_columns({}, "versions")] == [
        "Version",
        "Date",
        "Reason for update or significant changes",
        "Made by",
        "Reviewer",
    ]
    assert "owner" not in [c.key for c in shown_columns(None, "indicators")]


def test_a_layout_relabels_hides_and_orders_and_never_loses_the_row_s_name():
    layout = {"versions": [{"key": "date"}, {"key": "made_by", "label": "Made By"}]}

    shown = shown_columns(layout, "versions")

    assert [(c.key, c.label) for c in shown] == [
        ("number", "Version"),
        ("date", "Date"),
        ("made_by", "Made By"),
    ]


def test_years_are_labelled_in_turn_and_the_last_label_serves_the_rest():
    layout = {
        "indicators": [
            {"key": "reference"},
            {"key": "targets", "label": "{year} Target (Current year) | {year} Target (Next year)"},
        ]
    }
    targets = shown_columns(layout, "indicators")[1]

    labels = [targets.year_label(i, y) for i, y in enumerate(["2020/21", "2021/22", "2022/23"])]

    assert labels == [
        "2020/21 Target (Current year)",
        "2021/22 Target (Next year)",
        "2022/23 Target (Next year)",
    ]


def test_a_default_layout_is_not_kept_and_a_changed_one_is_trimmed():
    default = [{"key": c.key} for c in TABLES["contacts"].default]
    assert clean_layout({"contacts": default}) == {}
    assert clean_layout({"contacts": [{"key": "name", "label": "  Who  "}]}) == {
        "contacts": [{"key": "name", "label": "Who"}]
    }


def test_an_officer_lays_out_the_contracts_table_and_the_plan_prints_it(client_for, world):
    factories.ContractFactory(plan=world.plan, title="Cash collection", supplier="Acme Ltd")
    client = client_for(world.officer)
    section = contracts_of(world.plan)
    before = client.get(world.plan.get_absolute_url()).content.decode()
    assert headers(before, "Contracts</caption>")[0] == "Title of agreement"

    data = {**layout_post(CONTRACT_COLUMNS, "contracts"), "confirm_hidden": "contracts.supplier"}
    response = client.post(columns_url(section), data)

    assert response.status_code == 302
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert headers(page, "Contracts</caption>") == [
        "Value £",
        "Title of Agreement",
        "Description of the goods and / or services",
        "Start",
        "End",
        "Option to extend and length of extension",
    ]
    assert "Acme Ltd" not in page  # the supplier column is not printed
    assert "Supplier" in client.get(columns_url(section)).content.decode()  # but offered


def test_a_bad_position_is_an_error_and_what_was_typed_is_kept(client_for, world):
    section = contracts_of(world.plan)
    rows = {**CONTRACT_COLUMNS, "end_date": ("Ends", True, "soon"), "start_date": ("", True, 0)}

    response = client_for(world.officer).post(columns_url(section), layout_post(rows, "contracts"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_contracts__end_date__order"' in html
    assert "Enter the position of ‘End’ as a whole number" in html
    assert "The position of ‘Start’ must be 1 or more" in html
    assert 'value="Title of Agreement"' in html and 'value="soon"' in html
    assert Section.objects.get(pk=section.pk).columns == {}


def test_a_label_left_blank_is_the_default_one(client_for, world):
    section = contracts_of(world.plan)
    rows = {**CONTRACT_COLUMNS, "supplier": ("  ", True, 4)}

    client_for(world.officer).post(columns_url(section), layout_post(rows, "contracts"))

    assert {"key": "supplier"} in Section.objects.get(pk=section.pk).columns["contracts"]


def test_the_column_layout_page_is_for_the_plan_s_officers_only(client_for, world):
    section = contracts_of(world.plan)
    assert client_for(world.clerk).get(columns_url(section)).status_code == 403
    assert client_for(world.manager).post(columns_url(section), {}).status_code == 403
    assert client_for(world.officer_b).get(columns_url(section)).status_code == 404
    foreign = contracts_of(world.foreign_plan)
    assert client_for(world.officer).get(columns_url(foreign)).status_code == 404
    narrative = world.plan.sections.filter(kind=SectionKind.NARRATIVE).first()
    assert client_for(world.officer).get(columns_url(narrative)).status_code == 404


def test_a_published_plan_s_columns_cannot_change(client_for, world):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.PUBLISHED)

    response = client_for(world.officer).get(columns_url(contracts_of(world.plan)))

    assert response.status_code == 403


def test_the_lead_lays_out_the_template_and_new_plans_take_it(client_for, world):
    template = TemplateSection.objects.get(
        template__council=world.council, kind=SectionKind.CONTRACTS
    )
    data = layout_post(CONTRACT_COLUMNS, "contracts")

    response = client_for(world.lead).post(template_url(template), data)

    assert response.status_code == 302
    template.refresh_from_db()
    assert template.columns["contracts"][0] == {"key": "value", "label": "Value £"}
    new_plan = plan_create(
        service=world.plan.service, first_year=2029, last_year=2029, user=world.officer
    )
    assert contracts_of(new_plan).columns == template.columns
    assert contracts_of(world.plan).columns == {}  # plans already made keep theirs


def test_the_lead_may_give_the_layout_to_plans_not_yet_published(client_for, world):
    template = TemplateSection.objects.get(
        template__council=world.council, kind=SectionKind.CONTRACTS
    )
    Plan.objects.filter(pk=world.other_plan.pk).update(status=Plan.Status.PUBLISHED)
    data = {**layout_post(CONTRACT_COLUMNS, "contracts"), "apply_to_plans": "on"}

    client_for(world.lead).post(template_url(template), data)

    assert contracts_of(world.plan).columns == TemplateSection.objects.get(pk=template.pk).columns
    assert contracts_of(world.other_plan).columns == {}
    assert contracts_of(world.foreign_plan).columns == {}


def test_the_template_layout_page_is_for_the_council_s_lead_only(client_for, world):
    template = TemplateSection.objects.get(
        template__council=world.council, kind=SectionKind.CONTRACTS
    )
    foreign = TemplateSection.objects.get(template__council=world.foreign_council, kind="contracts")
    assert client_for(world.officer).get(template_url(template)).status_code == 403
    assert client_for(world.clerk).post(template_url(template), {}).status_code == 403
    assert client_for(world.lead).get(template_url(foreign)).status_code == 404
    narrative = TemplateSection.objects.filter(
        template__council=world.council, kind="narrative"
    ).first()
    assert client_for(world.lead).get(template_url(narrative)).status_code == 404


@pytest.mark.parametrize("kind", [SectionKind.VERSIONS, SectionKind.SIGN_OFF])
def test_tables_the_workflow_fills_are_laid_out_from_the_plan_page(client_for, world, kind):
    section = Section.objects.create(plan=world.plan, title=f"The {kind}", kind=kind, position=20)

    page = client_for(world.officer).get(world.plan.get_absolute_url()).content.decode()

    assert f'href="{columns_url(section)}"' in page


def test_indicator_columns_word_each_year_as_the_council_does(client_for, world):
    section = Section.objects.create(
        plan=world.plan, title="Key Performance Indicators", kind=SectionKind.KPIS, position=9
    )
    indicator = factories.IndicatorFactory(service=world.service, title="Calls answered")
    factories.TargetFactory(indicator=indicator, year=2026, value=95)
    rows = {
        "reference": ("PI Ref", True, 1),
        "title": ("PI Description", True, 2),
        "frequency": ("Time period", True, 3),
        "last_actual": ("{year} Actual", True, 4),
        "targets": ("{year} Target (Current year) | {year} Target (Next year)", True, 5),
        "latest": ("Latest result", False, 6),
        "rating": ("Rating", False, 7),
    }
    client = client_for(world.officer)

    assert client.post(columns_url(section), layout_post(rows, "indicators")).status_code == 302

    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert headers(page, "Service performance indicators</caption>") == [
        "PI Ref",
        "PI Description",
        "Time period",
        "2025/26 Actual",
        "2026/27 Target (Current year)",
        "2027/28 Target (Next year)",
        "2028/29 Target (Next year)",
    ]
    assert "Quarterly" in page


def test_risk_scores_print_in_the_council_s_separate_columns(client_for, world):
    section = Section.objects.create(
        plan=world.plan, title="Risk Management", kind=SectionKind.RISKS, position=9
    )
    factories.RiskFactory(service=world.service, title="Loss of the phone system")
    rows = {
        "reference": ("Ref", True, 1),
        "title": ("Risk Description", True, 2),
        "residual_likelihood": ("Residual Likelihood Score", True, 3),
        "residual_impact": ("Residual Impact Score", True, 4),
        "residual_score": ("Residual Risk Score", True, 5),
    }
    client = client_for(world.officer)

    assert client.post(columns_url(section), layout_post(rows, "risks")).status_code == 302

    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert headers(page, "Open risks with their scores</caption>") == [
        "Ref",
        "Risk Description",
        "Residual Likelihood Score",
        "Residual Impact Score",
        "Residual Risk Score",
    ]
    register = client.get(reverse("risks:register", args=[world.service.pk])).content.decode()
    assert "Residual (L × I)" in register  # the register's own page keeps every column


def actions_section(world) -> Section:
    return Section.objects.create(
        plan=world.plan, title="Key activities", kind=SectionKind.ACTIONS, position=9
    )


def test_actions_print_as_cards_until_the_council_asks_for_a_table(client_for, world):
    section = actions_section(world)
    objective = factories.ServiceObjectiveFactory(plan=world.plan, title="Channel shift")
    factories.ActionFactory(
        plan=world.plan, objective=objective, title="Launch web chat", committee="Cabinet"
    )
    rows = {
        "title": ("Key activity/project", True, 2),
        "reference": ("No.", True, 1),
        "objective": ("Service objective", True, 3),
        "committee": ("Which Committee sign off?", True, 4),
        "priorities": ("Corporate priorities", False, 5),
        "target": ("Target / by when", False, 6),
        "responsible": ("Responsible", False, 7),
    }
    client = client_for(world.officer)
    cards = client.get(world.plan.get_absolute_url()).content.decode()
    assert "govuk-summary-card" in cards and "Which Committee sign off?" not in cards

    cards = {c.key: (c.label, c.shown, i) for i, c in enumerate(TABLES["action_cards"].columns, 1)}
    data = {**layout_post(cards, "action_cards"), **layout_post(rows, "actions")}
    data["actions__print"] = "table"
    assert client.post(columns_url(section), data).status_code == 302

    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert headers(page, "Actions</caption>") == [
        "No.",
        "Key activity/project",
        "Service objective",
        "Which Committee sign off?",
    ]
    assert "Cabinet" in page and "Channel shift" in page
    assert "govuk-summary-card" not in page

    data["actions__print"] = "cards"
    client.post(columns_url(section), data)
    assert Section.objects.get(pk=section.pk).columns == {}


def card_rows(html: str, title: str) -> list[tuple[str, str]]:
    """The rows of the card with this title, as (label, value)."""
    card = html.split(title, 1)[1].split('class="govuk-summary-card"', 1)[0]
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt><dd[^>]*>(.*?)</dd>", card, flags=re.S)
    return [(label.strip(), value.strip()) for label, value in pairs]


def test_a_council_words_and_orders_its_measure_cards_rows(client_for, world):
    section = actions_section(world)
    objective = factories.ServiceObjectiveFactory(
        plan=world.plan, title="Performance Measure - To reduce failure demand"
    )
    factories.ActionFactory(
        plan=world.plan,
        objective=objective,
        title="Measure avoidable contact",
        target_text="By 1st Oct 2015",
        responsible="Annette Wade – Customer Services Manager.",
        other_owners="Karen Carter - Customer Engagement Officer.",
        measured_by="Annette Wade – Customer Services Manager.",
        links="Customer Transformation Programme.",
    )
    rows = {
        "responsible": ("Owner", True, 1),
        "other_owners": ("Co owner(s)", True, 2),
        "links": ("Links", True, 3),
        "measured_by": ("Who measures?", True, 4),
    }
    client = client_for(world.officer)
    data = {**layout_post(rows, "action_cards"), "actions__print": "cards"}
    assert client.post(columns_url(section), data).status_code == 302

    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert card_rows(page, "Measure avoidable contact") == [
        ("Owner", "Annette Wade – Customer Services Manager."),
        ("Co owner(s)", "Karen Carter - Customer Engagement Officer."),
        ("Links", "Customer Transformation Programme."),
        ("Who measures?", "Annette Wade – Customer Services Manager."),
    ]
    # The target and the objective's corporate priorities are not in this council's cards.
    assert "By 1st Oct 2015" not in page
    assert "Corporate priorities:" not in page.split("To reduce failure demand", 1)[1]


def test_measure_cards_print_their_default_rows_without_a_layout(client_for, world):
    actions_section(world)
    objective = factories.ServiceObjectiveFactory(plan=world.plan, title="Channel shift")
    factories.ActionFactory(
        plan=world.plan,
        objective=objective,
        title="Launch web chat",
        target_text="Ongoing",
        responsible="Customer Services Team",
        other_owners="ARP",
        links="Digital strategy",
        measure="",
        reporting_frequency="",
    )

    page = client_for(world.officer).get(world.plan.get_absolute_url()).content.decode()

    assert card_rows(page, "Launch web chat") == [
        ("Target", "Ongoing"),
        ("Responsible", "Customer Services Team"),
        ("Links", "Digital strategy"),
    ]


def test_an_actions_table_prints_the_latest_note_alone_as_the_councils_actual(client_for, world):
    section = actions_section(world)
    objective = factories.ServiceObjectiveFactory(plan=world.plan, title="Maximise income")
    action = factories.ActionFactory(
        plan=world.plan, objective=objective, title="Chip and pin at reception"
    )
    factories.ProgressUpdateFactory(action=action, status="delayed", note="****16 weeks overdue")
    rows = {"title": ("Maximise income", True, 1), "latest_note": ("Actual", True, 2)}
    client = client_for(world.officer)
    data = {**layout_post(rows, "actions"), "actions__print": "table"}
    assert client.post(columns_url(section), data).status_code == 302

    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert headers(page, "Maximise income</caption>") == ["Maximise income", "Actual"]
    row = page.split("Chip and pin at reception", 1)[1].split("</tr>", 1)[0]
    assert "****16 weeks overdue" in row and "Q1 2026/27" not in row


def test_actions_table_reads_no_more_as_actions_grow(client_for, world):
    section = actions_section(world)
    section.columns = {"actions": [{"key": "title"}, {"key": "priorities"}, {"key": "objective"}]}
    section.save()
    objective = factories.ServiceObjectiveFactory(plan=world.plan)
    client = client_for(world.officer)

    def queries_for(count: int) -> int:
        for _ in range(count):
            factories.ActionFactory(plan=world.plan, objective=objective)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(world.plan.get_absolute_url()).status_code == 200
        return len(captured)

    queries_for(2)  # the other parts are kept from here on: only the actions are read again
    assert queries_for(1) == queries_for(8)


def test_budget_columns_take_the_council_s_words_and_unit(client_for, world):
    section = world.plan.sections.get(kind=SectionKind.BUDGET)
    factories.BudgetLineFactory(plan=world.plan, description="Front office")
    rows = {
        "description": ("Service area", True, 1),
        "cost_centre": ("Cost Centre code", False, 2),
        "amounts": ("{year} Budget {unit}", True, 3),
        "notes": ("Key risks for budget", True, 4),
    }
    client = client_for(world.officer)

    assert client.post(columns_url(section), layout_post(rows, "budget_lines")).status_code == 302

    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert headers(page, "(£)</caption>") == [
        "Service area",
        "2026/27 Budget £",
        "2027/28 Budget £",
        "2028/29 Budget £",
        "Key risks for budget",
    ]


def test_two_budget_sections_each_print_their_own_table(client_for, world):
    lines = world.plan.sections.get(kind=SectionKind.BUDGET)
    bids = Section.objects.create(
        plan=world.plan, title="Growth bids 24/25", kind=SectionKind.BUDGET, position=3
    )
    factories.BudgetLineFactory(plan=world.plan, description="Front office")
    factories.GrowthBidFactory(plan=world.plan, details="Web chat licences")
    client = client_for(world.officer)
    form = client.get(columns_url(bids)).content.decode()
    assert "What does this section print?" in form

    confirm = confirm_all("budget_lines", "growth_bids")
    for section, part in [(lines, "budget_lines"), (bids, "growth_bids")]:
        data = {"parts": [part], "confirm_hidden": confirm}
        data |= {
            f"{t}__{c.key}__shown": "on"
            for t in ("budget_lines", "growth_bids")
            for c in TABLES[t].default
        }
        client.post(columns_url(section), data)

    page = client.get(world.plan.get_absolute_url()).content.decode()
    budget_part = page.split(f'id="{lines.anchor}"', 1)[1].split(f'id="{bids.anchor}"', 1)[0]
    bids_part = page.split(f'id="{bids.anchor}"', 1)[1].split("</section>", 1)[0]
    assert "Front office" in budget_part and "Web chat licences" not in budget_part
    assert "Web chat licences" in bids_part and "Front office" not in bids_part
    assert ">Growth bids</h3>" not in bids_part  # the section's own title says it


def test_a_section_prints_at_least_one_of_its_parts(client_for, world):
    section = world.plan.sections.get(kind=SectionKind.WORKFORCE)

    response = client_for(world.officer).post(
        columns_url(section), {"skills__job_title__label": "x"}
    )

    assert "Choose at least one thing this section prints" in response.content.decode()
    assert Section.objects.get(pk=section.pk).columns == {}


def test_a_section_printing_nothing_it_has_is_left_out_of_print(world):
    from plans.document import plan_document, plan_queryset

    factories.GrowthBidFactory(plan=world.plan, details="Web chat licences")
    lines = world.plan.sections.get(kind=SectionKind.BUDGET)
    lines.columns = {"parts": ["budget_lines"]}
    lines.save()

    document = plan_document(plan_queryset().get(pk=world.plan.pk))

    budget = next(item for item in document.sections if item.section.pk == lines.pk)
    assert not budget.has_content  # its lines are empty; the bids are another section's


def test_hiding_a_column_with_entries_warns_and_asks_first(client_for, world):
    section = contracts_of(world.plan)
    factories.ContractFactory(plan=world.plan, title="Cash collection", supplier="Acme Ltd")
    rows = {**CONTRACT_COLUMNS, "service_area": ("Service area and contact", True, 3)}
    client = client_for(world.officer)

    unconfirmed = {**layout_post(rows, "contracts"), "confirm_hidden": ""}
    warned = client.post(columns_url(section), unconfirmed)

    html = warned.content.decode()
    assert warned.status_code == 200
    assert "Entries in these columns would no longer print" in html
    assert "Supplier: 1 row with an entry" in html
    assert 'name="confirm_hidden" value="contracts.supplier"' in html
    assert Section.objects.get(pk=section.pk).columns == {}

    confirmed = {**unconfirmed, "confirm_hidden": "contracts.supplier"}
    assert client.post(columns_url(section), confirmed).status_code == 302
    assert "supplier" not in str(Section.objects.get(pk=section.pk).columns)


def test_an_empty_column_hides_without_a_warning(client_for, world):
    section = contracts_of(world.plan)
    factories.ContractFactory(plan=world.plan, title="Cash collection", supplier="")
    rows = {**CONTRACT_COLUMNS, "service_area": ("Service area and contact", True, 3)}

    data = {**layout_post(rows, "contracts"), "confirm_hidden": ""}

    response = client_for(world.officer).post(columns_url(section), data)

    assert response.status_code == 302


def test_a_label_can_be_the_whole_question_a_council_heads_its_column_with(client_for, world):
    # Spelthorne heads its growth bids' second column with a 211-character question.
    question = (
        "Reason for Bid and confirm which priority in the new corporate plan this relates to "
        "CARES (Community, Addressing Housing Need, Resilience, Environment & Services) include "
        "consideration of future years items. (2)"
    )
    section = contracts_of(world.plan)
    rows = {**CONTRACT_COLUMNS, "description": (question, True, 3)}

    response = client_for(world.officer).post(columns_url(section), layout_post(rows, "contracts"))

    assert response.status_code == 302
    assert {"key": "description", "label": question} in Section.objects.get(pk=section.pk).columns[
        "contracts"
    ]
    too_long = {**CONTRACT_COLUMNS, "description": ("x" * 301, True, 3)}
    response = client_for(world.officer).post(
        columns_url(section), layout_post(too_long, "contracts")
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
