"""Carbon savings as the council prints them: 'TBC', 'n/a', 'Not known' or '12.5 t', the text
as typed with its number kept for the totals; a blank year prints nothing. The total row is
labelled in the council's words and, when there is nothing to total, printed or left out as
the council's plan does (Spelthorne prints an empty 'Total carbon reduction' row)."""

import datetime as dt
import importlib
import json
from decimal import Decimal

import pytest
from django.apps import apps as global_apps
from django.urls import reverse

from plans.changes import plan_changes
from plans.columns import clean_layout
from plans.exchange.plan_file import plan_export, plan_import, plan_import_check
from plans.models import CarbonSaving, Section, SectionKind
from plans.pdf.plan import plan_pdf_bytes
from plans.services.roll_forward import plan_roll_forward
from tests import factories
from tests.plans.helpers import formset_data
from tests.plans.test_columns import layout_post
from tests.plans.test_pdf import pdf_text

D = Decimal


def carbon_of(plan) -> Section:
    return plan.sections.get(kind=SectionKind.CARBON)


def edit_url(plan) -> str:
    return reverse("plans:section_edit", args=[plan.pk, carbon_of(plan).pk])


def columns_url(plan) -> str:
    return reverse("plans:section_columns", args=[plan.pk, carbon_of(plan).pk])


def carbon_post(plan, rows: list[dict]) -> dict:
    return {"version": carbon_of(plan).version, **formset_data("carbon", rows)}


def savings(plan) -> dict:
    """{initiative: {year: (tonnes, text)}}"""
    return {
        initiative.initiative: {s.year: (s.tonnes, s.text) for s in initiative.savings.all()}
        for initiative in plan.carboninitiatives.all()
    }


def layout_with(**fields: str) -> dict:
    """The columns page's data: the carbon table's default columns, and these fields."""
    columns = {"initiative": ("", True, 1), "cost_centre": ("", True, 2), "years": ("", True, 3)}
    return {**layout_post(columns, "carbon"), **{f"carbon__{k}": v for k, v in fields.items()}}


def add_initiative(plan, name: str, **years: str):
    initiative = factories.CarbonInitiativeFactory(plan=plan, initiative=name)
    for year, text in years.items():
        number = text.removesuffix(" t")
        tonnes = D(number) if number.replace(".", "").isdigit() else None
        initiative.savings.create(year=int(year[1:]), tonnes=tonnes, text=text)
    return initiative


def test_savings_are_typed_and_printed_as_the_council_prints_them(client_for, world, settings):
    client = client_for(world.officer)
    rows = [
        {"initiative": "Hybrid printing", "year_2026": "TBC", "year_2027": "12.5 t"},
        {"initiative": "E-billing", "year_2026": "n/a", "year_2027": "3", "year_2028": "tbc"},
    ]

    response = client.post(edit_url(world.plan), carbon_post(world.plan, rows))

    assert response.status_code == 302, response.content.decode()
    assert savings(world.plan) == {
        "Hybrid printing": {2026: (None, "TBC"), 2027: (D("12.5"), "12.5 t")},
        "E-billing": {2026: (None, "n/a"), 2027: (D("3"), "3"), 2028: (None, "tbc")},
    }
    form = client.get(edit_url(world.plan)).content.decode()
    assert 'value="12.5 t"' in form and 'value="TBC"' in form

    text = pdf_text(plan_pdf_bytes(world.plan))
    assert "Hybrid printing TBC 12.5 t" in text  # its 2028/29 is blank: nothing printed
    assert "E-billing n/a 3 tbc" in text
    # Only the numbers add up; a year with none has a blank total.
    assert "Total carbon reduction 15.5" in text
    assert text.count("TBC") == 1  # the app invents no 'TBC' for a blank year
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert "<strong>15.5</strong>" in page and ">TBC<" in page


def test_a_saving_that_is_not_one_the_table_can_hold_is_refused_and_kept(client_for, world):
    rows = [
        {"initiative": "Hybrid printing", "year_2026": "-3", "year_2027": "12.5 t"},
        {"initiative": "E-billing", "year_2026": "x" * 51, "year_2027": "200,000,000 t"},
    ]

    response = client_for(world.officer).post(edit_url(world.plan), carbon_post(world.plan, rows))

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Tonnes saved for 2026/27 cannot be negative" in html
    assert "Tonnes saved for 2026/27 must be 50 characters or fewer" in html
    assert "Tonnes saved for 2027/28 must be less than 100 million" in html
    assert 'value="12.5 t"' in html and 'value="200,000,000 t"' in html
    assert not world.plan.carboninitiatives.exists()


def test_the_council_chooses_whether_an_empty_total_row_prints_and_its_label(
    client_for, world, settings
):
    add_initiative(world.plan, "Hybrid printing", y2026="TBC")
    # By default the empty total row prints, as every plan printed it before the choice.
    assert "Hybrid printing TBC Total carbon reduction" in pdf_text(plan_pdf_bytes(world.plan))

    client = client_for(world.officer)
    page = client.get(columns_url(world.plan)).content.decode()
    assert "Label of the total row" in page and 'value="Total carbon reduction"' in page
    response = client.post(
        columns_url(world.plan),
        layout_with(empty_total="none", total_label=" Total tonnes saved "),
    )
    assert response.status_code == 302

    section = carbon_of(world.plan)
    assert section.columns == {
        "no_empty_total": ["carbon"],
        "total_labels": {"carbon": "Total tonnes saved"},
    }
    text = pdf_text(plan_pdf_bytes(world.plan))
    assert "Hybrid printing TBC" in text
    assert "Total tonnes saved" not in text and "Total carbon reduction" not in text
    page = client.get(columns_url(world.plan)).content.decode()
    assert 'value="Total tonnes saved"' in page and 'value="none" checked' in page

    add_initiative(world.plan, "E-billing", y2026="2 t")
    assert "E-billing 2 t Total tonnes saved 2" in pdf_text(plan_pdf_bytes(world.plan))


