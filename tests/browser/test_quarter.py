"""
One whole quarter through the browser, every role in turn, on Q2 2026/27 (today is
10 October 2026 to the pages; the deadline is 20 October).

The lead opens the return; the Customer Services officer finds it on the dashboard, fills
an off-target result (refused until it has commentary) and an action's progress, and
submits. The reminders job runs as the worker runs it: only Revenues still owes something,
so only its officer is e-mailed, with the link to Revenues' return, which she follows and
fills; the lead saves the same result while she types, so her save is refused with who
saved what, her figure kept, and saving again with a reason replaces it. The manager sends Customer Services' return back with a comment; the officer reads
it, corrects the result (with a reason) and submits again; the lead accepts it and locks
the quarter; a correction after the lock is refused until it gives a reason. The clerk's
pack for the quarter then prints the figure as corrected and accepted, as the web shows it,
and never the figures it replaced.

Every page is scanned with axe (tests/browser/pages.py), in its normal and error states.
"""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from kpis.models import Indicator, Result, ResultCorrection
from kpis.services import result_record
from packs.models import PackJob, PackStatus
from plans.models import DeliveryStatus, ProgressUpdate, SectionKind
from returns import tasks
from returns.models import Return, ServiceReturn
from returns.services import service_return_accept, service_return_submit
from tests import factories

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 10, 10)
# A week before the deadline, after the hour reminders start: the "before" reminder is due.
REMINDERS_RUN = timezone.make_aware(dt.datetime(2026, 10, 13, 9, 0))
RESULT = "Result for CS01 Q2 2026/27"
COMMENTARY = "Commentary for CS01 Q2 2026/27"


