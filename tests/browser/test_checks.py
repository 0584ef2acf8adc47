"""The checks themselves: each must catch the problem it looks for, or it proves nothing."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from plans.models import SectionKind
from tests.browser.accessibility import (
    axe_check,
    axe_check_copy,
    focus_is_visible,
    focused_element,
    reflow_problems,
)
from tests.browser.journeys import section

pytestmark = pytest.mark.browser


def test_axe_check_fails_naming_rule_element_and_page(browser):
    browser.visit("/accounts/login/")
    browser.driver.execute_script(
        "document.querySelector('label[for=id_password]').remove();"
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=/x.png>');"
    )

    with pytest.raises(AssertionError) as failure:
        axe_check(browser.driver, "the login page, broken on purpose")

    message = str(failure.value)
    assert "on the login page, broken on purpose (http://" in message
    assert "- label (critical)" in message
    assert '"#id_password"' in message
    assert "- image-alt (critical)" in message


def test_focus_check_tells_a_drawn_focus_from_a_hidden_one(browser):
    browser.visit("/accounts/login/")
    browser.driver.find_element(By.ID, "id_username").click()
    assert focus_is_visible(focused_element(browser.driver))

    # Through the CSSOM: the Content Security Policy refuses inline <style>, rightly.
    browser.driver.execute_script(
        "document.styleSheets[0].insertRule("
        "'*:focus { outline: none !important; box-shadow: none !important }')"
    )
    browser.press(Keys.TAB)
    assert focused_element(browser.driver)["text"] == "password"
    assert not focus_is_visible(focused_element(browser.driver))


def test_reflow_check_finds_content_wider_than_the_screen(browser):
    browser.viewport(320)
    browser.visit("/accounts/login/")
    assert reflow_problems(browser.driver) == []

    browser.driver.execute_script(
        "const wide = document.createElement('p');"
        "wide.textContent = 'A very wide paragraph';"
        "wide.style.width = '900px';"
        "document.querySelector('main').append(wide);"
    )
    problems = reflow_problems(browser.driver)
    assert problems[0] == "the page scrolls sideways: 915px of content in a 320px viewport"
    assert problems[1:] == ["outside the viewport: p. from 15 to 915px: A very wide paragraph"]


def test_pages_without_javascript_are_scanned_as_they_are(browser_without_js):
    browser = browser_without_js
    browser.visit("/accounts/login/")
    html = browser.driver.page_source.replace("</main>", "<img src=/x.png></main>")

    with pytest.raises(AssertionError) as failure:
        axe_check_copy(browser.scanner, browser.base_url, html, "login page", "/accounts/login/")

    assert "- image-alt (critical)" in str(failure.value)
    assert "on login page without JavaScript (/accounts/login/)" in str(failure.value)
    copy = browser.scanner.execute_script(
        "return [document.body.className, getComputedStyle(document.querySelector('h1')).fontFamily]"
    )
    assert copy == ["govuk-template__body", "arial, sans-serif"]


def test_checks_look_into_the_rich_text_editor_and_around_its_iframe(browser, world):
    overview = section(world.plan, SectionKind.NARRATIVE)
    browser.sign_in(world.officer)
    browser.visit(f"/plans/{world.plan.pk}/sections/{overview.pk}/edit/")
    frame = browser.driver.find_element(By.CSS_SELECTOR, ".tox-edit-area iframe")
    browser.driver.switch_to.frame(frame)
    browser.driver.find_element(By.TAG_NAME, "body").click()
    browser.driver.switch_to.default_content()
    focused = focused_element(browser.driver)
    assert (focused["tag"], focused["drawnOn"]) == ("iframe", "tox tox-tinymce tox-edit-focus")
    assert focus_is_visible(focused)

    browser.driver.execute_script(
        "document.styleSheets[0].insertRule('.tox.tox-tinymce.tox-edit-focus "
        "{ outline: none !important; box-shadow: none !important }')"
    )
    assert not focus_is_visible(focused_element(browser.driver))

    # axe-core scans the writing area too: TinyMCE's own name for it was refused there.
    browser.driver.switch_to.frame(frame)
    browser.driver.execute_script("document.body.setAttribute('aria-label', 'Rich Text Area')")
    browser.driver.switch_to.default_content()
    with pytest.raises(AssertionError) as failure:
        axe_check(browser.driver, "the section form")
    assert "- aria-prohibited-attr (serious)" in str(failure.value)
    assert '"#id_body_ifr" "#tinymce"' in str(failure.value)
