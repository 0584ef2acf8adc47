"""Fixtures of the plans tests: the world's plans with an actions section (`aw`), and the
whole demo council with its first plan (`demo`)."""

import datetime as dt
from dataclasses import dataclass

import pytest

from council.demo import load_council_demo
from kpis.demo import load_kpis_demo
from plans.demo import load_plans_demo
from plans.models import Section, SectionKind, TemplateSection
from risks.demo import load_risks_demo
from tests import factories

TODAY = dt.date(2026, 11, 22)


@dataclass
class ActionsWorld:
    """The shared world, with corporate priorities and an objective and action in its plan."""

    world: object
    section: object
    priority: object
    other_priority: object
    corporate_objective: object
    objective: object
    action: object


def add_actions_section(plan) -> Section:
    return factories.SectionFactory(
        plan=plan, title="Actions and projects", number="9", kind=SectionKind.ACTIONS, position=9
    )


@pytest.fixture
def aw(world) -> ActionsWorld:
    section = add_actions_section(world.plan)
    add_actions_section(world.other_plan)
    add_actions_section(world.foreign_plan)
    priority = factories.PriorityFactory(council=world.council, title="Financially Independent")
    other_priority = factories.PriorityFactory(
        council=world.council, title="Sustainable Environment"
    )
    corporate_objective = factories.ObjectiveFactory(
        priority=priority, title="Deliver the Customer Service Strategy"
    )
    objective = factories.ServiceObjectiveFactory(
        plan=world.plan, title="To help reduce failure demand", priorities=[priority]
    )
    action = factories.ActionFactory(
        objective=objective,
        title="Develop a process to measure avoidable contact",
        lead_officer=world.officer,
    )
    return ActionsWorld(
        world=world,
        section=section,
        priority=priority,
        other_priority=other_priority,
        corporate_objective=corporate_objective,
        objective=objective,
        action=action,
    )


@pytest.fixture
def demo(db):
    """The demo council, indicators and risks loaded; its first plan (Customer Services)."""
    council = load_council_demo()
    plan = load_plans_demo(council)[0]
    load_kpis_demo(council)
    load_risks_demo(council)
    return plan


@pytest.fixture
def every_kind(world) -> list[TemplateSection]:
    """The world's template (narrative, budget, workforce, priorities, contracts, carbon,
    forward plan, contacts) with performance indicators and risks added."""
    for position, kind in [(9, SectionKind.KPIS), (10, SectionKind.RISKS)]:
        factories.TemplateSectionFactory(
            council=world.council, title=kind.label, kind=kind, position=position
        )
    for year in range(2015, 2024):
        factories.FinancialYearFactory(council=world.council, start_year=year)
    return list(TemplateSection.objects.filter(template__council=world.council))
