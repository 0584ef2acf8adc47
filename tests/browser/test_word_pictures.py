"""
An officer brings in a Word plan with pictures: the preview lists each with a small copy,
the organisation chart proposed and a drawing that cannot come in; a used picture without
its text alternative is an error; then the chart and a section's figure are on the plan's
page with the text alternatives written for them. Every page, the error state too, is
scanned with axe as every page the Browser reaches is.
"""

import pytest
from selenium.webdriver.common.by import By

from plans.models import OrgChart, Plan, SectionFigure
from tests.browser.test_word_import import upload
from tests.plans.test_word_pictures import SVG, heading, image, picture_docx

pytestmark = pytest.mark.browser

CHART_ALT = "The Customer Services Manager leads two team leaders"
MAP_ALT = "The district and its three towns"


def test_an_officer_brings_in_the_organisation_chart_and_a_figure(browser, world, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(
        picture_docx(
            heading("1. Service overview"),
            ("png", image(colour="navy"), ""),
            heading("3. Workforce"),
            ("png", image(size=(120, 60)), "Organisation chart"),
            ("svg", SVG, ""),
        )
    )
    browser.sign_in(world.officer)
    browser.visit("/plans/import/word/")
    upload(browser, path)
    assert browser.heading() == "Check where each part goes"
    assert "Picture 2, in “Workforce”" in browser.text
    assert "Cannot be brought in: it is an SVG drawing, which can carry scripts" in browser.text
    copies = browser.driver.find_elements(By.CSS_SELECTOR, "img[src^='data:image/png']")
    assert [copy.get_attribute("naturalWidth") for copy in copies] == ["60", "120"]

    browser.within("What becomes of picture 1").tick(
        "Print as a figure of the section chosen below"
    )
    browser.fill("Text alternative of picture 2", "")
    browser.click("Make the draft plan")
    assert browser.title.startswith("Error: ")
    assert browser.error_summary() == [
        "Enter a text alternative that describes picture 1",
        "Enter a text alternative that describes picture 2",
    ]

    browser.fill("Text alternative of picture 1", MAP_ALT)
    browser.fill("Text alternative of picture 2", CHART_ALT)
    browser.click("Make the draft plan")
    plan = Plan.objects.get(service=world.service, first_year=2027)
    assert browser.path == plan.get_absolute_url()
    assert OrgChart.objects.get(plan=plan).alt_text == CHART_ALT
    assert SectionFigure.objects.get(section__plan=plan).section.title == "Service overview"
    alts = [img.get_attribute("alt") for img in browser.driver.find_elements(By.TAG_NAME, "img")]
    assert CHART_ALT in alts and MAP_ALT in alts
    scanned = " ".join(browser.scanned)
    assert "'Error: Check where each part goes" in scanned
