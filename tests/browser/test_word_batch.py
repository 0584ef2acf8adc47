"""
The performance lead brings several Word plans in at once through the browser: a .zip of
two plans and a PDF uploaded, the batch page with each file's service and what could not be
read, two files for one service refused, each file checked and confirmed in turn and back to
the batch, the PDF removed. Every page is scanned with axe, the batch page in its error
state too.
"""

import zipfile

import pytest

from plans.models import Plan
from tests.browser.test_word_import import SEEDS

pytestmark = pytest.mark.browser

EAST_CAMBS = "east-cambs-customer-services-2015-16.docx"
SPELTHORNE = "spelthorne-customer-services-2024-25.docx"


def test_the_lead_brings_a_zip_of_plans_in_file_by_file(browser, world, tmp_path):
    plans_zip = tmp_path / "plans.zip"
    with zipfile.ZipFile(plans_zip, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in (EAST_CAMBS, SPELTHORNE):
            archive.write(SEEDS / name, f"Service plans/{name}")
        archive.writestr("Service plans/notes.pdf", b"%PDF-1.7\n%%EOF\n")
        archive.writestr("__MACOSX/Service plans/._notes.pdf", b"\0")
    browser.sign_in(world.lead)
    browser.visit("/plans/import/word/")
    browser.field("Word files (.docx or .zip)").send_keys(str(plans_zip))
    browser.choose("First financial year", "2027/28")
    browser.choose("Last financial year", "2027/28")
    browser.click("Check the file")

    assert browser.path == "/plans/import/word/batch/"
    assert browser.heading() == "Bring in several Word plans"
    assert "Could not be read" in browser.text and "Not a Word file (.pdf)" in browser.text
    assert "._notes.pdf" not in browser.text
    # Both files say Customer Services: it is proposed for the likelier one only.
    assert browser.field(f"Service of {SPELTHORNE}").get_attribute("value") == str(world.service.pk)
    browser.choose(f"Service of {EAST_CAMBS}", "Customer Services (Community)")
    browser.click(f"Check and confirm {EAST_CAMBS}")
    assert browser.title.startswith("Error: ")
    assert any("Customer Services is already chosen" in e for e in browser.error_summary())

    browser.choose(f"Service of {EAST_CAMBS}", "Waste (Community)")
    browser.click(f"Check and confirm {EAST_CAMBS}")
    assert browser.heading() == "Check where each part goes"
    assert EAST_CAMBS in browser.text and "for Waste, 2027 to 2028" in browser.text
    browser.click("Make the draft plan")

    waste = Plan.objects.get(service=world.sibling_service, first_year=2027)
    assert browser.path == "/plans/import/word/batch/"
    assert f"{waste.title} has been made from {EAST_CAMBS}" in browser.text
    assert f"/plans/{waste.pk}/" in " ".join(browser.links())
    browser.click("Remove notes.pdf")
    assert "notes.pdf has been taken out of the batch" in browser.text
    assert "Could not be read" not in browser.text

    browser.click(f"Check and confirm {SPELTHORNE}")
    browser.click("Make the draft plan")
    assert Plan.objects.filter(service=world.service, first_year=2027).exists()
    assert browser.text.count("View the plan") == 2
    assert "Waiting" not in browser.text
    scanned = " ".join(browser.scanned)
    assert "'Error: Bring in several Word plans" in scanned
