"""
The officer's journey with the keyboard alone: TAB to move, ENTER and SPACE to act.

Every element that takes the focus must show it, and TAB must be able to leave every part
of the page (no keyboard trap).
"""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from plans.models import SectionKind
from tests.browser.accessibility import focus_is_visible, focused_element
from tests.browser.journeys import section
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

TABBABLE = """
return [...document.querySelectorAll(
  "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])"
)].filter(e => !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== "hidden").length;
"""


# The same, leaving out the rich text editors: their toolbar buttons are reached with
# ALT+F10 and the arrow keys, not TAB; the writing area (an iframe) is their one TAB stop.
TABBABLE_OUTSIDE_EDITORS = TABBABLE.replace(
    ".filter(e => ", ".filter(e => !e.closest('.tox-tinymce') && ", 1
)
assert TABBABLE_OUTSIDE_EDITORS != TABBABLE

YELLOW = "rgb(255, 221, 0)"  # GOV.UK's focus colour, #ffdd00
EDITOR_OUTLINE = "return getComputedStyle(document.querySelector('.tox-tinymce')).outlineStyle"


def press_with(browser, modifier: str, key: str) -> None:
    """Hold `modifier` (SHIFT, ALT) while pressing `key`."""
    ActionChains(browser.driver).key_down(modifier).send_keys(key).key_up(modifier).perform()


def shift_tab(browser) -> None:
    press_with(browser, Keys.SHIFT, Keys.TAB)


def assert_focus_on(browser, name: str) -> None:
    focused = focused_element(browser.driver)
    assert focused is not None and focused["text"] == name, f"focus is not on {name!r}: {focused}"
    assert focus_is_visible(focused), f"focus is not visible on {focused}"


def tab_to(browser, text: str, *, tag: str | None = None, limit: int = 150) -> dict:
    """Press TAB until the focus is on the element reading `text` (and of that tag, if given);
    check focus shows each time."""
    for _ in range(limit):
        browser.press(Keys.TAB)
        focused = focused_element(browser.driver)
        if focused is None:
            continue
        assert focus_is_visible(focused), f"focus is not visible on {focused}"
        if focused["text"] == text and tag in (None, focused["tag"]):
            return focused
    raise AssertionError(f"TAB never reached {text!r} on {browser.path}")


def tab_round_the_page(browser) -> list[str]:
    """TAB from the top of the page until the focus comes back round to where it started."""
    seen = []
    for _ in range(500):
        browser.press(Keys.TAB)
        focused = focused_element(browser.driver)
        if focused is None:
            continue
        key = f"{focused['tag']} {focused['path']}"
        if seen and key == seen[0]:
            return seen
        assert focus_is_visible(focused), f"focus is not visible on {focused}"
        seen.append(key)
    raise AssertionError(f"the focus never came back to the top of {browser.path}: {seen[-5:]}")


def test_officer_journey_by_keyboard_alone(browser, world):
    plan = world.plan
    browser.visit("/accounts/login/")
    assert tab_to(browser, "Skip to main content")["tag"] == "a"
    tab_to(browser, "username")
    browser.press(world.officer.username)
    browser.press(Keys.TAB)
    assert focused_element(browser.driver)["text"] == "password"
    browser.press(PASSWORD)
    browser.follow(lambda: browser.press(Keys.ENTER))
    assert browser.heading().endswith("Your dashboard")

    tab_to(browser, plan.title)
    browser.follow(lambda: browser.press(Keys.ENTER))
    assert browser.heading() == plan.title

    overview = section(plan, SectionKind.NARRATIVE)
    tab_to(browser, f"Edit {overview.title}")
    browser.follow(lambda: browser.press(Keys.ENTER))
    assert browser.heading() == str(overview)

    # The rich text editor's writing area (an iframe), named by the field's label: its
    # container shows the focus.
    editor = tab_to(browser, "Text of the section", tag="iframe")
    assert "tox-tinymce" in editor["drawnOn"]
    assert editor["outlineColor"] == YELLOW, f"the editor's focus is not GOV.UK yellow: {editor}"
    browser.press("Written with the keyboard only.")

    # Its toolbar: ALT+F10 from the writing area, TAB between groups of buttons, ENTER to
    # open a menu, arrows within it; choosing puts the focus back in the writing area.
    press_with(browser, Keys.ALT, Keys.F10)
    assert_focus_on(browser, "Undo")
    browser.press(Keys.TAB)
    assert_focus_on(browser, "Block Paragraph")
    browser.press(Keys.ENTER)
    assert_focus_on(browser, "Paragraph")
    browser.press(Keys.ARROW_DOWN)
    assert_focus_on(browser, "Heading")
    browser.press(Keys.ENTER)
    assert focused_element(browser.driver)["drawnOn"] == editor["drawnOn"]

    # TAB leaves the editor (no trap) for the form's next field, the section's picture, and
    # the editor no longer looks focused.
    browser.press(Keys.TAB)
    focused = focused_element(browser.driver)
    assert focused["text"] == "figure-image", f"TAB did not leave the editor: {focused}"
    assert focused["outlineColor"] == YELLOW
    # The editor drops its focus style on its own blur event, a moment after the TAB: wait
    # for it (a busy machine is slow to run it), and fail if it never goes.
    WebDriverWait(browser.driver, 5).until(
        lambda driver: driver.execute_script(EDITOR_OUTLINE) == "none",
        "the editor still looks focused after TAB left it",
    )
    shift_tab(browser)
    assert focused_element(browser.driver)["drawnOn"] == editor["drawnOn"]
    # On past the picture, its caption and text alternative, to the button that saves.
    for _ in range(4):
        browser.press(Keys.TAB)
    assert focused_element(browser.driver)["text"] == "Save and return to the plan"
    browser.follow(lambda: browser.press(Keys.SPACE))
    assert "Written with the keyboard only." in browser.text
    overview.refresh_from_db()
    assert overview.body == "<h3>Written with the keyboard only.</h3>"


def test_tab_goes_round_the_section_form_without_a_trap(browser, world):
    budget = section(world.plan, SectionKind.BUDGET)
    browser.sign_in(world.officer)
    browser.visit(f"/plans/{world.plan.pk}/sections/{budget.pk}/edit/")
    editors = "return document.querySelectorAll('.tox-tinymce iframe').length"
    WebDriverWait(browser.driver, 20).until(lambda driver: driver.execute_script(editors) == 2)
    outside_editors = browser.driver.execute_script(TABBABLE_OUTSIDE_EDITORS)
    # A group of radios (the budget's unit) is one TAB stop; the arrow keys choose within it.
    radios_beyond_the_first = browser.driver.execute_script(
        "const radios = [...document.querySelectorAll('input[type=radio]')];"
        "return radios.length - new Set(radios.map(r => r.name)).size;"
    )

    visited = tab_round_the_page(browser)

    # Every control is reached once, and each of the two editors (text before and after the
    # table) is one stop that TAB passes through, not a trap.
    stops = outside_editors - radios_beyond_the_first + 2
    assert len(visited) == len(set(visited)) == stops
    assert sum(key.startswith("iframe ") for key in visited) == 2
