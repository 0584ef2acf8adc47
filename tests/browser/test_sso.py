"""
Single sign-on in the browser against the tests' own OpenID provider (tests/sso/provider.mjs)
on 127.0.0.1: the lead sets it up on /setup/sign-in/, a person whose app role is mapped
signs in at the provider's own form and gets their role, a person nobody mapped waits for
the lead, and tampered callbacks are refused with no session. Every page of ours is
scanned with axe (the provider's own sign-in form is not ours, and is not scanned).
"""

import pytest
from django.contrib.sessions.models import Session
from selenium.webdriver.common.by import By

from council.models import Role, User
from signin.models import RoleMapping
from tests.sso.local_provider import running_provider

pytestmark = pytest.mark.browser

BUTTON = "Sign in with Microsoft Entra ID (Testshire District Council)"


def sign_in_at_provider(browser, login: str) -> None:
    """From our sign-in page: the council's button, then the provider's own form."""
    browser.visit("/accounts/login/")
    browser.scan = False
    browser.click(BUTTON)
    browser.driver.find_element(By.NAME, "login").send_keys(login)
    browser.driver.find_element(By.NAME, "password").send_keys("any password")
    browser.scan = True
    browser.follow(browser.driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click)


def signed_in_sessions() -> int:
    return sum("_auth_user_id" in s.get_decoded() for s in Session.objects.all())


def signed_out(browser) -> None:
    """Signed out here and at the provider: every cookie of every site goes."""
    browser.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})


def test_single_sign_on_journey(browser, world, live_server, tmp_path):
    callback = f"{live_server.url}/accounts/sso/testshire/callback/"
    with running_provider(tmp_path, [callback]) as provider:
        # The lead's page, in its error state and saved.
        browser.sign_in(world.lead)
        browser.visit("/setup/")
        browser.click("Single sign-on")
        browser.fill("Sign-in address name", "testshire")
        browser.fill("Issuer URL", provider.issuer)
        browser.click("Save single sign-on")
        errors = browser.error_summary()
        assert "Enter the client ID" in errors
        assert "Enter the client secret, or the environment variable that holds it" in errors
        browser.fill("Client ID", provider.client_id)
        browser.fill("Client secret", provider.client_secret)
        browser.write("Role mapping", "ServicePlans.Officer = officer in service-x")
        browser.tick("Turn on single sign-on")
        browser.click("Save single sign-on")
        assert any("is not a service code or directorate" in e for e in browser.error_summary())
        browser.fill("Client secret", provider.client_secret)
        code = world.service.code
        browser.write("Role mapping", f"ServicePlans.Officer = officer in {code}")
        browser.click("Save single sign-on")
        assert "Single sign-on has been saved." in browser.text
        assert callback in browser.text
        signed_out(browser)

        # A mapped person signs in and gets their role.
        sign_in_at_provider(browser, "officer@testshire.gov.uk")
        assert browser.path == "/"
        olive = User.objects.get(email="officer@testshire.gov.uk")
        assert olive.council == world.council
        assert [(r.name, r.service) for r in olive.roles.all()] == [
            (Role.Name.OFFICER, world.service)
        ]
        assert "Olive Officer" in browser.text
        signed_out(browser)

        # Someone nobody mapped waits for the lead.
        sign_in_at_provider(browser, "newcomer@testshire.gov.uk")
        assert browser.heading() == "Your account is waiting for your performance lead"
        newcomer = User.objects.get(email="newcomer@testshire.gov.uk")
        assert not newcomer.roles.exists()
        signed_out(browser)

        # A callback whose ID token does not carry our nonce is refused, no session.
        sessions = signed_in_sessions()
        provider.tamper_next_id_token("nonce")
        sign_in_at_provider(browser, "officer@testshire.gov.uk")
        assert browser.heading() == "You could not be signed in"
        browser.visit("/")
        assert browser.path.startswith("/accounts/login/")
        # A callback with a forged state is refused too.
        browser.visit("/accounts/sso/testshire/callback/?code=stolen&state=forged")
        assert browser.heading() == "You could not be signed in"
        browser.visit("/")
        assert browser.path.startswith("/accounts/login/")
        assert signed_in_sessions() == sessions
        assert RoleMapping.objects.count() == 1
