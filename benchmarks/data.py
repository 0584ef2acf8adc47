"""The large council the benchmark measures: 60 services, each with a plan of 200 rows.

Each builder adds one kind of data to every service. KPIs (30 indicators with
targets and 8 quarters of results) and risks (40) are added by one builder each.
"""

import datetime as dt
from decimal import Decimal

from council.models import (
    CorporatePriority,
    Council,
    Directorate,
    FinancialYear,
    Objective,
    Role,
    Service,
    User,
)
from plans.models import (
    BudgetAmount,
    BudgetLine,
    CarbonInitiative,
    CarbonSaving,
    Contract,
    ForwardPlanItem,
    GrowthBid,
    GrowthBidAmount,
    KeyContact,
    Plan,
    PriorityContribution,
    SectionKind,
    SinglePointOfFailure,
    SkillRequirement,
    TemplateSection,
)
from plans.services.editing import plan_create

PASSWORD = "bench-password-not-secret"  # noqa: S105 - a throwaway database on 127.0.0.1
FIRST_YEAR = 2026
YEARS = [2026, 2027, 2028]
TEMPLATE = [
    ("1", "Service overview", SectionKind.NARRATIVE),
    ("2", "Purpose", SectionKind.NARRATIVE),
    ("3", "Budget", SectionKind.BUDGET),
    ("4", "Workforce", SectionKind.WORKFORCE),
    ("5", "Corporate priorities", SectionKind.PRIORITIES),
    ("6", "Contracts", SectionKind.CONTRACTS),
    ("7", "Carbon", SectionKind.CARBON),
    ("8", "Forward plan", SectionKind.FORWARD_PLAN),
    ("9", "Key contacts", SectionKind.CONTACTS),
    ("10", "Sign-off", SectionKind.SIGN_OFF),
    ("11", "Version control", SectionKind.VERSIONS),
]
# How 200 rows are spread over a plan's nine tables.
SPREAD = {"budget": 40, "bids": 20, "spof": 20, "skills": 20, "priorities": 20,
          "contracts": 30, "carbon": 20, "forward": 15, "contacts": 15}  # fmt: skip


def build_council(services: int) -> dict:
    """The council, its template, priorities, people and one plan per service."""
    council = Council.objects.create(name="Benchmark District Council", short_name="Bench")
    for year in range(2024, 2031):
        FinancialYear.objects.create(council=council, start_year=year)
    for position, (number, title, kind) in enumerate(TEMPLATE, start=1):
        TemplateSection.objects.create(
            template=council.templates.get(),
            number=number,
            title=title,
            kind=kind,
            position=position,
        )
    for p in range(10):
        priority = CorporatePriority.objects.create(
            council=council, title=f"Priority {p}", position=p
        )
        Objective.objects.bulk_create(
            Objective(priority=priority, title=f"Objective {p}.{o}", position=o) for o in range(20)
        )
    directorates = [
        Directorate.objects.create(council=council, name=f"Directorate {d}") for d in range(6)
    ]
    clerk = User.objects.create_user("bench-clerk", password=PASSWORD, council=council)
    Role.objects.create(user=clerk, name=Role.Name.CLERK)
    plans, officers = [], []
    for number in range(services):
        service = Service.objects.create(
            directorate=directorates[number % len(directorates)],
            name=f"Service {number:02d}",
            code=f"service-{number:02d}",
        )
        officer = User.objects.create_user(
            f"bench-officer-{number:02d}", password=PASSWORD, council=council
        )
        Role.objects.create(user=officer, name=Role.Name.OFFICER, service=service)
        # Also a reader of the whole council, so the load reads other services' plans too.
        Role.objects.create(user=officer, name=Role.Name.CLERK)
        plans.append(plan_create(service=service, first_year=FIRST_YEAR, last_year=YEARS[-1],
                                 user=officer))  # fmt: skip
        officers.append(officer)
    return {"council": council, "plans": plans, "officers": officers, "clerk": clerk}


