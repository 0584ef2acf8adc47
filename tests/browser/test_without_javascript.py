"""With JavaScript switched off the officer's journey and the error summary still work."""

import pytest

from packs.models import PackJob
from tests.browser.journeys import officer_writes_plan

pytestmark = pytest.mark.browser


def javascript_ran(browser) -> bool:
    # base.html's first inline script adds this class; WebDriver's own scripts still run.
    return "js-enabled" in browser.driver.find_element("tag name", "body").get_attribute("class")


def test_officer_writes_their_plan_without_javascript(browser_without_js, world):
    browser = browser_without_js
    browser.visit("/accounts/login/")
    assert not javascript_ran(browser)

    officer_writes_plan(browser, world)


def test_error_summary_without_javascript(browser_without_js, world):
    browser = browser_without_js
    browser.visit("/accounts/login/")
    browser.fill("Username", world.officer.username)
    browser.click("Sign in")

    assert browser.title.startswith("Error: ")
    assert browser.error_summary() == ["This field is required."]
    assert browser.value("Username") == world.officer.username


def test_pack_progress_page_offers_a_refresh_link_without_javascript(browser_without_js, world):
    browser = browser_without_js
    job = PackJob.objects.create(
        council=world.council,
        requested_by=world.clerk,
        year=2026,
        quarter=1,
        scope_label="All services",
        services_total=3,
        services_done=1,
    )
    browser.sign_in(world.clerk)
    browser.visit(job.get_absolute_url())
    assert "Waiting to start: 1 of 3 services done (33%)." in browser.text
    browser.click("refresh the page")
    assert browser.path == job.get_absolute_url()
