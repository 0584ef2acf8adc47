"""Forms submitted with errors: the error summary, focus on it, and what was typed kept."""

import pytest
from selenium.webdriver.common.by import By

from plans.models import BudgetLine, Plan, SectionKind
from tests.browser.journeys import section

pytestmark = pytest.mark.browser


def focused_classes(browser) -> str:
    return browser.driver.execute_script("return document.activeElement.className")


def test_wrong_password_shows_the_error_summary_and_keeps_the_username(browser, world):
    browser.visit("/accounts/login/")
    browser.fill("Username", world.officer.username)
    browser.fill("Password", "not-the-password")
    browser.click("Sign in")

    assert browser.title.startswith("Error: ")
    assert len(browser.error_summary()) == 1
    assert "govuk-error-summary" in focused_classes(browser)
    assert browser.value("Username") == world.officer.username


def test_too_many_wrong_passwords_lock_the_sign_in(browser, world):
    for _ in range(5):
        browser.visit("/accounts/login/")
        browser.fill("Username", world.officer.username)
        browser.fill("Password", "not-the-password")
        browser.click("Sign in")

    assert browser.heading() == "Too many attempts to sign in"


def test_budget_figure_that_is_not_a_number(browser, world):
    budget = section(world.plan, SectionKind.BUDGET)
    browser.sign_in(world.officer)
    browser.visit(f"/plans/{world.plan.pk}/sections/{budget.pk}/edit/")
    line = browser.within("New budget line (1)")
    line.choose("Category", "Income")
    line.fill("Description", "Fees and charges")
    line.fill("Figure 2027/28", "twelve")
    browser.click("Save and return to the plan")

    assert browser.title.startswith("Error: ")
    assert browser.error_summary() == [
        "Budget line 1: Figure for 2027/28 must be a number, like 1,615,700, or 23.5 for staff FTE"
    ]
    assert "govuk-error-summary" in focused_classes(browser)
    line = browser.within("New budget line (1)")
    assert line.value("Description") == "Fees and charges"
    assert line.value("Figure 2027/28") == "twelve"
    assert line.field("Category").get_attribute("value") == "income"
    assert not BudgetLine.objects.exists()

    # The summary links to the field: following it puts the focus there (GOV.UK JS).
    browser.driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary__list a").click()
    focused_id = browser.driver.execute_script("return document.activeElement.id")
    assert focused_id == line.field("Figure 2027/28").get_attribute("id")


def test_start_a_plan_with_years_the_wrong_way_round(browser, world):
    browser.sign_in(world.officer)
    browser.click("Start a plan")
    browser.choose("Service", "Customer Services")
    browser.choose("First financial year", "2029/30")
    browser.choose("Last financial year", "2028/29")
    browser.click("Create plan")

    assert browser.title.startswith("Error: ")
    assert browser.error_summary() == ["The last year must be the same as or after the first year"]
    assert "govuk-error-summary" in focused_classes(browser)
    assert browser.field("First financial year").get_attribute("value") == "2029"
    assert browser.field("Last financial year").get_attribute("value") == "2028"

    browser.choose("Last financial year", "2029/30")
    browser.click("Create plan")
    plan = Plan.objects.get(service=world.service, first_year=2029)
    assert browser.path == plan.get_absolute_url()
    assert f"{plan.title} has been created." in browser.text
