"""A section's own table: the council names its columns, its officers type its rows, and it
prints as typed (document control, a provisional budget matrix, an appetite grid)."""

import re

from django.urls import reverse

from plans.columns import TABLES
from plans.exchange.plan_file import plan_export, plan_import, plan_import_check
from plans.models import Plan, Section, SectionKind, TableRow
from plans.services.roll_forward import plan_roll_forward
from tests import factories
from tests.plans.helpers import formset_data
from tests.plans.test_pdf import pdf_text
from tests.plans.test_pdf_content import whole_pdf

DOCUMENT_CONTROL = {
    "table": [{"key": "cell_1", "label": "Field"}, {"key": "cell_2", "label": "Value"}],
    "no_header": ["table"],
}
MATRIX = {
    "table": [
        {"key": "cell_1", "label": "Provisional 2024/25"},
        {"key": "cell_2", "label": "Revenue Expenditure Budget £"},
        {"key": "cell_3", "label": "Projected Income £"},
    ]
}


def own_table(plan: Plan, title: str, layout: dict, position: int = 30) -> Section:
    return factories.SectionFactory(
        plan=plan,
        kind=SectionKind.TABLE,
        title=title,
        number="",
        position=position,
        columns=layout,
    )


def edit_url(section: Section) -> str:
    return reverse("plans:section_edit", args=[section.plan_id, section.pk])


def columns_url(section: Section) -> str:
    return reverse("plans:section_columns", args=[section.plan_id, section.pk])


def test_an_officer_types_rows_under_the_council_s_own_columns(client_for, world):
    section = own_table(world.plan, "Provisional budget", MATRIX)
    client = client_for(world.officer)
    form = client.get(edit_url(section)).content.decode()
    assert "Revenue Expenditure Budget £" in form and "Column 4" not in form

    rows = [
        {"cell_1": "Expenditure Costs", "cell_2": "X", "cell_3": "0"},
        {"cell_1": "Total 2024/25", "cell_2": "1,304,000", "cell_3": "X"},
    ]
    response = client.post(
        edit_url(section), {"version": section.version, **formset_data("rows", rows)}
    )

    assert response.status_code == 302
    assert [r.cell_2 for r in TableRow.objects.filter(section=section)] == ["X", "1,304,000"]
    page = client.get(world.plan.get_absolute_url()).content.decode()
    table = page.split("Provisional budget</caption>", 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<th scope="col"[^>]*>\s*(.*?)\s*</th>', table) == [
        "Provisional 2024/25",
        "Revenue Expenditure Budget £",
        "Projected Income £",
    ]
    assert '<th scope="row" class="govuk-table__header">Total 2024/25</th>' in table
    text = pdf_text(whole_pdf(world.plan))
    assert "Provisional 2024/25 Revenue Expenditure Budget £ Projected Income £" in text
    assert "Total 2024/25 1,304,000 X" in text


def test_a_table_of_labels_and_values_prints_without_a_header(client_for, world):
    section = own_table(world.plan, "Document control", DOCUMENT_CONTROL)
    factories_rows = [("Version:", "V3 May 2024"), ("Plan Status:", "Final")]
    for position, (label, value) in enumerate(factories_rows, start=1):
        TableRow.objects.create(
            plan=world.plan, section=section, position=position, cell_1=label, cell_2=value
        )
    page = client_for(world.officer).get(world.plan.get_absolute_url()).content.decode()
    table = page.split("Document control</caption>", 1)[1].split("</table>", 1)[0]
    assert "<thead" not in table
    text = pdf_text(whole_pdf(world.plan))
    assert "Version: V3 May 2024 Plan Status: Final" in text
    assert "Field Value" not in text


def test_two_own_tables_of_a_plan_each_keep_their_rows(client_for, world):
    first = own_table(world.plan, "Document control", DOCUMENT_CONTROL, position=30)
    second = own_table(world.plan, "Provisional budget", MATRIX, position=31)
    client = client_for(world.officer)
    for section, text in [(first, "Reviewer:"), (second, "Expenditure Costs")]:
        client.post(
            edit_url(section),
            {"version": section.version, **formset_data("rows", [{"cell_1": text}])},
        )
    assert list(first.table_rows.values_list("cell_1", flat=True)) == ["Reviewer:"]
    assert list(second.table_rows.values_list("cell_1", flat=True)) == ["Expenditure Costs"]
    form = client.get(edit_url(first)).content.decode()
    assert "Reviewer:" in form and "Expenditure Costs" not in form


