"""
Every role's journey through the features that use the demo council's data: indicators and
results, risks and the heat map, review and sign-off, the plan's PDF and the quarterly pack,
the risk matrix and rating rules. Every page reached is scanned with axe-core.
"""

import pytest
from selenium.webdriver.common.by import By

from council.demo import load_council_demo, read_demo
from council.models import User
from kpis.demo import load_kpis_demo
from kpis.models import Indicator
from plans import services
from plans.demo import load_plans_demo
from plans.models import Plan, Section
from risks.demo import load_risks_demo
from risks.models import Risk
from tests.browser.accessibility import reflow_problems
from tests.browser.test_demo_plan import SIZES

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    council = load_council_demo()
    plan = load_plans_demo(council)[0]
    load_kpis_demo(council)
    load_risks_demo(council)
    return plan, read_demo("council.json")["password"]


def user(username: str) -> User:
    return User.objects.get(username=username)


def focused_classes(browser) -> str:
    return browser.driver.execute_script("return document.activeElement.className")


def test_officer_adds_an_indicator_a_result_and_a_risk_and_submits(browser, demo):
    plan, password = demo
    browser.sign_in(user("officer"), password=password)

    # An indicator: first with a mistake, then right.
    browser.visit(f"/kpis/services/{plan.service_id}/")
    browser.click("Add an indicator")
    browser.fill("Code", "CS99")
    browser.fill("Title", "Calls answered within 60 seconds")
    browser.click("Save indicator")
    assert browser.title.startswith("Error: ")
    assert browser.error_summary(), "no error summary on the indicator form"
    assert "govuk-error-summary" in focused_classes(browser)
    assert browser.value("Code") == "CS99"
    assert browser.value("Title") == "Calls answered within 60 seconds"
    browser.choose("Type of indicator", "Service indicator")
    browser.choose("Unit", "Percentage")
    browser.choose("Polarity", "Higher is better")
    browser.choose("Frequency", "Quarterly")
    browser.fill("Owner", "Contact centre manager")
    browser.fill("Tolerance", "5")
    browser.click("Save indicator")
    assert browser.error_summary() == []
    indicator = Indicator.objects.get(service=plan.service, code="CS99")
    assert browser.path == f"/kpis/{indicator.pk}/"

    browser.click("Set targets")
    browser.choose("Kind of target for 2026/27", "A number")
    browser.fill("Target for 2026/27", "80")
    browser.click("Save targets")
    assert "The targets of CS99 have been saved." in browser.text

    browser.visit(f"/kpis/{indicator.pk}/results/2026/1/")
    browser.fill("Result", "85")
    browser.fill("Commentary", "More calls answered after the new rota.")
    browser.click("Save result")
    assert "The result for Q1 2026/27 has been saved." in browser.text
    assert "On target" in browser.text
    browser.visit(plan.get_absolute_url())
    kpis = browser.driver.find_element(By.XPATH, "//tr[.//*[contains(., 'CS99')]]")
    assert "On target" in kpis.text

    # A risk, seen on the heat map.
    browser.visit(f"/risks/services/{plan.service_id}/")
    browser.click("Add a risk")
    browser.fill("Reference", "CS99")
    browser.click("Save risk")
    assert browser.title.startswith("Error: ")
    assert "govuk-error-summary" in focused_classes(browser)
    assert browser.value("Reference") == "CS99"
    browser.fill("Risk", "The telephone system fails")
    browser.fill("Risk owner", "Head of Customer Services")
    for legend in ("Inherent likelihood", "Residual likelihood"):
        browser.within(legend).tick("3 – Likely (21% to 79% chance)")
    for legend in ("Inherent impact", "Residual impact"):
        browser.within(legend).tick(
            "4 – Catastrophic (The service cannot be delivered; major loss, harm or censure)"
        )
    browser.click("Save risk")
    assert browser.error_summary() == []
    assert Risk.objects.filter(reference="CS99").exists()
    browser.visit(f"/risks/services/{plan.service_id}/")
    cells = browser.driver.find_elements(By.CSS_SELECTOR, ".app-heat-map__cell")
    assert any("CS99" in cell.text for cell in cells), "the new risk is not on the heat map"

    browser.visit(plan.get_absolute_url())
    browser.click("Submit for review")
    browser.click("Submit for review")
    assert "The plan has been submitted for review." in browser.text
    plan.refresh_from_db()
    assert plan.status == Plan.Status.IN_REVIEW


