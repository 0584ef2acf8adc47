"""
The forms the role journeys fill in without ever getting them wrong, now got wrong: an
indicator's targets and a result, a risk, the risk matrix and a rating rule, carrying
actions forward, and comparing two published versions of a plan. Each is scanned with
axe-core as it arrives and again in its error state, where the GOV.UK error summary must
list the problems, take the focus, and the page must keep what was typed. The results
upload preview is also checked at 320 CSS px and at 200% zoom.

Data the step is not about (a second plan, two published versions, an upload) is made
with the services, not through the browser.
"""

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from kpis import spreadsheets
from kpis.models import ImportBatch, Indicator, Result, Target
from plans.models import Action
from plans.services.actions import carryable_actions
from plans.services.editing import plan_create, section_save
from plans.services.review import plan_publish, plan_reopen
from risks.models import Risk
from tests.browser.accessibility import reflow_problems
from tests.browser.test_demo_journeys import user
from tests.browser.test_demo_plan import SIZES
from tests.browser.test_reporting_pages import results_workbook
from tests.plans.helpers import fake_version_pdfs
from tests.plans.test_review import approved_plan

pytestmark = pytest.mark.browser


def focused_classes(browser) -> str:
    return browser.driver.execute_script("return document.activeElement.className")


def focused_id(browser) -> str:
    return browser.driver.execute_script("return document.activeElement.id")


def assert_error_state(browser, messages: list[str]) -> None:
    """The page shows these errors as GOV.UK asks: title, summary, focus on the summary."""
    assert browser.title.startswith("Error: "), f"no 'Error: ' in the title {browser.title!r}"
    assert browser.error_summary() == messages
    assert "govuk-error-summary" in focused_classes(browser), "the focus is not on the summary"


def test_targets_form_with_a_target_that_is_not_a_number_and_a_change_without_a_reason(
    browser, demo
):
    plan, password = demo
    indicator = Indicator.objects.get(service=plan.service, code="CS01")
    old = Target.objects.get(indicator=indicator, year=2026)
    old_target = old.value
    browser.sign_in(user("officer"), password=password)
    browser.visit(f"/kpis/{indicator.pk}/targets/")
    assert browser.heading() == "Targets"
    assert browser.value("Target for 2026/27") == old.printed  # as printed, like '97%'

    # A target may be words ('TBA'), but a figure with too many decimal places is refused.
    browser.fill("Target for 2026/27", "95")
    browser.fill("Target for 2029/30", "90.125")
    browser.click("Save targets")
    assert_error_state(
        browser,
        [
            "Target for 2029/30 can have at most 2 decimal places",
            "Enter the reason for changing the target for 2026/27",
        ],
    )
    assert browser.value("Target for 2026/27") == "95"
    assert browser.value("Target for 2029/30") == "90.125"
    # Each field is described by its own error, so a screen reader reads it on the field.
    described_by = browser.field("Target for 2029/30").get_attribute("aria-describedby")
    message = browser.driver.find_element(By.ID, described_by).get_attribute("textContent")
    message = " ".join(message.split())
    assert message == "Error: Target for 2029/30 can have at most 2 decimal places"
    assert Target.objects.get(indicator=indicator, year=2026).value == old_target
    assert not Target.objects.filter(indicator=indicator, year=2029).exists()

    # The summary's link to the reason puts the focus in the reason box.
    browser.driver.find_element(
        By.LINK_TEXT, "Enter the reason for changing the target for 2026/27"
    ).click()
    assert focused_id(browser) == browser.field("Reason for the change").get_attribute("id")


def test_result_form_with_a_result_that_is_not_a_number_then_a_correction_without_a_reason(
    browser, demo
):
    plan, password = demo
    indicator = Indicator.objects.get(service=plan.service, code="CS01")
    old_value = Result.objects.get(indicator=indicator, year=2026, period=1).value
    browser.sign_in(user("officer"), password=password)
    browser.visit(f"/kpis/{indicator.pk}/results/2026/1/")
    assert browser.heading() == "Correct the result for Q1 2026/27"

    browser.fill("Result", "97.555")
    browser.fill("Commentary", "Two advisers joined in June.")
    browser.click("Save correction")
    assert_error_state(browser, ["Result for Q1 2026/27 can have at most 2 decimal places"])
    assert browser.value("Result") == "97.555"
    assert browser.value("Commentary") == "Two advisers joined in June."

    browser.fill("Result", "97.5")
    browser.click("Save correction")
    assert_error_state(browser, ["Enter the reason for correcting the result"])
    assert browser.value("Result") == "97.5"
    assert browser.value("Commentary") == "Two advisers joined in June."
    assert Result.objects.get(indicator=indicator, year=2026, period=1).value == old_value


def test_risk_forms_in_their_error_state(browser, demo):
    plan, password = demo
    risk = Risk.objects.filter(service=plan.service).order_by("reference").first()
    browser.sign_in(user("officer"), password=password)

    browser.visit(f"/risks/services/{plan.service_id}/new/")
    assert browser.heading() == "Add a risk"
    browser.fill("Risk", "")  # scores and the owner may be left blank; the risk may not
    browser.fill("Risk owner", "Head of Customer Services")
    browser.click("Save risk")
    assert browser.title.startswith("Error: ")
    assert "Enter the risk" in browser.error_summary()
    assert "govuk-error-summary" in focused_classes(browser)
    assert browser.value("Risk owner") == "Head of Customer Services"

    browser.visit(f"/risks/{risk.pk}/edit/")
    assert browser.heading() == f"Change risk {risk.reference}"
    browser.fill("Risk", "")
    browser.fill("Review date", "next spring")
    browser.click("Save risk")
    assert_error_state(
        browser, ["Enter the risk", "Review date must be a real date, like 31/03/2027"]
    )
    assert browser.value("Review date") == "next spring"
    assert browser.value("Reference") == risk.reference
    assert Risk.objects.get(pk=risk.pk).title == risk.title