def test_an_empty_own_table_is_left_out_of_the_pdf(world):
    own_table(world.plan, "Document control", DOCUMENT_CONTROL)
    assert "Document control" not in pdf_text(whole_pdf(world.plan))


def test_a_cell_too_long_is_an_error_and_nothing_is_saved(client_for, world):
    section = own_table(world.plan, "Provisional budget", MATRIX)
    rows = [{"cell_1": "Fine"}, {"cell_1": "Total", "cell_2": "9" * 10_001}]
    response = client_for(world.officer).post(
        edit_url(section), {"version": section.version, **formset_data("rows", rows)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Revenue Expenditure Budget £ must be 10,000 characters or fewer" in page
    assert re.search(r">\s*Fine</textarea>", page)  # what was typed is kept
    assert not TableRow.objects.exists()


def test_another_service_s_table_is_not_found_and_a_clerk_may_not_type(client_for, world):
    section = own_table(world.other_plan, "Document control", DOCUMENT_CONTROL)
    data = {"version": section.version, **formset_data("rows", [{"cell_1": "Mine"}])}
    assert client_for(world.officer).post(edit_url(section), data).status_code == 404
    mine = own_table(world.plan, "Document control", DOCUMENT_CONTROL)
    data["version"] = mine.version
    assert client_for(world.clerk).post(edit_url(mine), data).status_code == 403
    assert not TableRow.objects.exists()


def test_a_row_of_another_section_cannot_be_changed_through_this_one(client_for, world):
    first = own_table(world.plan, "Document control", DOCUMENT_CONTROL, position=30)
    second = own_table(world.plan, "Provisional budget", MATRIX, position=31)
    theirs = TableRow.objects.create(plan=world.plan, section=second, cell_1="Keep")
    rows = [{"id": str(theirs.pk), "cell_1": "Changed"}]
    response = client_for(world.officer).post(
        edit_url(first), {"version": first.version, **formset_data("rows", rows, initial=1)}
    )
    assert response.status_code == 200
    theirs.refresh_from_db()
    assert theirs.cell_1 == "Keep" and theirs.section == second


def test_the_council_names_and_shows_the_columns_and_is_warned_before_one_with_entries_hides(
    client_for, world
):
    section = own_table(world.plan, "Provisional budget", MATRIX)
    TableRow.objects.create(plan=world.plan, section=section, cell_1="Total", cell_3="0")
    client = client_for(world.officer)
    data = {"table__header": "shown"}
    for position, column in enumerate(TABLES["table"].columns, start=1):
        data[f"table__{column.key}__order"] = str(position)
    data |= {"table__cell_1__label": "Item", "table__cell_2__label": "Figure"}
    data |= {"table__cell_2__shown": "on"}

    warned = client.post(columns_url(section), data)

    assert warned.status_code == 200
    assert "1 row with an entry" in warned.content.decode()
    data["confirm_hidden"] = "table.cell_3"
    assert client.post(columns_url(section), data).status_code == 302
    section.refresh_from_db()
    assert section.columns == {
        "table": [{"key": "cell_1", "label": "Item"}, {"key": "cell_2", "label": "Figure"}]
    }
    data["table__header"] = "none"
    client.post(columns_url(section), data)
    section.refresh_from_db()
    assert section.columns["no_header"] == ["table"]


def test_rolling_forward_and_export_keep_each_table_s_rows(world):
    section = own_table(world.plan, "Document control", DOCUMENT_CONTROL)
    TableRow.objects.create(plan=world.plan, section=section, cell_1="Version:", cell_2="V3")

    next_plan = plan_roll_forward(plan=world.plan, user=world.officer)
    copied = next_plan.sections.get(title="Document control")
    assert list(copied.table_rows.values_list("cell_1", "cell_2")) == [("Version:", "V3")]
    assert copied.columns == DOCUMENT_CONTROL

    exported = plan_export(plan=world.plan)
    assert exported["table_rows"][0]["section"] == "Document control"
    target = factories.ServiceFactory(directorate=world.directorate, name="Revenues")
    imported = plan_import(data=exported, service=target, user=world.lead)
    section = imported.sections.get(title="Document control")
    assert list(section.table_rows.values_list("cell_1", "cell_2")) == [("Version:", "V3")]


def test_an_imported_row_must_name_a_section_with_its_own_table(world):
    exported = plan_export(plan=world.plan)
    exported["table_rows"] = [{"section": "Contracts", "position": 1, "cell_1": "X"}]
    target = factories.ServiceFactory(directorate=world.directorate, name="Revenues")
    check = plan_import_check(data=exported, service=target)
    assert check.errors == [
        "table_rows[0].section: 'Contracts' is not a section of this file with its own table"
    ]
