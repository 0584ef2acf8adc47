"""
Journeys shared by several tests: the same steps run with JavaScript on and off.

Each journey is a function of a Browser and the `world` fixture; every page it reaches is
scanned with axe-core by the Browser.
"""

from plans.models import BudgetLine, GrowthBid, Section, SectionKind

OVERVIEW = "We answer residents' questions by phone, online and face to face."


def section(plan, kind: str) -> Section:
    return plan.sections.get(kind=kind)


def officer_writes_plan(browser, world) -> None:
    """An officer signs in, opens their plan, writes the overview and adds budget figures."""
    plan = world.plan
    browser.sign_in(world.officer)
    assert browser.heading().endswith("Your dashboard")

    browser.click(plan.title)
    assert browser.heading() == plan.title

    overview = section(plan, SectionKind.NARRATIVE)
    browser.click(f"Edit {overview.title}")
    assert browser.heading() == str(overview)
    browser.write("Text of the section", OVERVIEW)
    browser.click("Save and return to the plan")
    assert browser.path.startswith(plan.get_absolute_url())
    assert f"Section {overview} has been saved." in browser.text
    assert OVERVIEW in browser.text

    budget = section(plan, SectionKind.BUDGET)
    browser.click(f"Edit {budget.title}")
    first = browser.within("New budget line (1)")
    first.choose("Category", "Revenue expenditure")
    first.fill("Description", "Contact centre")
    first.fill("Cost centre", "CS100")
    first.fill("Figure 2026/27", "1,000,000")
    first.fill("Figure 2027/28", "1,020,000")
    first.fill("Figure 2028/29", "1,040,000")
    second = browser.within("New budget line (2)")
    second.choose("Category", "Revenue expenditure")
    second.fill("Description", "Reception")
    second.fill("Cost centre", "CS110")
    second.fill("Figure 2026/27", "615,700")
    second.fill("Figure 2027/28", "£620,000.50")
    second.fill("Figure 2028/29", "630000")
    bid = browser.within("New growth bid (1)")
    bid.choose("Kind", "Cost – revenue")
    bid.fill("Details of bid", "webCAPTURE API integration")
    bid.fill("Reason for bid", "Automates revenues forms")
    bid.fill("Amount 2026/27", "10400")
    bid.fill("Amount 2027/28", "(5,000)")
    browser.click("Save and return to the plan")

    assert f"Section {budget} has been saved." in browser.text
    assert "Total revenue expenditure 1,615,700 1,640,000.50 1,670,000" in browser.text, (
        "the budget totals are not on the plan page"
    )
    assert "Contact centre CS100 1,000,000 1,020,000 1,040,000" in browser.text
    # 2028/29 has no bid figure: its cell and its total are blank, not "n/a" or 0.
    assert "Total growth bids 10,400 (5,000)" in browser.text
    assert "Total growth bids 10,400 (5,000) 0" not in browser.text
    assert BudgetLine.objects.filter(plan=plan).count() == 2
    assert GrowthBid.objects.get(plan=plan).details == "webCAPTURE API integration"
