"""
A council from nothing to its first plan, through /setup/ only (never the Django admin).

The operator runs `create_council`; the new performance lead sets their password from the
invitation and signs in; sets the council's profile, a directorate and a service, the
financial year, a corporate priority with its objectives, a section of the council's
template and its sign-off block; invites an officer, who sets their own password and starts the council's first
plan. Every page, in its normal and error states, is scanned with axe as it is reached.
"""

import re

import pytest
from django.core import mail

from council.models import Council, FinancialYear, Role, User
from plans.models import Plan
from setup.services import council_create

pytestmark = pytest.mark.browser

LEAD_PASSWORD = "a-long-passphrase-for-the-lead"
OFFICER_PASSWORD = "a-long-passphrase-for-the-officer"


def set_password_from(browser, link: str, password: str) -> None:
    browser.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.visit(link[link.index("/accounts/") :])
    assert browser.heading() == "Set your password"
    browser.fill("New password", password)
    browser.fill("New password confirmation", password)
    browser.click("Set password")
    assert browser.heading() == "Your password has been set"


def test_a_new_council_reaches_its_first_plan_through_set_up_only(browser, db):
    council, lead, link = council_create(
        name="Newtown Borough Council", lead_email="lead@newtown.gov.uk"
    )
    set_password_from(browser, link, LEAD_PASSWORD)
    browser.sign_in(lead, password=LEAD_PASSWORD)
    browser.click("Set up")
    assert browser.heading() == "Set up your council"

    # The profile.
    browser.click("Council profile")
    browser.fill("Council name", "")
    browser.click("Save council profile")  # the error state, scanned
    assert browser.error_summary() != []
    browser.fill("Council name", "Newtown Borough Council")
    browser.fill("Short name", "Newtown")
    browser.fill("Protective marking", "OFFICIAL")
    browser.click("Save council profile")
    council.refresh_from_db()
    assert (council.short_name, council.protective_marking) == ("Newtown", "OFFICIAL")

    # A directorate and its service.
    browser.visit("/setup/")
    browser.click("Directorates and services")
    browser.click("Add a directorate")
    browser.fill("Name", "Place")
    browser.click("Save directorate")
    browser.click("Add a service")
    browser.choose("Directorate", "Place")
    browser.fill("Name", "Planning")
    browser.click("Save service")
    assert "Planning" in browser.text

    # The year the first plan is for.
    browser.visit("/setup/")
    browser.click("Financial years")
    browser.click("Add a year")
    browser.fill("Year it starts", "twenty")
    browser.click("Add year")  # the error state, scanned
    assert browser.error_summary() != []
    browser.fill("Year it starts", "2026")
    browser.click("Add year")
    browser.click("Make current 2026/27")
    assert FinancialYear.objects.get(council=council).is_current

    # A corporate priority with its objectives.
    browser.visit("/setup/")
    browser.click("Corporate priorities and objectives")
    browser.click("Add a priority")
    browser.fill("Title", "A thriving town centre")
    browser.within("New objective (1)").fill("Objective", "Fill empty shops")
    browser.click("Save priority")
    assert "A thriving town centre has been saved." in browser.text

    # The council's template came with it: a section of its own, and who signs its plans.
    browser.visit("/setup/")
    browser.click("Plan templates")
    browser.click("Service plan")
    browser.click("Add a section")
    browser.click("Save section")  # the error state, scanned
    assert browser.error_summary() != []
    browser.fill("Section title", "Planning in Newtown")
    browser.click("Save section")
    assert "Planning in Newtown" in browser.text
    browser.visit("/setup/")
    browser.click("Sign-off blocks")
    browser.click("Add a sign-off block to Service plan")
    browser.click("Save sign-off block")  # the error state, scanned
    assert browser.error_summary() != []
    browser.fill("Block title", "Performance lead")
    browser.tick("The performance lead")
    browser.click("Save sign-off block")
    assert "Performance lead" in browser.text

    # The officer who writes the plan.
    browser.visit("/setup/people/")
    browser.click("Add a person")
    browser.fill("First name", "Priya")
    browser.fill("Last name", "Shah")
    browser.fill("Email address", "priya.shah@newtown.gov.uk")
    browser.within("New role (1)").choose("Role", "Officer")
    browser.within("New role (1)").choose("Covers", "Planning (Place)")
    browser.click("Add person and send invitation")
    assert "Priya Shah has been added" in browser.text
    officer = User.objects.get(email="priya.shah@newtown.gov.uk")
    assert list(officer.roles.values_list("name", "service__name")) == [
        (Role.Name.OFFICER, "Planning")
    ]

    # The officer sets their password and starts the council's first plan.
    invitation = re.search(r"https?://\S+/accounts/reset/\S+", mail.outbox[-1].body)[0]
    set_password_from(browser, invitation, OFFICER_PASSWORD)
    browser.sign_in(officer, password=OFFICER_PASSWORD)
    browser.visit("/plans/new/")
    browser.choose("Service", "Planning")
    browser.click("Create plan")  # without its years: the error state, scanned
    assert "Select the first financial year of the plan" in browser.error_summary()
    browser.choose("First financial year", "2026/27")
    browser.choose("Last financial year", "2026/27")
    browser.click("Create plan")
    plan = Plan.objects.get(service__directorate__council=council)
    assert browser.path == plan.get_absolute_url()
    assert (plan.first_year, plan.last_year) == (2026, 2026)
    assert list(plan.sign_offs.values_list("title", flat=True))[-1] == "Performance lead"
    assert "Planning in Newtown" in browser.text
    assert Council.objects.count() == 1  # nothing else was needed, and no admin page
