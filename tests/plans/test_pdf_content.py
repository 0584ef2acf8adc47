"""The PDF is the council's document: only what the council wrote, and the plan's own date.

A part with nothing in it says nothing in print (no "No … yet", no header-only table, no
"Not assigned", no "Not started" tag nobody set), a section with nothing in it is left out
of the pages, the contents and the outline, and the cover carries the plan's date."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from plans.document import plan_document, plan_queryset
from plans.models import Plan, PlanTransition, PlanVersion, SectionKind, SignOff
from plans.pdf.plan import plan_pdf_render, printed_document
from tests import factories
from tests.plans.test_pdf import demo, flat, pdf_text, render  # noqa: F401 (fixtures)

# Every placeholder the plan page shows its editors where nothing has been entered.
PLACEHOLDERS = [
    "No text has been written for this section yet",
    "No budget lines have been entered",
    "No growth bids",
    "No single points of failure have been recorded",
    "No organisation chart has been uploaded",
    "No contributions to corporate priorities",
    "No contracts have been recorded",
    "No carbon reduction initiatives",
    "No decisions are planned",
    "No key contacts have been recorded",
    "No key issues or risks have been recorded",
    "This plan needs no sign-off",
    "Not published yet",
    "No actions under this objective yet",
    "No projects have been recorded",
    "No progress has been reported yet",
    "Not assigned",
    "Not started",
    "No results yet",
    "No data",
    "no performance indicators yet",
    "No risk appetite has been recorded",
    "There are no open risks",
    "The council has not set its vision and values yet",
]


def sections_of(plan, *kinds):
    """Add sections of these kinds after the council template's eight."""
    for position, kind in enumerate(kinds, start=20):
        factories.SectionFactory(
            plan=plan,
            kind=kind,
            title=SectionKind(kind).label,
            number=str(position - 11),
            position=position,
        )


def whole_pdf(plan: Plan) -> bytes:
    return plan_pdf_render(plan_document(plan_queryset().get(pk=plan.pk))).pdf


