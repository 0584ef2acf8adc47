"""What a quarter's pack prints: only accepted results (provisional ones when asked for, and
marked), everything as at its quarter (results, progress notes, risk scores), values as
the web shows them, the summary's pictures, and a number of queries that does not grow."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from council.models import Service, User
from kpis.models import Indicator
from packs import services as packs
from packs.charts import in_words, rating_chart, scale
from packs.models import PackJob, PackStatus
from plans.models import SectionKind
from returns.models import Return, Review, ServiceReturn
from risks.history import risks_as_at
from risks.models import Risk
from tests import factories

# The quarter most tests report on, and a moment well before its end.
Q2 = (2026, 2)
BEFORE_Q2_ENDED = timezone.make_aware(dt.datetime(2026, 7, 1, 9, 0))


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def return_of(service, year: int, quarter: int, *, accepted: bool) -> ServiceReturn:
    """The service's part of the council's return for the quarter, accepted or waiting."""
    parent, _ = Return.objects.get_or_create(
        council=service.directorate.council,
        year=year,
        quarter=quarter,
        defaults={"deadline": dt.date(2027, 1, 20)},
    )
    now = timezone.now()
    return ServiceReturn.objects.create(
        parent=parent,
        service=service,
        submitted_at=now,
        review_status=Review.ACCEPTED if accepted else Review.WAITING,
        reviewed_at=now if accepted else None,
    )


def recorded_at(risk: Risk, when: dt.datetime) -> None:
    """Date the risk's history records so far as made at `when` (registered back then)."""
    risk.history.all().update(history_date=when)


def pack_of(user, services, quarter=Q2, *, include_provisional=False) -> tuple[PackJob, str]:
    """Make a pack (the tasks run at once in tests) and give it with its text."""
    job = packs.pack_request(
        user=user,
        year=quarter[0],
        quarter=quarter[1],
        services=services,
        scope_label="Chosen",
        include_provisional=include_provisional,
    )
    job.refresh_from_db()
    assert job.status == PackStatus.DONE, job.message
    return job, text_of(job.file.read())


@pytest.fixture
def measured(world):
    """Customer Services with a KPI section and three indicators reported in Q2 2026/27:
    a percentage near target, a number on target and a sum of money off target."""
    factories.SectionFactory(plan=world.plan, kind=SectionKind.KPIS, title="Indicators")
    calls = factories.IndicatorFactory(service=world.service, code="CS01")
    factories.TargetFactory(indicator=calls, year=2026, value=Decimal("97"))
    factories.ResultFactory(
        indicator=calls, year=2026, period=2, value=Decimal("96.40"),
        commentary="Two vacancies held for the restructure.",
    )  # fmt: skip
    visits = factories.IndicatorFactory(
        service=world.service, code="CS02", title="Visits", unit=Indicator.Unit.NUMBER
    )
    factories.TargetFactory(indicator=visits, year=2026, value=Decimal("1000"))
    factories.ResultFactory(indicator=visits, year=2026, period=2, value=Decimal("1234"))
    spend = factories.IndicatorFactory(
        service=world.service, code="CS03", title="Spend", unit=Indicator.Unit.MONEY,
        polarity=Indicator.Polarity.LOWER,
    )  # fmt: skip
    factories.TargetFactory(indicator=spend, year=2026, value=Decimal("1500000"))
    factories.ResultFactory(indicator=spend, year=2026, period=2, value=Decimal("1615700"))
    return world


# The demo's risks come with a review in each of the four quarters before it is loaded
# (risks/demo.py): loaded on this day, Q3 2025/26 to Q2 2026/27.
DEMO_LOADED = dt.date(2026, 12, 7)


def load_demo_council():
    from council.demo import load_council_demo
    from kpis.demo import load_kpis_demo
    from plans.demo import load_plans_demo
    from risks.demo import load_risks_demo

    council = load_council_demo()
    load_plans_demo(council)
    load_kpis_demo(council)
    load_risks_demo(council, today=DEMO_LOADED)
    return council


@pytest.fixture
def demo(db):
    """The demo council as loaded on 7 December 2026, every service's Q2 return accepted."""
    council = load_demo_council()
    for service in Service.objects.filter(directorate__council=council):
        return_of(service, *Q2, accepted=True)
    return council


