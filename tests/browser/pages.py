"""
A thin layer over Selenium that reads like what a user does: visit, click, fill, choose.

Fields are found by their visible label, links and buttons by their text (including any
visually hidden part), so the tests also check that the page says what it should.
Every page reached by visit/click is scanned with axe-core (see accessibility.py), except
Django's own admin: it is Django's UI, not ours, and has its own accessibility work upstream.
"""

import base64
import re
from pathlib import Path

from selenium.common.exceptions import NoSuchElementException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser.accessibility import axe_check, axe_check_copy
from tests.factories import PASSWORD

# A new page, loaded, with its rich text editors (if any) set up: TinyMCE finishes after the
# page's load event, and names the writing area only then (static/js/rich-text.js).
PAGE_READY = """
return !window.servicePlansOldPage && document.readyState === "complete"
  && (!window.tinymce || tinymce.get().every(editor => editor.initialized));
"""


def xpath_literal(text: str) -> str:
    """A string as an XPath literal, whatever quotes it holds."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in text.split("'")) + ")"


class Scope:
    """The part of a page to look in: the whole page, or one fieldset found by its legend."""

    def __init__(self, driver, root=None):
        self.driver = driver
        self.root = root

    def _find(self, by, value):
        return (self.root or self.driver).find_element(by, value)

    def _xpath(self, expression: str):
        prefix = "." if self.root is not None else ""
        return self._find(By.XPATH, prefix + expression)

    def within(self, legend: str) -> "Scope":
        fieldset = self._xpath(f"//fieldset[legend[normalize-space()={xpath_literal(legend)}]]")
        return Scope(self.driver, fieldset)

    def field(self, label: str):
        """The form control labelled `label` (exact text of its <label>)."""
        element = self._xpath(f"//label[normalize-space()={xpath_literal(label)}]")
        return self.driver.find_element(By.ID, element.get_attribute("for"))

    def fill(self, label: str, text: str) -> None:
        element = self.field(label)
        element.clear()
        element.send_keys(text)

    def choose(self, label: str, option: str) -> None:
        Select(self.field(label)).select_by_visible_text(option)

    def tick(self, label: str) -> None:
        element = self.field(label)
        if not element.is_selected():
            element.click()

    def value(self, label: str) -> str:
        return self.field(label).get_attribute("value")

    def write(self, label: str, text: str) -> None:
        """Type into the rich text editor that replaces the textarea labelled `label`, as a
        person would: click into it, select what is there and type over it. Without
        JavaScript (no editor) the text goes into the textarea itself."""
        element = self.field(label)
        editor = self.driver.execute_script(
            "return !!(window.tinymce && tinymce.get(arguments[0].id))", element
        )
        if not editor:
            self.fill(label, text)
            return
        frame = self.driver.find_element(By.ID, f"{element.get_attribute('id')}_ifr")
        self.driver.switch_to.frame(frame)
        try:
            body = self.driver.find_element(By.TAG_NAME, "body")
            body.click()
            body.send_keys(Keys.CONTROL, "a")
            body.send_keys(text)
        finally:
            self.driver.switch_to.default_content()


class Browser(Scope):
    """One user's browser tab on the live server."""

    def __init__(self, driver, base_url: str, artifacts: Path):
        super().__init__(driver)
        self.base_url = base_url
        self.artifacts = artifacts
        self.scan = True
        self.scanned: list[str] = []
        # A browser with JavaScript to scan copies of the pages in, when this one has none.
        self.scanner = None

    # --- Where we are -------------------------------------------------------------------
    @property
    def path(self) -> str:
        url = self.driver.current_url
        return url[len(self.base_url) :] if url.startswith(self.base_url) else url

    @property
    def title(self) -> str:
        return self.driver.title

    @property
    def text(self) -> str:
        """The text of the page as a user sees it, spaces squeezed."""
        return re.sub(r"\s+", " ", self.driver.find_element(By.TAG_NAME, "body").text)

    def heading(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "h1").text

    def links(self, css: str = "a") -> list[str]:
        return [a.get_attribute("href") for a in self.driver.find_elements(By.CSS_SELECTOR, css)]

    def error_summary(self) -> list[str]:
        """The messages of the GOV.UK error summary, or [] when there is none."""
        items = self.driver.find_elements(By.CSS_SELECTOR, ".govuk-error-summary__list li")
        return [item.text for item in items]

    # --- Going places -------------------------------------------------------------------
    def visit(self, path: str) -> None:
        self.driver.get(self.base_url + path)
        self._arrived()

    def click(self, text: str, *, loads_page: bool = True) -> None:
        """Click the link or button whose text (hidden parts included) is exactly `text`."""
        literal = xpath_literal(text)
        try:
            element = self._xpath(
                f"//a[normalize-space()={literal}] | //button[normalize-space()={literal}]"
                f" | //input[@type='submit' and @value={literal}]"
            )
        except NoSuchElementException:
            raise AssertionError(f"No link or button {text!r} on {self.path}") from None
        if loads_page:
            self.follow(element.click)
        else:
            element.click()

    def follow(self, action) -> None:
        """Do something that loads a new page, and wait for that page."""
        self.driver.execute_script("window.servicePlansOldPage = true")
        action()
        self._arrived()

    def _arrived(self) -> None:
        def loaded(driver):
            try:
                return driver.execute_script(PAGE_READY)
            except WebDriverException:  # between two pages
                return False

        WebDriverWait(self.driver, 30).until(loaded, f"no new page loaded after {self.path}")
        if self.scan:
            self.axe_check()

    def axe_check(self, page_name: str = "") -> None:
        """Scan the page as it is now; named by its title and path unless told otherwise."""
        name = page_name or f"{self.title!r}"
        self.scanned.append(f"{name} {self.path}")
        if self.scanner is None:
            axe_check(self.driver, name)
        else:
            html = self.driver.page_source
            axe_check_copy(self.scanner, self.base_url, html, name, self.driver.current_url)

    def sign_in(self, user, password: str = PASSWORD) -> None:
        """Sign in through the real login form, as a person would."""
        self.visit("/accounts/login/")
        self.fill("Username", user.username)
        self.fill("Password", password)
        self.click("Sign in")
        assert self.error_summary() == [], f"Could not sign in as {user.username}"

    # --- Keyboard -----------------------------------------------------------------------
    def press(self, *keys) -> None:
        """Press keys on whatever has the focus, as a keyboard user would."""
        ActionChains(self.driver).send_keys(*keys).perform()

    # --- Screen size and pictures -------------------------------------------------------
    def viewport(self, width: int, height: int = 900, scale: float = 1) -> None:
        """Lay the page out `width` CSS px wide; scale 2 draws it as at 200% zoom."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False},
        )

    def screenshot(self, name: str) -> Path:
        """The whole page (not just the viewport) as a PNG in the artifacts folder."""
        size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {
                    "x": 0,
                    "y": 0,
                    "width": size["width"],
                    "height": min(size["height"], 16000),
                    "scale": 1,
                },
            },
        )
        path = self.artifacts / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        return path