def outline_titles(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield flat(item.title)

    return list(walk(reader.outline))


@pytest.fixture
def partly_filled(world):
    """The world's plan with a little in some parts and nothing in the rest."""
    plan = world.plan
    sections_of(
        plan, SectionKind.ACTIONS, SectionKind.KPIS, SectionKind.VERSIONS, SectionKind.VISION
    )
    factories.BudgetLineFactory(plan=plan, description="Front office staffing")
    factories.SkillRequirementFactory(plan=plan, job_title="Customer adviser")
    objective = factories.ServiceObjectiveFactory(plan=plan, title="To answer first time")
    factories.ActionFactory(objective=objective, title="Open a web chat", lead_officer=None)
    factories.ServiceObjectiveFactory(plan=plan, title="To reach everyone")  # no actions
    project = factories.ProjectFactory(plan=plan, title="Channel shift")
    factories.MilestoneFactory(project=project, description="Chat pilot")
    factories.IndicatorFactory(service=plan.service, code="CS09", title="Chats answered")
    return plan


def test_a_part_with_nothing_in_it_prints_no_placeholder(partly_filled):
    text = pdf_text(whole_pdf(partly_filled))

    for placeholder in PLACEHOLDERS:
        assert placeholder not in text
    # What the council did enter is there, under the headings that have something.
    for entered in ["Front office staffing", "Customer adviser", "Open a web chat"]:
        assert entered in text
    assert "To reach everyone" in text  # an objective is the council's, actions or not
    assert "Chat pilot" in text and "CS09 Chats answered" in text
    # Headings with nothing under them, and the trend chart of an indicator with no result.
    # No counts by status either: nothing has been reported, the plan is not being delivered.
    for heading in [
        "Growth bids",
        "Single points of failure",
        "Organisation chart",
        "Trends",
        "Delivery at a glance",
    ]:
        assert heading not in text


def test_the_indicators_part_prints_no_explanation_the_council_did_not_write(partly_filled):
    indicator = partly_filled.service.indicators.get()
    factories.TargetFactory(indicator=indicator, year=2026, kind="tba", value=None)

    text = pdf_text(whole_pdf(partly_filled))

    assert "CS09 Chats answered" in text and "TBA" in text
    assert "Targets shown as TBA" not in text
    assert "The actual is the year's annual result" not in text


def test_an_action_shows_its_status_once_progress_is_reported(partly_filled):
    action = partly_filled.actions.get()
    factories.ProgressUpdateFactory(action=action, status="at_risk", note="Supplier late.")

    text = pdf_text(whole_pdf(partly_filled))

    assert "Supplier late." in text
    assert "Open a web chat At risk" in text  # the action's own tag, under its title
    assert "Delivery at a glance" in text


def test_a_section_with_nothing_in_it_is_left_out_of_the_pdf(partly_filled):
    data = whole_pdf(partly_filled)
    text = pdf_text(data)

    for empty in ["1 Service overview", "5 Contracts", "6 Carbon", "8 Key contacts"]:
        assert empty not in text
    assert "Version control" not in text
    assert "Council vision and values" not in text  # the council has set none
    assert "2 Budget" in text and "3 Workforce" in text
    outline = outline_titles(data)
    assert "2 Budget" in outline
    assert not [title for title in outline if "Carbon" in title or "Service overview" in title]


def test_an_empty_section_is_left_out_in_both_ways_of_rendering(render, demo):  # noqa: F811
    demo.carboninitiatives.all().delete()
    demo.keycontacts.all().delete()
    carbon = demo.sections.get(kind=SectionKind.CARBON)
    contacts = demo.sections.get(kind=SectionKind.CONTACTS)
    kept = demo.sections.get(kind=SectionKind.BUDGET)

    result = render(demo)

    reader = PdfReader(io.BytesIO(result.pdf))
    contents = flat(reader.pages[1].extract_text())
    text = pdf_text(result.pdf)
    outline = outline_titles(result.pdf)
    for section in (carbon, contacts):
        title = flat(f"{section.number} {section.title}")
        assert title not in text
        assert title not in outline
    kept_title = flat(f"{kept.number} {kept.title}")
    assert kept_title in contents
    assert kept_title in outline
    # Page numbers in the contents still point at the sections that are printed.
    for section in printed_document(plan_document(demo)).sections:
        title = flat(f"{section.section.number} {section.section.title}")
        page = int(contents.split(title, 1)[1].lstrip(" .").split()[0])
        assert title in flat(reader.pages[page - 1].extract_text())


# --- The cover's date ----------------------------------------------------------------------


def aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def cover_text(plan: Plan) -> str:
    reader = PdfReader(io.BytesIO(whole_pdf(plan)))
    return flat(reader.pages[0].extract_text())


def today_label() -> str:
    return timezone.localdate().strftime("%-d %B %Y")


def test_a_draft_is_dated_by_its_last_change(world):
    plan = world.plan
    plan.sections.filter(kind=SectionKind.NARRATIVE).update(
        body="<p>We answer the phone.</p>", updated_at=aware(dt.date(2026, 1, 15))
    )
    Plan.objects.filter(pk=plan.pk).update(created_at=aware(dt.date(2025, 12, 1)))

    cover = cover_text(plan)

    assert "Draft, last changed 15 January 2026" in cover
    assert today_label() not in cover


def test_an_approved_plan_is_dated_by_its_approval(world):
    plan = world.plan
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
    PlanTransition.objects.create(
        plan=plan,
        from_status=Plan.Status.IN_REVIEW,
        to_status=Plan.Status.APPROVED,
        by=world.manager,
        at=aware(dt.date(2026, 2, 20)),
    )

    cover = cover_text(plan)

    assert "Approved 20 February 2026" in cover
    assert today_label() not in cover


def test_an_approved_plan_without_a_recorded_approval_is_dated_by_its_last_signature(world):
    plan = world.plan
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
    for position, day in [(1, dt.date(2026, 2, 2)), (2, dt.date(2026, 2, 11))]:
        SignOff.objects.create(
            plan=plan,
            position=position,
            title=f"Signature {position}",
            signed_by=world.manager,
            signed_name="Morgan Ellis",
            signed_at=aware(day),
        )

    cover = cover_text(plan)

    assert "Approved 11 February 2026" in cover
    assert "Draft" not in cover


def test_a_published_plan_is_dated_by_its_latest_version(world):
    plan = world.plan
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PUBLISHED)
    for number, day in [(1, dt.date(2026, 3, 3)), (2, dt.date(2026, 4, 9))]:
        PlanVersion.objects.create(
            plan=plan, number=number, issued_at=aware(day), reason="Committee", made_by=world.lead
        )

    cover = cover_text(plan)

    assert "Published 9 April 2026" in cover
    assert today_label() not in cover


# --- The plan page keeps its prompts -------------------------------------------------------


def test_the_plan_page_still_prompts_its_editors(world, client_for):
    sections_of(world.plan, SectionKind.ACTIONS)

    response = client_for(world.officer).get(reverse("plans:plan_detail", args=[world.plan.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "No text has been written for this section yet." in html
    assert "No budget lines have been entered." in html
    assert "No growth bids." in html
    assert "No key contacts have been recorded." in html
    assert "Add a service objective" in html
    carbon = world.plan.sections.get(kind=SectionKind.CARBON)
    assert f'id="{carbon.anchor}"' in html  # an empty section stays on the page
