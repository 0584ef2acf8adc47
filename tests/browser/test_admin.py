"""
A site operator (a superuser; the admin is theirs only) adds a service and a person with a
role in the admin. The performance lead's own set-up is /setup/ (test_setup.py).

Every page is scanned with axe, the admin's (with static/css/admin.css where Django's styles
fell short of WCAG 2.2 AA) as well as the new officer's.
"""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from council.models import Role, Service, User

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-long-passphrase-for-sam"


def admin_fill(browser, name: str, text: str) -> None:
    element = browser.driver.find_element(By.NAME, name)
    element.clear()
    element.send_keys(text)


def admin_choose(browser, name: str, option: str) -> None:
    Select(browser.driver.find_element(By.NAME, name)).select_by_visible_text(option)


def test_an_operator_adds_a_service_and_a_person_with_a_role(browser, world, council_operator):
    browser.sign_in(council_operator)
    browser.click("Admin")
    assert "Site administration" in browser.text

    browser.visit("/admin/council/service/add/")
    browser.click("Save")  # nothing filled in: the form's error state is scanned too
    assert "Please correct the error" in browser.text
    assert not Service.objects.filter(name="").exists()
    admin_fill(browser, "name", "Licensing")
    admin_choose(browser, "directorate", "Community")
    browser.click("Save")
    service = Service.objects.get(name="Licensing")
    assert service.directorate == world.directorate
    assert service.code == "licensing"

    browser.visit("/admin/council/user/add/")
    admin_fill(browser, "username", "sam")
    admin_fill(browser, "first_name", "Sam")
    admin_fill(browser, "last_name", "Okafor")
    admin_fill(browser, "password1", NEW_PASSWORD)
    admin_fill(browser, "password2", "a-different-passphrase")
    browser.click("Save")  # the passwords differ: the error state, scanned
    assert "Please correct the error" in browser.text
    assert not User.objects.filter(username="sam").exists()
    admin_fill(browser, "password1", NEW_PASSWORD)
    admin_fill(browser, "password2", NEW_PASSWORD)
    browser.click("Save")
    sam = User.objects.get(username="sam")
    assert sam.council == world.council

    browser.click("Add another Role", loads_page=False)
    admin_choose(browser, "roles-0-name", "Officer")
    admin_choose(browser, "roles-0-service", "Licensing")
    browser.click("Save")
    assert list(sam.roles.values_list("name", "service__name")) == [
        (Role.Name.OFFICER, "Licensing")
    ]

    browser.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.sign_in(sam, password=NEW_PASSWORD)
    assert "Licensing (Community; 0 plans)" in browser.text
    assert browser.links("a[href='/plans/new/']") != []
