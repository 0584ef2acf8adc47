"""
The reporting pages no other journey reaches, with the demo council's data: the delivery
dashboard and golden thread, the performance dashboard, the results upload and its preview,
progress reports on actions, and the forms that add objectives, actions and projects. Every
page is scanned with axe-core as it arrives, each form also in its error state; the
dashboards and the progress form at 320 CSS px and at 200% zoom.
"""

import io
from decimal import Decimal

import pytest
from django.utils.text import Truncator
from openpyxl import Workbook

from kpis.models import ImportBatch, Indicator, Result
from plans.models import Action, ProgressUpdate, ServiceObjective
from tests.browser.accessibility import reflow_problems
from tests.browser.test_demo_journeys import user
from tests.browser.test_demo_plan import SIZES

pytestmark = pytest.mark.browser


def results_workbook(rows: list[list]) -> bytes:
    """A small results spreadsheet, laid out as the template is."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Results"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_delivery_dashboard_and_golden_thread(browser, demo):
    plan, password = demo
    browser.sign_in(user("clerk"), password=password)
    browser.click("Delivery")
    assert browser.heading().startswith("Delivery of actions ")
    assert plan.service.name in browser.text

    browser.choose("Financial year", "2025/26")
    browser.click("Show")
    assert browser.heading() == "Delivery of actions 2025/26"

    browser.click("See the golden thread from each corporate priority")
    assert browser.path.startswith("/delivery/golden-thread/")
    assert len(browser.scanned) == 5


def test_performance_dashboard_and_results_upload(browser, demo, tmp_path):
    plan, password = demo
    indicator = (
        Indicator.objects.filter(service=plan.service, frequency="quarterly").order_by("code")
    ).first()
    browser.sign_in(user("officer"), password=password)
    browser.click("Performance")
    assert browser.heading() == "Performance"
    assert indicator.code in browser.text

    browser.choose("Rating", "Overdue")
    browser.click("Filter indicators")
    assert "rating=overdue" in browser.path
    # A filter the page does not know (an old bookmark, say) is reported, not an error page.
    browser.visit("/kpis/?rating=purple")
    assert "Some filters were not recognised and have been ignored." in browser.text

    browser.click("Upload results")
    assert browser.heading() == "Upload results"
    browser.click("Upload and preview")
    assert browser.title.startswith("Error: ")
    assert browser.error_summary() == ["Select a spreadsheet to upload"]

    spreadsheet = tmp_path / "results.xlsx"
    spreadsheet.write_bytes(
        results_workbook(
            [
                ["Code", "Indicator", "Q1 2026/27", "Q2 2026/27"],
                [indicator.code, indicator.title, 42.5, 43.5],
                ["XX99", "Not an indicator", 1, None],
            ]
        )
    )
    browser.field("Upload a results spreadsheet").send_keys(str(spreadsheet))
    browser.click("Upload and preview")
    assert browser.heading() == "Check your changes before saving"
    assert browser.title.startswith("Error: ")
    assert browser.error_summary() == ["Row 3: unknown indicator code XX99"]
    assert "Q2 2026/27" in browser.text

    browser.click("Save only the 2 changes without problems")
    assert "2 results saved." in browser.text
    assert ImportBatch.objects.get().status == ImportBatch.Status.APPLIED
    saved = Result.objects.filter(indicator=indicator, year=2026).order_by("period")
    assert [(r.period, r.value) for r in saved[:2]] == [(1, Decimal("42.5")), (2, Decimal("43.5"))]


def test_progress_report_on_an_action(browser, demo):
    plan, password = demo
    action = Action.objects.filter(plan=plan).order_by("objective__position", "position")[0]
    reports = ProgressUpdate.objects.filter(action=action).count()
    browser.sign_in(user("officer"), password=password)
    browser.click(plan.title)
    browser.click(f"Report progress on {Truncator(action.title).chars(60)}")
    assert browser.heading() == "Report progress"

    browser.within("Status").tick("Delayed")
    browser.click("Save progress report")
    assert browser.title.startswith("Error: ")
    assert len(browser.error_summary()) == 1
    browser.fill("Progress note", "The supplier has moved the go-live to the next quarter.")
    browser.click("Save progress report")
    assert browser.path.startswith(plan.get_absolute_url())
    assert ProgressUpdate.objects.filter(action=action).count() == reports + 1


def test_objective_action_and_project_forms(browser, demo):
    plan, password = demo
    objective = ServiceObjective.objects.filter(plan=plan).order_by("position").first()
    browser.sign_in(user("officer"), password=password)
    for path, heading, submit in [
        (f"/plans/{plan.pk}/objectives/new/", "Add a service objective", "Save objective"),
        (
            f"/plans/{plan.pk}/objectives/{objective.pk}/actions/new/",
            "Add an action",
            "Save action",
        ),
        (f"/plans/{plan.pk}/projects/new/", "Add a project", "Save project"),
    ]:
        browser.visit(path)
        assert browser.heading() == heading
        browser.click(submit)
        assert browser.title.startswith("Error: "), f"{heading}: no error shown"
        assert browser.error_summary(), f"{heading}: no error summary"

    browser.visit(plan.get_absolute_url())
    browser.click("Carry actions forward to the next plan")
    assert browser.heading() == "Carry actions forward"


def test_dashboards_and_progress_form_reflow(browser, demo):
    plan, password = demo
    action = Action.objects.filter(plan=plan).order_by("objective__position", "position")[0]
    browser.sign_in(user("officer"), password=password)
    for path, page in [
        ("/delivery/", "delivery dashboard"),
        ("/delivery/golden-thread/", "golden thread"),
        ("/kpis/", "performance dashboard"),
        (f"/plans/{plan.pk}/actions/{action.pk}/progress/", "progress report form"),
    ]:
        for size, width, scale in SIZES:
            browser.viewport(width, scale=scale)
            browser.visit(path)
            shot = browser.screenshot(f"{page}-{size}")
            problems = reflow_problems(browser.driver)
            assert problems == [], f"{page} at {size} (screenshot {shot}):\n" + "\n".join(problems)
