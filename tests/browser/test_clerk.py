"""The clerk reads every plan of their council and changes nothing; other councils are invisible."""

import pytest

from plans.models import SectionKind
from tests.browser.journeys import section

pytestmark = pytest.mark.browser


def test_clerk_reads_a_plan_without_edit_links(browser, world):
    browser.sign_in(world.clerk)
    assert world.plan.title in browser.text

    browser.click("Plans")
    assert browser.heading() == "Plans"
    browser.fill("Search", "Revenues")
    browser.click("Filter plans")
    assert world.other_plan.title in browser.text
    assert world.plan.title not in browser.text
    browser.fill("Search", "Customer")
    browser.choose("Status", "Draft")
    browser.click("Filter plans")
    browser.click(world.plan.title)
    assert browser.heading() == world.plan.title
    assert browser.links("a[href*='/edit/']") == []
    assert "Edit" not in browser.text

    budget = section(world.plan, SectionKind.BUDGET)
    browser.visit(f"/plans/{world.plan.pk}/sections/{budget.pk}/edit/")
    assert browser.heading() == "You cannot do this"

    browser.visit(world.foreign_plan.get_absolute_url())
    assert browser.heading() == "Page not found"
    assert world.foreign_plan.service.directorate.council.name not in browser.text

    browser.click("Accessibility statement")
    assert browser.heading() == "Accessibility statement for service plans"
    browser.click(f"Sign out {world.clerk}")
    assert browser.heading() == "Sign in to service plans"