def test_lead_gets_the_risk_matrix_and_a_rating_rule_wrong(browser, demo):
    plan, password = demo
    browser.sign_in(user("admin"), password=password)
    browser.visit("/risks/matrix/edit/")
    assert browser.heading() == "Change the risk matrix"

    browser.within("Band 1").fill("Lowest score", "five")
    browser.click("Save the matrix")
    assert_error_state(browser, ["Band 1: Lowest score must be a whole number, like 5"])
    assert browser.within("Band 1").value("Lowest score") == "five"

    browser.within("Band 1").fill("Lowest score", "1")
    browser.within("Likelihood 1").fill("Label", "")
    browser.within("Likelihood 2").fill("Label", "Possible, but not this year")
    browser.click("Save the matrix")
    assert_error_state(browser, ["Likelihood 1: Enter a label for likelihood level 1"])
    assert browser.within("Likelihood 2").value("Label") == "Possible, but not this year"

    indicator = Indicator.objects.get(service=plan.service, code="CS01")
    browser.visit(f"/kpis/{indicator.pk}/rating-rule/")
    assert browser.heading() == "Rating rule"
    browser.fill("Tolerance", "-3")
    browser.click("Save rating rule")
    assert_error_state(browser, ["Tolerance cannot be negative"])
    assert browser.value("Tolerance") == "-3"


def test_carry_forward_with_no_action_chosen(browser, demo):
    plan, password = demo
    officer = user("officer")
    later = plan_create(service=plan.service, first_year=2027, last_year=2029, user=officer)
    action = carryable_actions(plan).order_by("objective__position", "position").first()
    browser.sign_in(officer, password=password)
    browser.visit(f"/plans/{plan.pk}/actions/carry-forward/")
    assert browser.heading() == "Carry actions forward"
    assert later.title in browser.text

    browser.click("Carry forward")
    assert_error_state(browser, ["Select the actions to carry forward"])
    assert not Action.objects.filter(plan=later).exists()

    browser.tick(f"{action.objective}: {action}")
    browser.click("Carry forward")
    assert browser.path == later.get_absolute_url()
    assert Action.objects.get(plan=later).title == action.title


@pytest.fixture
def two_versions(world, settings, monkeypatch, tmp_path):
    """The test world's plan published twice, the narrative written between the two.

    The versions' PDFs are not what these tests are about: a few bytes stand in for them.
    """
    settings.MEDIA_ROOT = tmp_path
    fake_version_pdfs(monkeypatch)
    plan = approved_plan(world)
    plan_publish(plan=plan, user=world.manager, reason="Approved by Cabinet")
    plan_reopen(plan=plan, user=world.officer, reason="Mid-year update")
    section = plan.sections.get(kind="narrative")
    section_save(
        section=section,
        expected_version=section.version,
        user=world.officer,
        body="<p>Opening hours change from April.</p>",
    )
    approved_plan(world)
    plan_publish(plan=plan, user=world.manager, reason="Mid-year update approved")
    return plan


def test_compare_two_published_versions_and_a_version_with_itself(browser, world, two_versions):
    plan = two_versions
    browser.sign_in(world.clerk)
    browser.visit(f"/plans/{plan.pk}/history/")
    assert browser.heading() == "History and changes"
    assert "Mid-year update approved" in browser.text

    browser.choose("From version", "1")
    browser.choose("To version", "2")
    browser.click("Compare")
    assert "What changed from version 1 to version 2" in browser.text
    assert "Added: Opening hours change from April." in browser.text
    assert browser.error_summary() == []

    browser.choose("From version", "2")
    browser.click("Compare")
    assert_error_state(browser, ["Choose two different published versions to compare."])
    assert browser.field("From version").get_attribute("value") == "2"
    assert browser.field("To version").get_attribute("value") == "2"
    assert "What changed from version" not in browser.text

    browser.driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary__list a").click()
    assert focused_id(browser) == "compare-from"


def test_results_upload_preview_reflow(browser, demo):
    plan, password = demo
    officer = user("officer")
    indicator = Indicator.objects.get(service=plan.service, code="CS01")
    rows = spreadsheets.read_upload(
        results_workbook(
            [
                ["Code", "Indicator", "Q1 2026/27", "Q2 2026/27"],
                [indicator.code, indicator.title, 97.9, 96.5],
                ["XX99", "An indicator code nobody has heard of", 1, None],
            ]
        ),
        user=officer,
        today=timezone.localdate(),
    )
    batch = ImportBatch.objects.create(
        council_id=officer.council_id, uploaded_by=officer, filename="results.xlsx", rows=rows
    )
    browser.sign_in(officer, password=password)
    for size, width, scale in SIZES:
        browser.viewport(width, scale=scale)
        browser.visit(f"/kpis/upload/{batch.pk}/")
        assert browser.heading() == "Check your changes before saving"
        assert "XX99" in browser.text
        shot = browser.screenshot(f"upload preview-{size}")
        problems = reflow_problems(browser.driver)
        assert problems == [], f"upload preview at {size} (screenshot {shot}):\n" + "\n".join(
            problems
        )
