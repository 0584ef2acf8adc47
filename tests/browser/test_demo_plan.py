"""
The demo council's Customer Services plan, with every table filled: its page, and the edit
form of every section in its normal and its error state, all scanned with axe-core; the
plan page and the widest form at 320 CSS px and at 200% zoom.
"""

import pytest
from selenium.webdriver.common.by import By

from council.demo import load_council_demo, read_demo
from council.models import User
from plans.demo import load_plans_demo
from plans.forms.parts import EDITORS
from plans.forms.plan import NARRATIVE_MAX_LENGTH
from plans.models import SectionKind
from tests.browser.accessibility import reflow_problems

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_plan(transactional_db):
    council = load_council_demo()
    plan = load_plans_demo(council)[0]
    officer = User.objects.get(username="officer")
    return plan, officer, read_demo("council.json")["password"]


def make_an_error(browser, kind: str) -> None:
    """Type something the form refuses into the first field that can be got wrong."""
    if kind == SectionKind.NARRATIVE:
        # Too long to type: put it in as a paste would, into the rich text editor (which
        # writes its content over the hidden textarea when the form is submitted).
        browser.driver.execute_script(
            "const text = 'x'.repeat(arguments[1]);"
            "const editor = window.tinymce && tinymce.get(arguments[0].id);"
            "if (editor) { editor.setContent(text); } else { arguments[0].value = text; }",
            browser.field("Text of the section"),
            NARRATIVE_MAX_LENGTH + 1,
        )
    else:
        if kind == SectionKind.VERSIONS:
            # The demo has no version from before the app: its blank row needs a version
            # number, so that the one error is the position's.
            number = browser.driver.find_element(By.CSS_SELECTOR, "input[name$='-number']")
            number.send_keys("1")
        position = browser.driver.find_element(By.CSS_SELECTOR, "input[name$='-position']")
        position.clear()
        position.send_keys("third")


def test_every_section_form_in_its_normal_and_error_state(browser, demo_plan):
    plan, officer, password = demo_plan
    browser.sign_in(officer, password=password)
    browser.visit(plan.get_absolute_url())
    assert browser.heading() == plan.title

    # KPIs, risks and actions are edited on their own pages (the section's edit page, which
    # takes the text around them, links there); sign-off is filled in by the review
    # workflow, and version control too, but for the rows of versions from before the app,
    # typed on its page; the council's vision and values are set in Set up. The fees and
    # charges are a table of the council's own columns.
    sections = list(plan.sections.order_by("position"))
    assert len(sections) == 20
    editable = [s for s in sections if s.kind == SectionKind.NARRATIVE or s.kind in EDITORS]
    assert len(editable) == 14
    for section in editable:
        browser.visit(f"/plans/{plan.pk}/sections/{section.pk}/edit/")
        assert browser.heading() == str(section)
        make_an_error(browser, section.kind)
        browser.click("Save and return to the plan")
        assert browser.title.startswith("Error: "), f"no error shown for {section}"
        assert len(browser.error_summary()) == 1, f"{section}: {browser.error_summary()}"
    assert len(browser.scanned) == 3 + 2 * len(editable)

    for kind, link, heading in [
        (SectionKind.KPIS, "Add and change the indicators", "indicators"),
        (SectionKind.RISKS, "Add and change the risks", "risk register"),
    ]:
        section = plan.sections.get(kind=kind)
        browser.visit(f"/plans/{plan.pk}/sections/{section.pk}/edit/")
        assert browser.heading() == str(section)
        browser.click(link)
        assert heading in browser.heading().lower()


# (name, CSS width, device pixels per CSS px): 1280 px at 200% zoom lays out as 640 CSS px.
SIZES = [("320px", 320, 1), ("1280px-at-200pc-zoom", 640, 2)]


def test_plan_page_and_budget_form_reflow(browser, demo_plan):
    plan, officer, password = demo_plan
    budget = plan.sections.get(kind=SectionKind.BUDGET)
    browser.sign_in(officer, password=password)
    for path, page in [
        (plan.get_absolute_url(), "plan page"),
        (f"/plans/{plan.pk}/sections/{budget.pk}/edit/", "budget form"),
    ]:
        for size, width, scale in SIZES:
            browser.viewport(width, scale=scale)
            browser.visit(path)
            shot = browser.screenshot(f"{page}-{size}")
            problems = reflow_problems(browser.driver)
            assert problems == [], f"{page} at {size} (screenshot {shot}):\n" + "\n".join(problems)
