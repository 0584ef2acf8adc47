"""
Accessibility checks run in the browser: axe-core, visible focus, and reflow.

axe-core comes from npm (package.json); it is injected into each page and run with the
WCAG 2.0, 2.1 and 2.2 A and AA rules. Any violation, at any impact, fails the test.
"""

import json
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then(results => done({violations: results.violations, version: axe.version}))
  .catch(error => done({error: String(error)}));
"""


@cache
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(
            f"{AXE_JS} is missing: install the front-end packages with `scripts/setup.sh dev`.",
            pytrace=False,
        )
    return AXE_JS.read_text()


def inject_axe(driver) -> None:
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source())


def axe_violations(driver) -> list[dict]:
    """The WCAG A/AA violations axe-core finds on the page as it is now, its iframes (the
    rich text editor's writing area) included: axe-core scans a frame only if it is there."""
    inject_axe(driver)
    for frame in driver.find_elements(By.TAG_NAME, "iframe"):
        driver.switch_to.frame(frame)
        try:
            inject_axe(driver)
        finally:
            driver.switch_to.default_content()
    result = driver.execute_async_script(RUN_AXE, WCAG_TAGS)
    if "error" in result:
        pytest.fail(f"axe-core could not run: {result['error']}")
    return result["violations"]


def describe_violations(violations: list[dict], page_name: str, url: str) -> str:
    lines = [f"axe-core found {len(violations)} WCAG A/AA violation(s) on {page_name} ({url}):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(json.dumps(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


def axe_check(driver, page_name: str) -> None:
    """Fail with rule, impact, element and page if axe-core finds any WCAG A/AA violation."""
    violations = axe_violations(driver)
    assert not violations, describe_violations(violations, page_name, driver.current_url)


SCRIPT_TAG = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
STYLESHEETS_LOADED = """
return [...document.querySelectorAll("link[rel=stylesheet]")].every(link => link.sheet);
"""


def axe_check_copy(scanner, base_url: str, html: str, page_name: str, url: str) -> None:
    """Scan a copy of a page from a browser without JavaScript, in `scanner`, which has it.

    axe-core cannot run where JavaScript is off; the copy, without its scripts, is the page
    as that browser shows it, on the same origin so its styles load.
    """
    scanner.get(base_url + "/accessibility/")
    frame = scanner.execute_cdp_cmd("Page.getFrameTree", {})["frameTree"]["frame"]["id"]
    copy = SCRIPT_TAG.sub("", html)
    if not copy.lstrip().lower().startswith("<!doctype"):
        copy = "<!DOCTYPE html>" + copy
    scanner.execute_cdp_cmd("Page.setDocumentContent", {"frameId": frame, "html": copy})
    WebDriverWait(scanner, 30).until(lambda driver: driver.execute_script(STYLESHEETS_LOADED))
    violations = axe_violations(scanner)
    assert not violations, describe_violations(violations, f"{page_name} without JavaScript", url)


# The rich text editor's writing area is an iframe, which Chromium never matches with :focus;
# the editor draws the focus on its container instead (static/js/rich-text.js), so that is
# where it is looked for.
FOCUS_STYLE = r"""
const element = document.activeElement;
if (!element || element === document.body) return null;
const drawn = (element.matches("iframe") && element.closest(".tox-tinymce")) || element;
const style = getComputedStyle(drawn);
const path = [];
for (let node = element; node && node !== document.body; node = node.parentElement) {
  path.unshift(`${node.tagName.toLowerCase()}:nth-child(${[...node.parentElement.children].indexOf(node) + 1})`);
}
const rect = drawn.getBoundingClientRect();
return {
  tag: element.tagName.toLowerCase(),
  path: path.join(" > "),
  drawnOn: drawn === element ? "" : drawn.className,
  // Form fields by name, frames by title; links and buttons by their text, visually hidden
  // parts included, or by their aria-label (the rich text editor's toolbar).
  text: (element.matches("input, select, textarea") ? element.name
         : element.matches("iframe") ? element.title
         : element.getAttribute("aria-label") || element.textContent)
    .replace(/\s+/g, " ").trim().slice(0, 80),
  outlineStyle: style.outlineStyle,
  outlineWidth: parseFloat(style.outlineWidth),
  outlineColor: style.outlineColor,
  boxShadow: style.boxShadow,
  width: rect.width,
  height: rect.height,
};
"""


def focused_element(driver) -> dict | None:
    """What has the keyboard focus and how it is drawn; None when nothing on the page has it."""
    return driver.execute_script(FOCUS_STYLE)


def focus_is_visible(style: dict) -> bool:
    """GOV.UK Frontend draws focus as a yellow outline or a yellow-and-black box shadow."""
    transparent = style["outlineColor"] in {"transparent", "rgba(0, 0, 0, 0)"}
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] > 0 and not transparent
    shadow = style["boxShadow"] not in {"", "none"}
    return (outline or shadow) and style["width"] > 0 and style["height"] > 0


# Elements that stick out of the viewport to the left or right. Tables may scroll inside
# their .app-table-scroll container; visually hidden text (1px, clipped) is not content.
OVERFLOWING = """
const width = document.documentElement.clientWidth;
const out = [];
for (const element of document.body.querySelectorAll("*")) {
  if (element.closest(".app-table-scroll") && !element.matches(".app-table-scroll")) continue;
  if (element.closest(".govuk-visually-hidden, .govuk-skip-link, script, style, template")) continue;
  const rect = element.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) continue;
  if (rect.left < -1 || rect.right > width + 1) {
    out.push(`${element.tagName.toLowerCase()}.${[...element.classList].join(".")} ` +
             `from ${Math.round(rect.left)} to ${Math.round(rect.right)}px: ` +
             (element.innerText || "").trim().slice(0, 60));
  }
}
return {
  viewport: width,
  scrollWidth: document.documentElement.scrollWidth,
  bodyScrollWidth: document.body.scrollWidth,
  overflowing: out.slice(0, 20),
};
"""


def reflow_problems(driver) -> list[str]:
    """Why the page does not reflow at the current width: page-wide scrolling, cut-off content."""
    report = driver.execute_script(OVERFLOWING)
    problems = []
    if max(report["scrollWidth"], report["bodyScrollWidth"]) > report["viewport"]:
        problems.append(
            f"the page scrolls sideways: {report['scrollWidth']}px of content "
            f"in a {report['viewport']}px viewport"
        )
    problems += [f"outside the viewport: {item}" for item in report["overflowing"]]
    return problems
