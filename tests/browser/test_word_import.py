"""
An officer brings last year's Word plan in through the browser: from the plan list to the
upload, the preview of where each part and table goes, one changed mapping, and the draft
plan it makes. The upload's and the preview's error states are scanned with axe too, as
every page the Browser reaches is.
"""

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from plans.models import Plan
from tests.browser.pages import xpath_literal

pytestmark = pytest.mark.browser

SEEDS = Path(__file__).resolve().parent.parent / "plans" / "word_files"
THREE_RIVERS = SEEDS / "three-rivers-customer-services-2021-24.docx"
UPLOAD = "Word files (.docx or .zip)"
TITLE_COLUMN = "Column “Title of Agreement”"
AREA_COLUMN = "Column “Service Area”"
# The contracts table's header, as the file has it: on the plan only when the table is kept
# as text (the plan's own contracts table has its own headers).
CONTRACTS_HEADER = "Description of the goods and / or services being provided"


def upload(browser, path: Path) -> None:
    """Choose the file (a file input is not cleared: a browser never fills one in), the
    service and the years, and send them."""
    browser.field(UPLOAD).send_keys(str(path))
    browser.choose("Service", "Customer Services (Community)")
    browser.choose("First financial year", "2027/28")
    browser.choose("Last financial year", "2029/30")
    browser.click("Check the file")


def legend_of_table_with(browser, label: str) -> str:
    """The legend of the fieldset of column choices that holds the field labelled `label`."""
    legend = browser.driver.find_element(
        By.XPATH,
        f"//fieldset[.//label[normalize-space()={xpath_literal(label)}]]/legend",
    )
    return legend.text


def test_an_officer_brings_a_word_plan_in_and_keeps_a_table_as_text(browser, world, tmp_path):
    browser.sign_in(world.officer)
    browser.visit("/plans/")
    browser.click("Bring in last year's plan from Word")
    assert browser.heading() == "Bring in a Word plan"

    browser.click("Check the file")  # nothing chosen: the error state is scanned
    assert browser.title.startswith("Error: ")
    assert "Select the Word file of the plan" in browser.error_summary()

    renamed = tmp_path / "plan.docx"  # a PDF with a Word file's name
    renamed.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    upload(browser, renamed)
    assert browser.heading() == "Bring in a Word plan"
    assert any("This is a PDF" in error for error in browser.error_summary())

    upload(browser, THREE_RIVERS)
    assert browser.path == "/plans/import/word/preview/"
    assert browser.heading() == "Check where each part goes"
    assert "three-rivers-customer-services-2021-24.docx" in browser.text
    assert "KEY PURPOSE OF THE SERVICE" in browser.text
    assert "Like the table “Contracts”: 1 of its 1 row will come in as rows of it." in browser.text

    contracts = browser.within(legend_of_table_with(browser, TITLE_COLUMN))
    area = Select(contracts.field(AREA_COLUMN))
    proposed = area.first_selected_option.text
    area.select_by_value("title")  # two columns as the title: refused, and scanned
    browser.click("Make the draft plan")
    assert browser.title.startswith("Error: ")
    assert any(
        f"{TITLE_COLUMN} is already the title of agreement" in error
        for error in browser.error_summary()
    )
    assert not Plan.objects.filter(service=world.service, first_year=2027).exists()

    contracts = browser.within(legend_of_table_with(browser, TITLE_COLUMN))
    contracts.choose(AREA_COLUMN, proposed)
    contracts.tick("Keep this table as text instead")
    browser.click("Make the draft plan")

    plan = Plan.objects.get(service=world.service, first_year=2027)
    assert browser.path == plan.get_absolute_url()
    assert browser.heading() == plan.title
    assert f"{plan.title} has been made from three-rivers-customer-services-2021-24.docx" in (
        browser.text
    )
    assert "The Customer Services Centre (CSC) is a department within the Community" in (
        browser.text
    )
    assert CONTRACTS_HEADER in browser.text  # the contracts table, kept as text
    assert "None specific" in browser.text
    assert not plan.contracts.exists()
    assert plan.skillrequirements.exists()  # the other matched tables came in as rows
    scanned = " ".join(browser.scanned)
    assert "'Error: Bring in a Word plan" in scanned
    assert "'Error: Check where each part goes" in scanned