def test_a_total_row_label_too_long_is_an_error_and_kept(client_for, world):
    data = layout_with(empty_total="shown", total_label="T" * 301)

    response = client_for(world.officer).post(columns_url(world.plan), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'href="#id_carbon__total_label"' in html
    assert "The label of the total row must be 300 characters or fewer" in html
    assert f'value="{"T" * 301}"' in html
    assert carbon_of(world.plan).columns == {}


def test_the_default_total_row_is_not_kept_in_the_layout():
    layout = {"no_empty_total": [], "total_labels": {"carbon": " Total carbon reduction "}}
    assert clean_layout(layout) == {}


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ({"no_empty_total": ["contracts"]}, "Only the carbon table can leave out"),
        ({"no_empty_total": [{"carbon": 1}]}, "Only the carbon table can leave out"),
        ({"total_labels": {"contracts": "Total"}}, "has no total row to label"),
        ({"total_labels": ["carbon"]}, "an object of tables"),
        ({"total_labels": {"carbon": "T" * 301}}, "at most 300 characters"),
    ],
)
def test_a_layout_s_total_row_must_be_one_the_table_has(layout, message):
    with pytest.raises(ValueError, match=message):
        clean_layout(layout)


def test_savings_as_printed_and_the_total_row_travel_in_the_export(world):
    add_initiative(world.plan, "Hybrid printing", y2026="TBC", y2027="12.5 t")
    section = carbon_of(world.plan)
    section.columns = {"no_empty_total": ["carbon"], "total_labels": {"carbon": "Total"}}
    section.save()

    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    assert data["carbon_initiatives"][0]["savings"] == [
        {"year": 2026, "tonnes": None, "text": "TBC"},
        {"year": 2027, "tonnes": "12.50", "text": "12.5 t"},
    ]
    target = factories.ServiceFactory(directorate=world.directorate, name="Revenues")
    copy = plan_import(data=data, service=target, user=None)

    assert savings(copy) == {
        "Hybrid printing": {2026: (None, "TBC"), 2027: (D("12.5"), "12.5 t")},
    }
    assert carbon_of(copy).columns == section.columns


def test_an_export_from_before_the_text_imports_and_prints_its_tonnes(world):
    add_initiative(world.plan, "Hybrid printing", y2026="12.5")
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    for saving in data["carbon_initiatives"][0]["savings"]:
        del saving["text"]
    target = factories.ServiceFactory(directorate=world.directorate, name="Revenues")

    copy = plan_import(data=data, service=target, user=None)

    saving = CarbonSaving.objects.get(initiative__plan=copy)
    assert (saving.tonnes, saving.text, saving.printed) == (D("12.5"), "", "12.5")


def test_a_saving_in_a_file_needs_tonnes_or_text(world):
    add_initiative(world.plan, "Hybrid printing", y2026="TBC")
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    data["carbon_initiatives"][0]["savings"][0]["text"] = ""
    target = factories.ServiceFactory(directorate=world.directorate, name="Revenues")

    check = plan_import_check(data=data, service=target)

    assert not check.ok
    assert any("A carbon saving needs a number of tonnes or a text." in e for e in check.errors)


def test_savings_as_printed_roll_forward(world):
    add_initiative(world.plan, "Hybrid printing", y2026="1", y2027="TBC", y2028="12.5 t")

    rolled = plan_roll_forward(plan=world.plan, user=world.officer)

    assert savings(rolled) == {
        "Hybrid printing": {2027: (None, "TBC"), 2028: (D("12.5"), "12.5 t")},
    }


def test_a_saving_changed_from_words_to_a_number_shows_in_what_changed(world):
    initiative = add_initiative(world.plan, "Hybrid printing", y2026="TBC")
    since = dt.datetime.now(dt.UTC)
    saving = initiative.savings.get()
    saving.tonnes, saving.text = D("4"), "4 t"
    saving.save()

    details = [
        detail
        for section in plan_changes(world.plan, since=since)
        for change in section.changes
        for detail in change.details
    ]

    assert "2026/27: TBC → 4 t" in details


def test_the_migration_keeps_existing_savings_printing_as_before(world):
    """plans 0033 fills the text of existing savings with the number as it printed."""
    migration = importlib.import_module("plans.migrations.0033_carbon_savings_as_printed")
    initiative = factories.CarbonInitiativeFactory(plan=world.plan)
    for year, tonnes in [(2026, "12.50"), (2027, "1200.00"), (2028, "0.25")]:
        initiative.savings.create(year=year, tonnes=D(tonnes))
    before = [s.printed for s in CarbonSaving.objects.order_by("year")]

    migration.fill_text(global_apps, None)

    texts = [s.text for s in CarbonSaving.objects.order_by("year")]
    assert texts == ["12.5", "1,200", "0.25"] == before
