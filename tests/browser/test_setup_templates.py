"""
The performance lead shapes the council's plan template and its sign-off blocks through
/setup/ (not the admin): a new template as a copy, a section added with a title already
taken (the error state), moved up without a script, removed; a sign-off block for a named
person. Every page, in its normal and error states, is scanned with axe, and each reflows
at 320 px.
"""

import pytest

from plans.models import SignerRole, Template
from tests.browser.accessibility import reflow_problems

pytestmark = pytest.mark.browser


def titles(template) -> list[str]:
    return list(template.sections.order_by("position", "pk").values_list("title", flat=True))


def test_lead_copies_a_template_and_shapes_its_sections_and_blocks(browser, world):
    browser.sign_in(world.lead)
    browser.visit("/setup/")
    browser.click("Plan templates")
    browser.click("Add a template")
    browser.click("Save template")  # nothing typed: the error state is scanned
    assert "Enter the template's name" in browser.error_summary()
    browser.choose("Start from", "A copy of Service plan")
    browser.fill("Template name", "Service plan 2027 onwards")
    browser.fill("From the year starting (optional)", "2027")
    browser.click("Save template")
    copy = Template.objects.get(name="Service plan 2027 onwards")
    assert titles(copy) == titles(world.council.templates.get(name="Service plan"))
    assert browser.heading() == "Service plan 2027 onwards"

    browser.click("Add a section")
    browser.fill("Section title", "Budget")
    browser.choose("What the section holds", "Performance indicators")
    browser.click("Save section")
    assert any("already has a section called Budget" in e for e in browser.error_summary())
    assert browser.value("Section title") == "Budget"  # what was typed stays
    browser.fill("Section title", "Our measures")
    browser.fill("Help for writers (optional)", "The indicators we report each quarter.")
    browser.click("Save section")
    assert titles(copy)[-1] == "Our measures"

    browser.click("Move up Our measures")  # a plain form button: works without a script
    assert titles(copy)[-2] == "Our measures"
    browser.click("Remove Carbon")
    assert "New plans made from this template will not have the section Carbon." in browser.text
    browser.click("Remove Carbon")
    assert "Carbon" not in titles(copy)

    browser.visit("/setup/sign-off-blocks/")
    browser.click("Add a sign-off block to Service plan 2027 onwards")
    browser.fill("Block title", "Deputy Chief Executive")
    browser.tick("A named person")
    browser.click("Save sign-off block")  # nobody chosen: the error state is scanned
    assert "Select the person who signs this block" in browser.error_summary()
    browser.choose("Named person", str(world.clerk))
    browser.click("Save sign-off block")
    block = copy.sign_offs.get()
    assert (block.signer_role, block.signer) == (SignerRole.PERSON, world.clerk)
    assert str(world.clerk) in browser.text


def test_template_pages_reflow_at_320_px(browser, world):
    template = world.council.templates.get()
    section = template.sections.first()
    block = template.sign_offs.create(position=1, title="Group Head")
    browser.sign_in(world.lead)
    browser.viewport(320)
    for path in [
        "/setup/templates/",
        "/setup/templates/add/",
        f"/setup/templates/{template.pk}/",
        f"/setup/templates/{template.pk}/sections/add/",
        f"/setup/template-sections/{section.pk}/",
        f"/setup/template-sections/{section.pk}/remove/",
        "/setup/sign-off-blocks/",
        f"/setup/sign-off-blocks/{block.pk}/",
    ]:
        browser.visit(path)
        assert reflow_problems(browser.driver) == [], path