def demo_pack(client, quarter: str, **data) -> str:
    client.force_login(User.objects.get(username="clerk"))
    response = client.post(
        reverse("packs:create"),
        {"quarter": quarter, "scope": "all", "directorate": "", "services": [], **data},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = PackJob.objects.latest("pk")
    assert job.status == PackStatus.DONE, job.message
    return text_of(job.file.read())


def test_pack_summary_lists_ratings_exceptions_behind_actions_and_top_risks(demo, client):
    """On the demo council: the pictures first, red/amber indicators with commentary,
    delayed actions with their note and the highest residual risks, each in words."""
    text = demo_pack(client, "2026-2")

    assert "Summary: At a glance" in text
    # Revenues' results due are last year's annual ones, of a quarter with no return.
    assert "Only accepted results are shown: 3 results of the quarter not yet accepted" in text
    assert "Revenues and Benefits 0 0 0 0 0 0 3" in text
    assert "Community and Environment 2 on target, 2 near target, 1 off target" in text
    assert "Financially Independent Council 1 on target, 1 near target, 1 off target" in text
    assert "Indicators by rating, Q2 2026/27" in text
    # on, near, off target, no target, no data, not rated, not yet accepted
    assert "Customer Services 2 1 1 0 3 0 0" in text
    # Figures print as on the web (the dashboard shows 17.4% and 19%), never 17.40 19.00.
    assert "CS04 Volume of enquiries submitted online Q2 2026/27 17.4% 19% Off target" in text
    assert "Online forms were unavailable for two weeks in August." in text
    assert "Delayed Overdue Two advisors on long-term sickness" in text
    assert "Summary: Top 10 risks" in text
    assert "WR01 Shortage of HGV drivers" in text
    assert "as scored on 30 September 2026" in text
    assert "2 risks: WR01, CS08" in text  # each risk once on the heat map


# --- Accepted and provisional results -------------------------------------------------------


def test_results_not_accepted_are_left_out_by_default(measured):
    world = measured
    return_of(world.service, *Q2, accepted=False)

    _job, text = pack_of(world.clerk, [world.service])

    assert "Only accepted results are shown: 3 results of the quarter not yet accepted" in text
    assert "Customer Services 0 0 0 0 0 0 3" in text  # every count, then the 3 left out
    assert "No indicator is off or near target." in text
    for figure in ("96.4%", "1,234", "£1,615,700"):
        assert figure not in text  # nor in the chapter
    assert "provisional)" not in text


def test_provisional_results_are_included_and_marked_when_asked_for(measured):
    world = measured
    return_of(world.service, *Q2, accepted=False)

    job, text = pack_of(world.clerk, [world.service], include_provisional=True)

    assert job.include_provisional
    assert "Provisional results are included. 3 results of the quarter have not been accepted" in (
        text
    )
    assert "Customer Services 1 1 1 0 0 0 3" in text  # on, near, off ... of which provisional
    # The exceptions mark each result in words; values print as on the web.
    assert "CS01 % of calls answered Q2 2026/27 96.4% Provisional 97% Near target" in text
    assert "CS03 Spend Q2 2026/27 £1,615,700 Provisional £1,500,000 Off target" in text
    # The chapter marks them too.
    assert "96.4% (provisional)" in text
    assert "1,234 (provisional)" in text
    # And its trend charts draw them hollow, and say so beside them.
    assert "Hollow points are provisional (not yet accepted)." in text


def test_accepted_results_print_unmarked_as_on_the_web(measured):
    world = measured
    return_of(world.service, *Q2, accepted=True)

    _job, text = pack_of(world.clerk, [world.service])

    assert "Customer Services 1 1 1 0 0 0 0" in text
    assert "CS01 % of calls answered Q2 2026/27 96.4% 97% Near target" in text
    assert "Two vacancies held for the restructure." in text
    assert "CS03 Spend Q2 2026/27 £1,615,700 £1,500,000 Off target" in text
    assert "1,234" in text  # in the chapter's table
    assert "96.40" not in text and "1234" not in text and "1615700" not in text
    assert "provisional)" not in text and "Provisional " not in text
    assert "Hollow points" not in text


def test_a_result_of_a_quarter_without_a_return_is_provisional(measured):
    """No return was opened for Q2: nobody checked the results, so they are left out."""
    _job, text = pack_of(measured.clerk, [measured.service])

    assert "3 results of the quarter not yet accepted are left out" in text
    assert "96.4%" not in text


def test_another_service_s_accepted_return_accepts_nothing_of_this_one(measured):
    world = measured
    return_of(world.other_service, *Q2, accepted=True)
    return_of(world.service, *Q2, accepted=False)

    _job, text = pack_of(world.clerk, [world.service, world.other_service])

    assert "96.4%" not in text


def test_a_later_result_never_appears_in_an_earlier_quarter_s_pack(measured):
    world = measured
    calls = Indicator.objects.get(code="CS01")
    factories.ResultFactory(indicator=calls, year=2026, period=3, value=Decimal("99.10"))
    return_of(world.service, *Q2, accepted=True)
    return_of(world.service, 2026, 3, accepted=True)

    _job, q2 = pack_of(world.clerk, [world.service])
    _job, q3 = pack_of(world.clerk, [world.service], (2026, 3))

    assert "96.4%" in q2
    assert "99.1%" not in q2
    assert "99.1%" in q3


def test_the_form_offers_provisional_results_and_the_pack_remembers_the_choice(world, client_for):
    client = client_for(world.clerk)

    form = client.get(reverse("packs:create")).content.decode()
    response = client.post(
        reverse("packs:create"),
        {"quarter": "2026-2", "scope": "all", "include_provisional": "on"},
    )

    assert "Include provisional results" in form
    assert response.status_code == 302
    job = PackJob.objects.get()
    assert job.include_provisional
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Accepted results and provisional ones" in page


def test_without_the_box_ticked_a_pack_has_accepted_results_only(world, client_for):
    client = client_for(world.clerk)

    client.post(reverse("packs:create"), {"quarter": "2026-2", "scope": "all"})

    job = PackJob.objects.get()
    assert not job.include_provisional
    assert "Accepted results only." in client.get(job.get_absolute_url()).content.decode()


def test_a_quarter_s_pack_shows_each_action_as_at_its_quarter_never_a_later_note(demo, client):
    """A Q2 pack made after a Q3 note was written shows the Q2 note and status only, in the
    summary and in the chapter; the Q3 pack shows the Q3 note."""
    from plans.models import ProgressUpdate

    delayed = ProgressUpdate.objects.get(note__contains="Two advisors on long-term sickness")
    assert (delayed.year, delayed.quarter) <= (2026, 2)
    ProgressUpdate.objects.create(
        action=delayed.action, year=2026, quarter=3, status="achieved",
        note="Recruited in October: back to full strength.",
    )  # fmt: skip

    texts = {quarter: demo_pack(client, quarter) for quarter in ("2026-2", "2026-3")}

    assert "Delayed Overdue Two advisors on long-term sickness" in texts["2026-2"]
    assert "Recruited in October" not in texts["2026-2"]
    assert "Recruited in October: back to full strength." in texts["2026-3"]


# --- Risks as at the quarter ----------------------------------------------------------------


def test_risk_scores_are_those_of_the_quarter_s_end(world):
    rescored = factories.RiskFactory(service=world.service, reference="CS-R1", title="Old")
    recorded_at(rescored, BEFORE_Q2_ENDED)
    rescored.residual_likelihood, rescored.residual_impact = 4, 4
    rescored.title = "Re-scored"
    rescored.save()  # after the quarter: today
    later = factories.RiskFactory(service=world.service, reference="CS-R2", title="New risk")

    q2 = risks_as_at([world.service], dt.date(2026, 9, 30))
    now = risks_as_at([world.service], timezone.localdate())

    assert [(r.reference, r.title, r.residual_score) for r in q2] == [("CS-R1", "Old", 4)]
    assert q2[0].residual_band.name == "Low"
    assert {(r.reference, r.residual_score) for r in now} == {("CS-R1", 16), ("CS-R2", 4)}
    assert later.pk not in {r.pk for r in q2}


def test_a_risk_closed_or_deleted_by_the_quarter_s_end_is_not_in_it(world):
    closed = factories.RiskFactory(service=world.service, reference="C1")
    closed.status = Risk.Status.CLOSED
    closed.save()
    gone = factories.RiskFactory(service=world.service, reference="D1")
    gone.delete()
    kept = factories.RiskFactory(service=world.service, reference="K1")

    references = [r.reference for r in risks_as_at([world.service], timezone.localdate())]

    assert references == [kept.reference]


def test_a_risk_with_no_history_is_taken_as_it_is(world):
    """Risks loaded in bulk have no history: they are shown as they are now."""
    risk = factories.RiskFactory(service=world.service, reference="B1")
    risk.history.all().delete()

    assert [r.reference for r in risks_as_at([world.service], timezone.localdate())] == ["B1"]
    Risk.objects.filter(pk=risk.pk).update(updated_at=timezone.now() + dt.timedelta(days=2))
    assert risks_as_at([world.service], timezone.localdate()) == []


def test_the_pack_prints_risks_as_scored_at_its_quarter_in_table_and_heat_map(world):
    factories.SectionFactory(plan=world.plan, kind=SectionKind.RISKS, title="Risks")
    risk = factories.RiskFactory(service=world.service, reference="CS-R1", title="Staffing")
    recorded_at(risk, BEFORE_Q2_ENDED)
    risk.residual_likelihood, risk.residual_impact = 4, 4
    risk.save()
    factories.RiskFactory(service=world.service, reference="CS-R9", title="Added later")

    _job, text = pack_of(world.clerk, [world.service])

    assert "The top 1 risk on the heat map, as scored on 30 September 2026" in text
    assert "Summary: Top 1 risks" in text
    assert "CS-R1 Staffing Sam Okafor 9 4 Low" in text
    assert "1 risk: CS-R1" in text  # its heat map cell says it in words
    assert "CS-R9" not in text  # neither in the summary nor in the chapter's register
    assert "Sam Okafor 9 16" not in text


# --- The summary's pictures -----------------------------------------------------------------


def test_ratings_per_directorate_and_priority_as_bars_with_words(measured):
    world = measured
    priority = factories.PriorityFactory(council=world.council, title="Thriving Economy")
    Indicator.objects.get(code="CS01").priorities.add(priority)
    return_of(world.service, *Q2, accepted=True)

    _job, text = pack_of(world.clerk, [world.service, world.other_service])

    assert text.index("Summary: At a glance") < text.index("Summary: Plans and budgets")
    assert "Indicators by directorate, Q2 2026/27: on, near and off target" in text
    assert "Community 1 on target, 1 near target, 1 off target" in text
    assert "Resources 0 on target, 0 near target, 0 off target" in text
    assert "Indicators by corporate priority, Q2 2026/27" in text
    assert "Thriving Economy 0 on target, 1 near target, 0 off target" in text
    assert "0 1 Number of indicators" in text  # the axis: round steps, with its unit


def test_bar_chart_scales_in_round_whole_steps_and_says_its_counts():
    def ticks(longest):
        return [int(t) for t in scale([("Group", {"green": longest})])]

    assert ticks(0) == [0, 1]
    assert ticks(3) == [0, 1, 2, 3]
    assert ticks(7) == [0, 2, 4, 6, 8]
    assert ticks(12) == [0, 5, 10, 15]
    assert ticks(130) == [0, 50, 100, 150]
    assert ticks(999) == [0, 200, 400, 600, 800, 1000]
    assert in_words({"green": 5, "red": 1}) == "5 on target, 0 near target, 1 off target"
    chart = rating_chart("By directorate", "Directorate", [("Place", {"green": 2, "amber": 1})])
    assert chart.bars[0].alt == "Place: 2 on target, 1 near target, 0 off target."
    assert chart.axis_alt == "Scale: 0, 1, 2, 3 indicators."


# --- Queries ----------------------------------------------------------------------------


def summary_queries(job) -> int:
    pack = packs.pack_context(job)
    with CaptureQueriesContext(connection) as queries:
        for builder in packs.SUMMARY_BUILDERS:
            builder(pack)
    return len(queries)


def test_the_summary_s_queries_do_not_grow_with_risks_indicators_or_results(measured):
    world = measured
    return_of(world.service, *Q2, accepted=True)
    priority = factories.PriorityFactory(council=world.council, title="Thriving Economy")
    Indicator.objects.get(code="CS01").priorities.add(priority)
    factories.RiskFactory(service=world.service, reference="R1")
    job = PackJob.objects.create(
        council=world.council, requested_by=world.clerk, year=2026, quarter=2,
        scope_label="Chosen", services_total=1,
    )  # fmt: skip
    job.chapters.create(position=1, service=world.service, plan=world.plan)
    few = summary_queries(job)

    for number in range(2, 12):
        factories.RiskFactory(service=world.service, reference=f"R{number}")
        indicator = factories.IndicatorFactory(service=world.service, code=f"X{number}")
        indicator.priorities.add(priority)
        factories.TargetFactory(indicator=indicator, year=2026, value=Decimal("90"))
        factories.ResultFactory(indicator=indicator, year=2026, period=2, value=Decimal("80"))
    many = summary_queries(job)

    assert few == many


def test_packs_of_the_last_two_quarters_show_the_demo_s_risks_as_scored_then(db, client):
    """The demo's risks were reviewed each quarter: a pack for the quarter before last
    prints them with that quarter's scores, not with today's nor without them."""
    load_demo_council()

    last = demo_pack(client, "2026-2")
    before = demo_pack(client, "2026-1")

    assert "Scores and ratings as they were on 30 September 2026." in last
    assert "Scores and ratings as they were on 30 June 2026." in before
    # Inherent, then residual score: CS08 was re-scored from 2×3 to 3×3 in Q2.
    assert "CS08 Online forms project delivers late Sam Okafor 9 9" in last
    assert "CS08 Online forms project delivers late Sam Okafor 9 6" in before
    assert "WR01 Shortage of HGV drivers" in before
    assert "CS01 " in before  # a stable risk is there too