def fill_plan(plan: Plan, spread: dict[str, int]) -> None:
    """Rows in every table of a plan, with a figure per year where the table has them."""
    council_id = plan.service.directorate.council_id
    objectives = list(
        Objective.objects.filter(priority__council_id=council_id).select_related("priority")
    )
    lines = BudgetLine.objects.bulk_create(
        BudgetLine(plan=plan, position=i, category=BudgetLine.Category.values[i % 5],
                   cost_centre=f"CC{i:03d}", description=f"Budget line {i}", notes="Key risk")
        for i in range(spread["budget"])
    )  # fmt: skip
    BudgetAmount.objects.bulk_create(
        BudgetAmount(line=line, year=y, amount=Decimal("123456.78"))
        for line in lines
        for y in YEARS
    )
    bids = GrowthBid.objects.bulk_create(
        GrowthBid(plan=plan, position=i, details=f"Bid {i}", reason="Demand",
                  priority=objectives[i % len(objectives)].priority)
        for i in range(spread["bids"])
    )  # fmt: skip
    GrowthBidAmount.objects.bulk_create(
        GrowthBidAmount(bid=bid, year=y, amount=Decimal("10400")) for bid in bids for y in YEARS
    )
    SinglePointOfFailure.objects.bulk_create(
        SinglePointOfFailure(plan=plan, position=i, post=f"Post {i}", succession_plan="Deputy")
        for i in range(spread["spof"])
    )
    SkillRequirement.objects.bulk_create(
        SkillRequirement(plan=plan, position=i, job_title=f"Job {i}", qualifications="NVQ 3")
        for i in range(spread["skills"])
    )
    PriorityContribution.objects.bulk_create(
        PriorityContribution(plan=plan, position=i, priority=o.priority, objective=o,
                             contribution=f"Contribution {i}")
        for i, o in enumerate(objectives[: spread["priorities"]])
    )  # fmt: skip
    Contract.objects.bulk_create(
        Contract(plan=plan, position=i, title=f"Contract {i}", supplier="Supplier Ltd",
                 value=Decimal("38500"), start_date=dt.date(2025, 4, 1),
                 end_date=dt.date(2028 + i % 3, 3, 31))
        for i in range(spread["contracts"])
    )  # fmt: skip
    initiatives = CarbonInitiative.objects.bulk_create(
        CarbonInitiative(plan=plan, position=i, initiative=f"Initiative {i}")
        for i in range(spread["carbon"])
    )
    CarbonSaving.objects.bulk_create(
        CarbonSaving(initiative=c, year=y, tonnes=Decimal("12.5"))
        for c in initiatives
        for y in YEARS
    )
    ForwardPlanItem.objects.bulk_create(
        ForwardPlanItem(plan=plan, position=i, decision_date=dt.date(2027, 1, 1 + i % 28),
                        item=f"Decision {i}", committee="Cabinet", key_decision=i % 2 == 0)
        for i in range(spread["forward"])
    )  # fmt: skip
    KeyContact.objects.bulk_create(
        KeyContact(plan=plan, position=i, name=f"Contact {i}", email=f"c{i}@example.org")
        for i in range(spread["contacts"])
    )
    narrative = plan.sections.filter(kind=SectionKind.NARRATIVE)
    narrative.update(body="<p>" + "The service answers every call. " * 40 + "</p>")


def add_plan_rows(world: dict) -> None:
    for plan in world["plans"]:
        fill_plan(plan, SPREAD)


def per_table(rows: int) -> dict[str, int]:
    return dict.fromkeys(SPREAD, rows)


