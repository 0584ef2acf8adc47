"""
The performance lead sets the council up through /setup/ (the GOV.UK pages, not the admin):
adds a service, then a person with a role, who sets their own password from the invitation
and signs in. Every page, in its normal and error states, is scanned with axe.
"""

import re

import pytest
from django.core import mail

from council.models import Role, Service, User
from tests.browser.accessibility import reflow_problems

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-long-passphrase-for-sam"


def test_lead_sets_up_a_service_and_invites_a_person(browser, world):
    browser.sign_in(world.lead)
    browser.click("Set up")
    assert browser.heading() == "Set up your council"
    assert "Cannot start yet" not in browser.text  # every task has its page

    browser.click("Directorates and services")
    browser.click("Add a service")
    browser.click("Save service")  # nothing filled in: the error state is scanned too
    assert "Enter the service's name" in browser.error_summary()
    browser.choose("Directorate", "Community")
    browser.fill("Name", "Waste")
    browser.click("Save service")
    assert "Community already has a service called Waste" in browser.error_summary()
    browser.fill("Name", "Licensing")
    browser.click("Save service")
    licensing = Service.objects.get(name="Licensing")
    assert licensing.directorate == world.directorate

    browser.visit("/setup/people/")
    browser.click("Add a person")
    browser.fill("First name", "Sam")
    browser.fill("Last name", "Okafor")
    browser.fill("Email address", "not-an-email")
    browser.within("New role (1)").choose("Role", "Officer")
    browser.click("Add person and send invitation")  # a bad e-mail, no scope: scanned
    errors = browser.error_summary()
    assert any("Enter an email address in the correct format" in e for e in errors)
    assert "Role 1: Select what the role covers" in errors
    browser.fill("Email address", "sam@testshire.gov.uk")
    browser.within("New role (1)").choose("Covers", "Licensing (Community)")
    browser.click("Add person and send invitation")
    assert "Sam Okafor has been added" in browser.text
    sam = User.objects.get(email="sam@testshire.gov.uk")
    browser.click("Sam Okafor")  # the change page, with its invitation and deactivation
    assert "Send the invitation again" in browser.text
    assert list(sam.roles.values_list("name", "service__name")) == [
        (Role.Name.OFFICER, "Licensing")
    ]

    link = re.search(r"https?://\S+/accounts/reset/\S+", mail.outbox[-1].body).group(0)
    browser.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.visit(link[link.index("/accounts/") :])
    assert browser.heading() == "Set your password"
    browser.fill("New password", NEW_PASSWORD)
    browser.fill("New password confirmation", NEW_PASSWORD)
    browser.click("Set password")
    assert browser.heading() == "Your password has been set"
    browser.sign_in(sam, password=NEW_PASSWORD)
    assert "Licensing" in browser.text


def test_set_up_pages_reflow_at_320_px(browser, world):
    browser.sign_in(world.lead)
    browser.viewport(320)
    for path in [
        "/setup/",
        "/setup/council/",
        "/setup/directorates/",
        "/setup/services/add/",
        "/setup/people/",
        "/setup/people/add/",
        f"/setup/people/{world.officer.pk}/",
        "/setup/years/",
        "/setup/years/add/",
        "/setup/priorities/",
        "/setup/priorities/add/",
        "/setup/rating-defaults/",
        "/setup/returns-calendar/",
        "/setup/people/import/",
        "/setup/audit/",
        "/setup/audit/?since=31/02/2026&kind=plans",  # the error state
    ]:
        browser.visit(path)
        assert reflow_problems(browser.driver) == [], path


def test_lead_sets_years_priorities_ratings_and_the_returns_calendar(browser, world):
    """Each page and its error state is scanned with axe as the lead goes through them."""
    browser.sign_in(world.lead)
    browser.visit("/setup/")
    browser.click("Financial years")
    browser.click("Add a year")
    browser.fill("Year it starts", "2026")
    browser.click("Add year")
    assert "The council already has 2026/27" in browser.error_summary()
    browser.fill("Year it starts", "2030")
    browser.click("Add year")
    browser.click("Make current 2026/27")
    assert "2026/27 is now the current year." in browser.text
    browser.click("Delete 2030/31")
    assert "2030/31 has been deleted." in browser.text

    browser.visit("/setup/")
    browser.click("Corporate priorities and objectives")
    browser.click("Add a priority")
    browser.fill("Title", "Climate")
    browser.within("New objective (1)").fill("Objective", "Cut emissions")
    browser.within("New objective (2)").fill("Objective", "cut EMISSIONS")
    browser.click("Save priority")
    assert (
        "Objective 2: The priority already has an objective called cut EMISSIONS"
        in browser.error_summary()
    )
    browser.within("New objective (2)").fill("Objective", "Plant trees")
    browser.click("Save priority")
    assert "Climate has been saved." in browser.text

    browser.visit("/setup/rating-defaults/")
    browser.fill("Tolerance", "-2")
    browser.click("Save rating defaults")
    assert "Tolerance cannot be negative" in browser.error_summary()
    browser.fill("Tolerance", "3")
    browser.click("Save rating defaults")

    browser.visit("/setup/returns-calendar/")
    browser.fill("Days after the deadline, to managers too", "1")
    browser.click("Save returns calendar")
    assert any("The reminder to managers must go" in e for e in browser.error_summary())
    browser.fill("Days after the deadline, to managers too", "10")
    browser.click("Save returns calendar")
    assert browser.heading() == "Set up your council"


def test_lead_imports_people_reactivates_one_and_reads_the_audit_log(browser, world, tmp_path):
    """Each page in its normal and error states is scanned with axe as it is reached."""
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "email,first name,last name,job title,role,scope\nnot-an-email,A,B,,wizard,Waste\n"
    )
    good = tmp_path / "good.csv"
    good.write_text(
        "email,first name,last name,job title,role,scope\n"
        "ana.ng@testshire.gov.uk,Ana,Ng,Waste officer,officer,Waste\n",
        encoding="utf-8-sig",
    )
    browser.sign_in(world.lead)
    browser.visit("/setup/people/")
    browser.click("Import people from a CSV file")
    browser.click("Check the file")  # no file: the error state
    assert "Select a CSV file" in browser.error_summary()
    browser.field("CSV file").send_keys(str(bad))
    browser.click("Check the file")
    assert "The file has 1 row with problems. Nothing has been imported" in browser.error_summary()
    browser.field("CSV file").send_keys(str(good))
    browser.click("Check the file")
    browser.click("Import and send invitations")
    assert "1 people added and sent an invitation" in browser.text
    ana = User.objects.get(email="ana.ng@testshire.gov.uk")

    world.officer_b.is_active = False
    world.officer_b.save()
    browser.visit(f"/setup/people/{world.officer_b.pk}/")
    browser.click(f"Reactivate {world.officer_b}")
    assert "can sign in with their old password" in browser.text

    browser.visit("/setup/")
    browser.click("See who changed what and when")
    assert browser.heading() == "Audit log"
    assert f"Person: {ana.email}" in browser.text