@pytest.fixture
def quarter(world, monkeypatch):
    """Customer Services owes CS01 (a percentage, target 97%) and progress on action 1a;
    Revenues owes RV01 (a number, target 1,000); Waste owes nothing. Everyone has an address."""
    for where in ("returns.views.today", "serviceplans.dashboard.today"):
        monkeypatch.setattr(where, lambda: TODAY)
    for user in (world.officer, world.officer_b, world.manager, world.clerk, world.lead):
        user.email = f"{user.username}@testshire.example"
        user.save()
    for plan in (world.plan, world.other_plan):
        factories.SectionFactory(
            plan=plan, title="Performance indicators", number="9", kind=SectionKind.KPIS
        )
    factories.SectionFactory(
        plan=world.plan, title="Actions and projects", number="10", kind=SectionKind.ACTIONS
    )
    calls = factories.IndicatorFactory(service=world.service, code="CS01")
    factories.TargetFactory(indicator=calls, year=2026, value=Decimal("97"))
    factories.ResultFactory(indicator=calls, year=2026, period=1, value=Decimal("95"))
    objective = factories.ServiceObjectiveFactory(plan=world.plan)
    factories.ActionFactory(objective=objective, reference="1a", title="Open a second hub")
    claims = factories.IndicatorFactory(
        service=world.other_service,
        code="RV01",
        title="Benefit claims processed",
        unit=Indicator.Unit.NUMBER,
    )
    factories.TargetFactory(indicator=claims, year=2026, value=Decimal("1000"))
    return world


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def test_one_whole_quarter_from_opening_the_return_to_the_committee_pack(
    browser, quarter, monkeypatch
):
    world = quarter
    service = world.service

    # --- The lead opens the return ----------------------------------------------------
    browser.sign_in(world.lead)
    browser.visit("/returns/")
    browser.click("Open a return")
    browser.fill("Deadline", "20/10/2026")
    browser.click("Open the return")
    parent = Return.objects.get()
    assert (parent.year, parent.quarter) == (2026, 2)
    assert browser.heading() == "Q2 2026/27"  # the tracker, scanned
    assert "1 of 3 services complete, 33%" in browser.text  # Waste owes nothing
    own_page = f"/returns/{parent.pk}/services/{service.pk}/"
    revenues_page = f"/returns/{parent.pk}/services/{world.other_service.pk}/"

    # --- The officer fills the return from the dashboard --------------------------------
    browser.sign_in(world.officer)
    assert "Customer Services: Q2 2026/27" in browser.text
    assert "20 October 2026 (due in 10 days)" in browser.text
    browser.click("Open the return of Customer Services for Q2 2026/27")
    assert browser.path == own_page
    browser.fill(RESULT, "90%")
    browser.choose("Status of action 1a", "On track")
    browser.fill("Progress note for action 1a", "Site agreed with the library.")
    browser.click("Submit return")  # off target without commentary: the error state, scanned
    assert browser.title.startswith("Error: ")
    assert any("Enter commentary" in error for error in browser.error_summary())
    assert browser.value(RESULT) == "90%"
    assert not Result.objects.filter(indicator__code="CS01", period=2).exists()
    browser.fill(COMMENTARY, "Two advisors left in August.")
    browser.click("Submit return")
    assert "The return of Customer Services has been submitted." in browser.text
    assert ProgressUpdate.objects.get().status == DeliveryStatus.ON_TRACK

    # --- The reminders go out by themselves ----------------------------------------------
    monkeypatch.setattr(tasks, "now", lambda: timezone.localtime(REMINDERS_RUN))
    assert tasks.returns_remind.enqueue().return_value == 1
    (reminder,) = mail.outbox  # Customer Services has submitted; Waste owes nothing
    assert reminder.to == ["officer-b@testshire.example"]
    assert reminder.subject == (
        "Reminder: Revenues return for Q2 2026/27 is due on 20 October 2026"
    )
    assert "- RV01 Q2 2026/27\n" in reminder.body
    link = re.search(r"^https?://\S+$", reminder.body, re.MULTILINE)[0]
    assert link.endswith(revenues_page)

    # The Revenues officer follows the link and sends her result.
    browser.sign_in(world.officer_b)
    browser.visit(link[link.index("/returns/") :])
    assert browser.heading() == "Revenues"
    # Meanwhile the lead saves the same result from her own copy of the page.
    result_record(
        indicator=Indicator.objects.get(code="RV01"),
        year=2026,
        period=2,
        value=Decimal("1200"),
        text="1,200",
        commentary="",
        user=world.lead,
    )
    browser.fill("Result for RV01 Q2 2026/27", "1,234")
    browser.click("Submit return")  # saved by someone else in between: refused, scanned
    (clash,) = browser.error_summary()
    assert clash.startswith("RV01 Q2 2026/27: Saved by ")
    assert "after you opened this page: it is now 1,200." in clash
    assert browser.value("Result for RV01 Q2 2026/27") == "1,234"  # what she typed stays
    browser.fill("Reason for correcting RV01 Q2 2026/27", "The lead's figure was September's")
    browser.click("Submit return")
    assert "The return of Revenues has been submitted." in browser.text

    # --- The manager sends Customer Services' return back --------------------------------
    browser.sign_in(world.manager)
    browser.visit(f"/returns/{parent.pk}/")
    browser.click("Review the return of Customer Services")
    browser.tick("Send it back to the officers")
    browser.click("Save decision")  # without a comment: the error state, scanned
    assert browser.error_summary() == ["Enter a comment saying what the officers must change"]
    comment = "CS01: the call log says 96.4% for the quarter, not 90%."
    browser.fill("Comment", comment)
    browser.click("Save decision")
    assert "The return of Customer Services has been sent back to its officers." in browser.text

    # --- The officer reads the comment, corrects and submits again ------------------------
    browser.sign_in(world.officer)
    assert comment in browser.text  # on the dashboard
    browser.click("Open the return of Customer Services for Q2 2026/27")
    assert f"Comment: {comment}" in browser.text
    browser.fill(RESULT, "96.4%")
    browser.fill(COMMENTARY, "Two advisors left in August; the call log was misread.")
    browser.click("Submit return")  # a saved result changed without a reason: refused
    assert any("reason" in error.lower() for error in browser.error_summary())
    browser.fill("Reason for correcting CS01 Q2 2026/27", "Misread the call log")
    browser.click("Submit return")
    assert "The return of Customer Services has been submitted." in browser.text

    # --- The lead accepts and locks the quarter ----------------------------------------
    browser.sign_in(world.lead)
    browser.visit(f"/returns/{parent.pk}/")
    assert "Revenues Resources Submitted" in browser.text
    assert "Before the deadline" in browser.text  # when Revenues was reminded
    browser.click("Review the return of Customer Services")
    browser.tick("Accept the return")
    browser.click("Save decision")
    assert "The return of Customer Services has been accepted." in browser.text
    for part in ServiceReturn.objects.filter(parent=parent).exclude(service=service):
        if part.submitted_at is None:  # Waste, which owed nothing
            service_return_submit(service_return=part, user=world.lead)
        service_return_accept(service_return=part, user=world.lead)
    browser.visit(f"/returns/{parent.pk}/")
    browser.click("Lock the return")
    browser.click("Lock the return")
    assert "The return for Q2 2026/27 has been locked." in browser.text

    # A correction after the lock asks for a reason, and keeps it.
    browser.visit(own_page)
    assert "Locked on" in browser.text
    browser.fill(RESULT, "96.5%")
    browser.click("Save corrections")  # the locked page's error state, scanned
    assert browser.error_summary() == [
        "CS01 Q2 2026/27: Enter the reason for correcting the result"
    ]
    browser.fill("Reason for correcting CS01 Q2 2026/27", "Restated after audit")
    browser.click("Save corrections")
    assert browser.error_summary() == []
    result = Result.objects.get(indicator__code="CS01", period=2)
    assert result.printed == "96.5%"
    assert result.corrections.latest("pk").reason == "Restated after audit"
    assert ResultCorrection.objects.filter(result=result).count() == 2
    # The web shows the figure as the officer's page prints it, read-only now.
    browser.sign_in(world.officer)
    browser.visit(own_page)
    assert "96.5%" in browser.text

    # --- The clerk's pack for the quarter ------------------------------------------------
    browser.sign_in(world.clerk)
    browser.visit("/packs/")
    browser.choose("Quarter", "Q2 2026/27")
    browser.tick("All the services I can choose")
    browser.click("Make the pack")  # the worker's tasks run at once in tests
    assert browser.heading() == "Performance pack Q2 2026/27"  # the pack page, scanned
    assert "Your pack is ready" in browser.text
    job = PackJob.objects.get()
    assert job.status == PackStatus.DONE, job.message
    text = pdf_text(job.file.read())
    # The summary's exceptions and the chapter: the accepted, corrected figure as on the web.
    assert "CS01 % of calls answered Q2 2026/27 96.5% 97% Near target" in text
    assert "Two advisors left in August; the call log was misread." in text
    assert "1,234" in text
    # The summary's pictures: ratings per directorate and priority, with the counts in words.
    assert "Summary: At a glance" in text
    assert "Indicators by rating, Q2 2026/27" in text
    assert re.search(r"\d+ on target, \d+ near target, \d+ off target", text)
    for replaced in ("90%", "96.4%", "96.50", "1234"):
        assert replaced not in text
