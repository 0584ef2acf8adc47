"""
Every role's journey through the features that use the demo council's data: indicators and
results, risks and the heat map, review and sign-off, the plan's PDF and the quarterly pack,
the risk matrix and rating rules. Every page reached is scanned with axe-core.
"""

import pytest
from selenium.webdriver.common.by import By

from council.models import User
from kpis.models import Indicator
from plans.models import Plan, Section
from risks.models import Risk
from tests.browser.accessibility import reflow_problems
from tests.browser.test_demo_plan import SIZES

pytestmark = pytest.mark.browser


def user(username: str) -> User:
    return User.objects.get(username=username)


def focused_classes(browser) -> str:
    return browser.driver.execute_script("return document.activeElement.className")


def test_officer_adds_an_indicator_a_result_and_a_risk_and_submits(browser, demo):
    plan, password = demo
    browser.sign_in(user("officer"), password=password)

    # An indicator: first with a mistake (a code another indicator has), then right.
    browser.visit(f"/kpis/services/{plan.service_id}/")
    browser.click("Add an indicator")
    browser.fill("Code", "CS01")
    browser.fill("Title", "Calls answered within 60 seconds")
    browser.click("Save indicator")
    assert browser.title.startswith("Error: ")
    assert browser.error_summary(), "no error summary on the indicator form"
    assert "govuk-error-summary" in focused_classes(browser)
    assert browser.value("Code") == "CS01"
    assert browser.value("Title") == "Calls answered within 60 seconds"
    browser.fill("Code", "CS99")
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


def sign_out(browser, person: User) -> None:
    browser.click(f"Sign out {person}")
    assert browser.heading() == "Sign in to service plans"


def officer_submits_the_plan(browser, plan, password: str) -> None:
    """The officer opens the plan from their dashboard and sends it for review."""
    officer = user("officer")
    browser.sign_in(officer, password=password)
    browser.click(plan.title)
    browser.click("Submit for review")
    browser.click("Submit for review")
    assert "The plan has been submitted for review." in browser.text
    sign_out(browser, officer)


def manager_opens_the_first_section_waiting(browser, plan) -> list[Section]:
    """From "Your work", the first section waiting for review; returns all that wait."""
    browser.click("Your work")
    waiting = list(
        plan.sections.filter(review_status=Section.ReviewStatus.SUBMITTED).order_by("position")
    )
    assert f"Sections waiting for your review ({len(waiting)})" in browser.text
    browser.click(f"{plan.service.name}: {waiting[0]}")
    assert browser.heading().endswith(str(waiting[0]))
    return waiting


def sign_the_blocks_offered(browser, plan) -> None:
    """Sign every block the plan page offers the person signed in."""
    for _ in range(plan.sign_offs.count()):
        buttons = browser.driver.find_elements(
            By.CSS_SELECTOR, "a.govuk-button[href*='/sign-off/']"
        )
        if not buttons:
            break
        browser.follow(buttons[0].click)
        assert browser.heading().startswith("Sign off as ")
        browser.click("Sign off the plan")


def manager_approves_and_signs_off(browser, plan, password: str) -> None:
    """Approve each section in turn (each decision leads to the next one waiting), then sign
    the plan's first block; the Deputy Chief Executive, whom the second block names, signs
    it (one person never signs two blocks of a plan), and the manager is back on the plan."""
    for _ in range(plan.sections.count()):
        if not browser.path.endswith("/review/"):
            break
        browser.tick("Approve this section")
        browser.click("Save decision")
    assert browser.path.startswith(plan.get_absolute_url())
    assert not plan.sections.filter(review_status=Section.ReviewStatus.SUBMITTED).exists()

    manager = user("manager")
    sign_the_blocks_offered(browser, plan)
    for block in plan.sign_offs.filter(signed_at__isnull=True).select_related("signer"):
        assert block.signer is not None, block  # only a named person's block is left
        sign_out(browser, manager)
        browser.sign_in(block.signer, password=password)
        browser.visit(plan.get_absolute_url())
        sign_the_blocks_offered(browser, plan)
        sign_out(browser, block.signer)
        browser.sign_in(manager, password=password)
        browser.visit(plan.get_absolute_url())
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED


def test_manager_reviews_signs_off_and_publishes_the_plan(browser, demo):
    plan, password = demo
    officer, manager = user("officer"), user("manager")
    officer_submits_the_plan(browser, plan, password)

    # The manager sends the first section back, forgetting the comment at first.
    browser.sign_in(manager, password=password)
    first = manager_opens_the_first_section_waiting(browser, plan)[0]
    browser.tick("Send it back to the officer")
    browser.click("Save decision")
    assert browser.title.startswith("Error: ")
    assert browser.error_summary() == ["Enter a comment saying what needs to change"]
    browser.fill("Comment", "Say how the new rota changes opening hours.")
    browser.click("Save decision")
    first.refresh_from_db()
    assert first.review_status == Section.ReviewStatus.RETURNED
    sign_out(browser, manager)

    # The officer reads the comment on the plan and submits the section again.
    browser.sign_in(officer, password=password)
    browser.click(plan.title)
    assert "Say how the new rota changes opening hours." in browser.text
    browser.click(f"Submit this section for review: {first.title}")
    assert f"Section {first} has been submitted for review." in browser.text
    sign_out(browser, officer)

    browser.sign_in(manager, password=password)
    manager_opens_the_first_section_waiting(browser, plan)
    manager_approves_and_signs_off(browser, plan, password)
    assert "Approved" in browser.text

    # Publishing asks for a reason; the published version is in the plan's history.
    browser.click("Publish")
    browser.click("Publish")
    assert browser.title.startswith("Error: ")
    assert len(browser.error_summary()) == 1
    browser.fill("Reason for this version", "Approved by Policy and Resources Committee")
    browser.click("Publish")
    assert "The plan has been published." in browser.text
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED
    browser.click("History and changes")
    assert browser.heading() == "History and changes"
    assert "Approved by Policy and Resources Committee" in browser.text
    browser.visit(f"/plans/{plan.pk}/history/?from=1&to=1")
    assert "Choose two different published versions to compare." in browser.text
    browser.click("Version 1")
    assert browser.path == f"/plans/{plan.pk}/versions/1/"


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
    # The officer and the manager take the plan to approval, as in the test above (whose
    # pages are scanned there).
    browser.scan = False
    officer_submits_the_plan(browser, plan, password)
    browser.sign_in(user("manager"), password=password)
    manager_opens_the_first_section_waiting(browser, plan)
    manager_approves_and_signs_off(browser, plan, password)
    sign_out(browser, user("manager"))
    browser.scan = True

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
