"""The scan itself: it must find a violation when there is one, or it proves nothing."""

import pytest

from tests.browser.accessibility import axe_check

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