def test_manager_reviews_and_signs_off_the_plan(browser, demo):
    plan, password = demo
    officer = user("officer")
    services.plan_submit(plan=plan, user=officer, comment="Ready")
    browser.sign_in(user("manager"), password=password)
    browser.click("Your work")
    waiting = list(
        plan.sections.filter(review_status=Section.ReviewStatus.SUBMITTED).order_by("position")
    )
    assert f"Sections waiting for your review ({len(waiting)})" in browser.text
    first = waiting[0]
    browser.click(f"Customer Services: {first}")
    assert browser.heading().endswith(str(first))
    browser.tick("Send it back to the officer")
    browser.click("Save decision")
    assert browser.title.startswith("Error: ")
    browser.fill("Comment", "Say how the new rota changes opening hours.")
    browser.click("Save decision")
    first.refresh_from_db()
    assert first.review_status == Section.ReviewStatus.RETURNED

    services.section_submit(section=first, user=officer)
    browser.visit(f"/plans/{plan.pk}/sections/{first.pk}/review/")
    for _ in range(len(waiting) + 1):
        if not browser.path.endswith("/review/"):
            break
        browser.tick("Approve this section")
        browser.click("Save decision")
    assert not plan.sections.filter(review_status=Section.ReviewStatus.SUBMITTED).exists()

    browser.click("Your work")
    assert "Plans ready for your signature (1)" in browser.text
    browser.visit(plan.get_absolute_url())
    for _ in range(5):
        links = browser.driver.find_elements(By.PARTIAL_LINK_TEXT, "Sign off as ")
        if not links:
            break
        browser.follow(links[0].click)
        browser.click("Sign off the plan")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    assert "Approved" in browser.text


def pdf_fetched(browser, href: str) -> dict:
    return browser.driver.execute_async_script(
        "const done = arguments[1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(async r => done({"
        "  type: r.headers.get('content-type'),"
        "  start: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))}));",
        href,
    )


def test_clerk_downloads_an_approved_plan_and_makes_the_pack(browser, demo):
    plan, password = demo
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
    browser.sign_in(user("clerk"), password=password)
    browser.click("Plans")
    browser.choose("Status", "Approved")
    browser.click("Filter plans")
    assert plan.title in browser.text
    browser.click(plan.title)
    link = browser.driver.find_element(By.CSS_SELECTOR, f"a[href='/plans/{plan.pk}/pdf/']")
    pdf = pdf_fetched(browser, link.get_attribute("href"))
    assert pdf["type"] == "application/pdf"
    assert pdf["start"] == "%PDF-"

    browser.visit("/packs/")
    browser.tick("All the services I can choose")
    browser.click("Make the pack")
    # Tasks run at once in tests, so the progress page already offers the download.
    assert browser.heading().startswith("Performance pack ")
    assert "Your pack is ready" in browser.text
    download = browser.driver.find_element(By.LINK_TEXT, "Download the pack (PDF)")
    pdf = pdf_fetched(browser, download.get_attribute("href"))
    assert pdf["type"] == "application/pdf"
    assert pdf["start"] == "%PDF-"


def test_lead_changes_a_matrix_label_and_a_rating_rule(browser, demo):
    plan, password = demo
    browser.sign_in(user("admin"), password=password)
    browser.visit("/risks/matrix/")
    browser.click("Change the matrix")
    browser.within("Likelihood 1").fill("Label", "Rare")
    browser.click("Save the matrix")
    assert browser.error_summary() == []
    assert "Rare" in browser.text

    indicator = Indicator.objects.filter(service=plan.service).first()
    browser.visit(f"/kpis/{indicator.pk}/rating-rule/")
    browser.fill("Tolerance", "not a number")
    browser.click("Save rating rule")
    assert browser.title.startswith("Error: ")
    assert browser.value("Tolerance") == "not a number"
    browser.fill("Tolerance", "5")
    browser.click("Save rating rule")
    assert f"The rating rule of {indicator.code} has been saved." in browser.text


def test_indicator_page_and_risk_register_reflow(browser, demo):
    plan, password = demo
    indicator = Indicator.objects.filter(service=plan.service).first()
    browser.sign_in(user("officer"), password=password)
    for path, page in [
        (f"/kpis/{indicator.pk}/", "indicator page"),
        (f"/risks/services/{plan.service_id}/", "risk register"),
    ]:
        for size, width, scale in SIZES:
            browser.viewport(width, scale=scale)
            browser.visit(path)
            shot = browser.screenshot(f"{page}-{size}")
            problems = reflow_problems(browser.driver)
            assert problems == [], f"{page} at {size} (screenshot {shot}):\n" + "\n".join(problems)
