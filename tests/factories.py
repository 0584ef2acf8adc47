"""factory_boy factories with fixed, readable defaults."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from council.models import (
    CorporatePriority,
    Council,
    Directorate,
    FinancialYear,
    Objective,
    QuarterLock,
    Role,
    Service,
    User,
)
from plans.models import (
    Action,
    BudgetLine,
    CarbonInitiative,
    Contract,
    ForwardPlanItem,
    GrowthBid,
    KeyContact,
    Milestone,
    Plan,
    PriorityContribution,
    ProgressUpdate,
    Project,
    Section,
    SectionKind,
    ServiceObjective,
    SinglePointOfFailure,
    SkillRequirement,
    TemplateSection,
)

PASSWORD = "serviceplans-test"


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Testshire District Council {n}")
    short_name = "Testshire"


class DirectorateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directorate

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Directorate {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    directorate = factory.SubFactory(DirectorateFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    code = factory.Sequence(lambda n: f"service-{n}")


class QuarterLockFactory(factory.django.DjangoModelFactory):
    """Q2 2026/27 of a service, locked now (by the returns workflow in real life)."""

    class Meta:
        model = QuarterLock

    service = factory.SubFactory(ServiceFactory)
    year = 2026
    quarter = 2
    locked_at = factory.LazyFunction(timezone.now)
    locked_by = None


class FinancialYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialYear
        django_get_or_create = ["council", "start_year"]

    council = factory.SubFactory(CouncilFactory)
    start_year = 2026


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorporatePriority

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    priority = factory.SubFactory(PriorityFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Pat"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    council = factory.SubFactory(CouncilFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    name = Role.Name.OFFICER


class TemplateSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateSection

    class Params:
        council = factory.SubFactory(CouncilFactory)

    # The council's first template, which every council has from the start.
    template = factory.LazyAttribute(lambda o: o.council.templates.order_by("pk").first())
    title = factory.Sequence(lambda n: f"Template section {n}")
    kind = SectionKind.NARRATIVE


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    service = factory.SubFactory(ServiceFactory)
    first_year = 2026
    last_year = 2028


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    number = factory.Sequence(lambda n: str(n + 1))
    kind = SectionKind.NARRATIVE
    position = factory.Sequence(lambda n: n)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    plan = factory.SubFactory(PlanFactory)
    category = BudgetLine.Category.REVENUE
    description = "Customer Services"
    cost_centre = "CS100"


class GrowthBidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrowthBid

    plan = factory.SubFactory(PlanFactory)
    details = "webCAPTURE API integration"
    reason = "Automates revenues forms"


class SinglePointOfFailureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SinglePointOfFailure

    plan = factory.SubFactory(PlanFactory)
    post = "Customer Services Manager"
    succession_plan = "Team Manager could progress"


class SkillRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillRequirement

    plan = factory.SubFactory(PlanFactory)
    job_title = "Customer Service Advisor"
    qualifications = "NVQ Level 2 Customer Service"


class PriorityContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityContribution

    plan = factory.SubFactory(PlanFactory)
    priority = factory.SubFactory(PriorityFactory)
    contribution = "We answer residents' questions about it."


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    plan = factory.SubFactory(PlanFactory)
    title = "Telephony platform"
    supplier = "Northgate Voice Ltd"
    value = Decimal("38500")
    start_date = dt.date(2024, 6, 1)
    end_date = dt.date(2027, 5, 31)


class CarbonInitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarbonInitiative

    plan = factory.SubFactory(PlanFactory)
    initiative = "E-billing reduces paper"


class ForwardPlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForwardPlanItem

    plan = factory.SubFactory(PlanFactory)
    decision_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    item = "Revised Customer Complaints Policy"
    committee = "Regulatory Committee"


class KeyContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyContact

    plan = factory.SubFactory(PlanFactory)
    name = "Dana Price"
    phone = "01632 960225"


# --- Performance indicators (kpis) ---------------------------------------------------------

from kpis.models import Indicator, Result, Target  # noqa: E402


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    service = factory.SubFactory(ServiceFactory)
    code = factory.Sequence(lambda n: f"PI{n:03d}")
    title = "% of calls answered"
    unit = Indicator.Unit.PERCENTAGE
    polarity = Indicator.Polarity.HIGHER
    frequency = Indicator.Frequency.QUARTERLY
    tolerance_kind = Indicator.ToleranceKind.ABSOLUTE
    tolerance = Decimal("2")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2025
    kind = Target.Kind.NUMBER
    value = Decimal("97")


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2025
    period = 1
    value = Decimal("96")
    commentary = "Two advisers on leave."


# -- risks ---------------------------------------------------------------------------------
# Imported here, at the end, so the factories above stay as they were.
from plans.models import KeyIssue  # noqa: E402
from risks.models import Risk, ServiceAppetite  # noqa: E402
from risks.services import appetite_scale, matrix_current  # noqa: E402


class RiskFactory(factory.django.DjangoModelFactory):
    """A risk scored against its council's current matrix (the seed 4×4 by default)."""

    class Meta:
        model = Risk

    service = factory.SubFactory(ServiceFactory)
    matrix = factory.LazyAttribute(lambda o: matrix_current(o.service.directorate.council))
    reference = factory.Sequence(lambda n: f"R{n:02d}")
    title = "Insufficient staff"
    category = Risk.Category.WORKFORCE
    owner = "Sam Okafor"
    inherent_likelihood = 3
    inherent_impact = 3
    residual_likelihood = 2
    residual_impact = 2
    review_date = dt.date(2030, 3, 31)


class ServiceAppetiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAppetite

    service = factory.SubFactory(ServiceFactory)
    area = "Service provision"
    level = factory.LazyAttribute(lambda o: appetite_scale(o.service.directorate.council)[1])
    reason = "Tried and tested changes only."


class KeyIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyIssue

    plan = factory.SubFactory(PlanFactory)
    category = KeyIssue.Category.WORKFORCE
    text = "New staff need training."


# Actions and projects (issue 6) -------------------------------------------------------------


class ServiceObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceObjective
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"To reduce failure demand {n}")

    @factory.post_generation
    def priorities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.priorities.set(extracted)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    objective = factory.SubFactory(ServiceObjectiveFactory)
    plan = factory.SelfAttribute("objective.plan")
    title = factory.Sequence(lambda n: f"Launch the self-service portal {n}")
    measure = "Share of contacts made online"
    target_date = dt.date(2027, 3, 31)
    reporting_frequency = "Quarterly"


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    year = 2026
    quarter = 1
    status = "on_track"
    note = "Portal configured; soft launch planned."


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    plan = factory.SubFactory(PlanFactory)
    title = "Customer Experience Strategy"
    manager = "Customer Services Manager"
    sponsor = "Director of Community and Environment"
    outcome = "Customers choose digital channels first"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    year = 2026
    quarter = 1
    description = "Consultation with residents"


def empty_page_caches() -> None:
    """Forget kept plan pages and parts: the next request renders everything afresh, as a
    query-count test must measure it."""
    from django.core.cache import caches

    caches["pages"].clear()
    caches["parts"].clear()