def add_indicators(world: dict) -> None:
    """30 quarterly indicators per service, a target for each year, the last 8 quarters' results.

    The results are the 8 quarters that have ended (as the dashboard counts them), so the
    dashboard rates every indicator instead of showing them all as missing."""
    from kpis.models import Indicator, Result, Target
    from kpis.views import ended_quarters, today

    quarters = ended_quarters(today())
    years = sorted({year for year, _ in quarters} | set(YEARS))
    council = world["council"]
    for plan in world["plans"]:
        service = plan.service
        indicators = Indicator.objects.bulk_create(
            Indicator(service=service, council=council, code=f"{service.code[-2:]}K{i:02d}",
                      title=f"Indicator {i} of {service.name}", owner="Performance officer",
                      frequency=Indicator.Frequency.QUARTERLY, baseline=Decimal("80"),
                      baseline_year=years[0])
            for i in range(INDICATORS_PER_SERVICE)
        )  # fmt: skip
        Target.objects.bulk_create(
            Target(indicator=indicator, year=year, value=Decimal("90"))
            for indicator in indicators
            for year in years
        )
        Result.objects.bulk_create(
            Result(indicator=indicator, year=year, period=quarter,
                   value=Decimal(70 + (n * 7 + quarter * 3) % 30), commentary="On track")
            for n, indicator in enumerate(indicators)
            for year, quarter in quarters
        )  # fmt: skip


def add_risks(world: dict) -> None:
    """40 open risks per service, scored on the council's current matrix."""
    from risks.models import Risk
    from risks.services import matrix_current

    matrix = matrix_current(world["council"])
    size = matrix.size
    for plan in world["plans"]:
        Risk.objects.bulk_create(
            Risk(service=plan.service, matrix=matrix, reference=f"R{i:02d}",
                 title=f"Risk {i}", owner="Head of service", cause="Demand",
                 consequence="Delay", controls="Weekly review",
                 inherent_likelihood=1 + i % size, inherent_impact=1 + (i // size) % size,
                 residual_likelihood=1 + (i + 1) % size, residual_impact=1 + i % size,
                 review_date=dt.date(2027, 3, 31))
            for i in range(RISKS_PER_SERVICE)
        )  # fmt: skip


INDICATORS_PER_SERVICE = 30
RISKS_PER_SERVICE = 40

# One builder per kind of data.
BUILDERS = [add_plan_rows, add_indicators, add_risks]


ACTIONS_PER_SERVICE = 20
RISKS_DUE_PER_SERVICE = 5


def open_bench_return(world: dict, today: dt.date):
    """The return for the last quarter ended, as the lead opens it, over every service of the
    council, with something for each service to send: 20 open actions in each plan (half
    reported for the quarter), 5 risks due for review, and the quarter's results missing in
    every other service. Built only for the returns figures (and after the others)."""
    from council import periods
    from kpis.models import Result
    from plans.models import Action, DeliveryStatus, ProgressUpdate, ServiceObjective
    from returns.services import return_open
    from risks.models import Risk

    council = world["council"]
    lead = User.objects.create_user("bench-lead", password=PASSWORD, council=council)
    Role.objects.create(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    year, quarter = periods.last_ended_quarter(today)
    before = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    for number, plan in enumerate(world["plans"]):
        objective = ServiceObjective.objects.create(plan=plan, position=1, title="Objective")
        actions = Action.objects.bulk_create(
            Action(plan=plan, objective=objective, position=i, reference=f"{i + 1}",
                   title=f"Action {i + 1} of {plan.service.name}", target_date=dt.date(2027, 3, 31))
            for i in range(ACTIONS_PER_SERVICE)
        )  # fmt: skip
        ProgressUpdate.objects.bulk_create(
            [ProgressUpdate(action=a, year=before[0], quarter=before[1],
                            status=DeliveryStatus.ON_TRACK, note="On track") for a in actions]
            + [ProgressUpdate(action=a, year=year, quarter=quarter,
                              status=DeliveryStatus.ON_TRACK, note="On track")
               for a in actions[::2]]
        )  # fmt: skip
        due = Risk.objects.filter(service=plan.service).order_by("reference")
        Risk.objects.filter(pk__in=due.values("pk")[:RISKS_DUE_PER_SERVICE]).update(
            review_date=periods.quarter_end(year, quarter)
        )
        if number % 2:
            Result.objects.filter(
                indicator__service=plan.service, year=year, period=quarter
            ).delete()
    parent = return_open(
        council=council,
        year=year,
        quarter=quarter,
        deadline=today + dt.timedelta(days=14),
        services=[plan.service for plan in world["plans"]],
        asks_results=True,
        asks_progress=True,
        asks_risks=True,
        user=lead,
    )
    return parent, lead
