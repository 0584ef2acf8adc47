"""Shared fixtures: a small council with one person per role, and another council beside it."""

from dataclasses import dataclass

import pytest

from council.models import Role
from plans.models import SectionKind
from plans.services.editing import plan_create
from tests import factories


@dataclass
class World:
    """A council with two directorates and three services, people in every role, and plans."""

    council: object
    directorate: object
    other_directorate: object
    service: object
    sibling_service: object
    other_service: object
    officer: object
    officer_b: object
    manager: object
    clerk: object
    lead: object
    plan: object
    other_plan: object
    foreign_council: object
    foreign_officer: object
    foreign_plan: object


TEMPLATE = [
    ("1", "Service overview", SectionKind.NARRATIVE),
    ("2", "Budget", SectionKind.BUDGET),
    ("3", "Workforce", SectionKind.WORKFORCE),
    ("4", "Corporate priorities", SectionKind.PRIORITIES),
    ("5", "Contracts", SectionKind.CONTRACTS),
    ("6", "Carbon", SectionKind.CARBON),
    ("7", "Forward plan", SectionKind.FORWARD_PLAN),
    ("8", "Key contacts", SectionKind.CONTACTS),
]


def make_council(name: str):
    council = factories.CouncilFactory(name=name)
    for year in range(2024, 2030):
        factories.FinancialYearFactory(council=council, start_year=year)
    for position, (number, title, kind) in enumerate(TEMPLATE, start=1):
        factories.TemplateSectionFactory(
            council=council,
            number=number,
            title=title,
            kind=kind,
            position=position,
            guidance=f"Guidance for {title}",
        )
    return council


def person(council, username: str, role: str, **scope):
    user = factories.UserFactory(council=council, username=username)
    factories.RoleFactory(user=user, name=role, **scope)
    return user


@pytest.fixture(autouse=True)
def own_media_folder(settings, tmp_path):
    """Each test keeps its files (uploads, kept PDFs) in a folder of its own: ids recur
    from one run to the next, and a file kept by an earlier one must never be read."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_page_caches():
    """Each test starts with empty page caches: ids and stamps of earlier tests can recur."""
    from django.core.cache import caches

    from council import stamps

    for alias in ("pages", "parts"):
        caches[alias].clear()
    stamps.forget_parents()
    yield


@pytest.fixture
def world(db) -> World:
    council = make_council("Testshire District Council")
    directorate = factories.DirectorateFactory(council=council, name="Community")
    other_directorate = factories.DirectorateFactory(council=council, name="Resources")
    service = factories.ServiceFactory(directorate=directorate, name="Customer Services")
    sibling = factories.ServiceFactory(directorate=directorate, name="Waste")
    other_service = factories.ServiceFactory(directorate=other_directorate, name="Revenues")
    officer = person(council, "officer", Role.Name.OFFICER, service=service)
    officer_b = person(council, "officer-b", Role.Name.OFFICER, service=other_service)
    manager = person(council, "manager", Role.Name.MANAGER, directorate=directorate)
    clerk = person(council, "clerk", Role.Name.CLERK)
    lead = person(council, "lead", Role.Name.PERFORMANCE_LEAD)
    plan = plan_create(service=service, first_year=2026, last_year=2028, user=officer)
    other_plan = plan_create(service=other_service, first_year=2026, last_year=2026, user=officer_b)

    foreign = make_council("Elsewhere Borough Council")
    foreign_service = factories.ServiceFactory(
        directorate=factories.DirectorateFactory(council=foreign, name="Community"),
        name="Customer Services",
    )
    foreign_officer = person(foreign, "foreign", Role.Name.OFFICER, service=foreign_service)
    foreign_plan = plan_create(
        service=foreign_service, first_year=2026, last_year=2026, user=foreign_officer
    )
    return World(
        council=council,
        directorate=directorate,
        other_directorate=other_directorate,
        service=service,
        sibling_service=sibling,
        other_service=other_service,
        officer=officer,
        officer_b=officer_b,
        manager=manager,
        clerk=clerk,
        lead=lead,
        plan=plan,
        other_plan=other_plan,
        foreign_council=foreign,
        foreign_officer=foreign_officer,
        foreign_plan=foreign_plan,
    )


@pytest.fixture
def council_operator(world):
    """A superuser who belongs to the council (its own copy's operator): the admin is for
    superusers only, and keeps one who belongs to a council to that council's records."""
    return factories.UserFactory(council=world.council, username="operator", is_superuser=True)


@pytest.fixture
def client_for(client):
    """Sign the test client in as a user: client_for(world.officer)."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
