"""The demo registers load with the seed matrix, and loading again duplicates nothing."""

import io

from django.core.management import call_command

from plans.models import KeyIssue, Plan, Section, SectionKind
from risks.models import AppetiteLevel, Risk, RiskMatrix, ServiceAppetite


def counts():
    return [m.objects.count() for m in (RiskMatrix, AppetiteLevel, ServiceAppetite, Risk, KeyIssue)]


def test_demo_registers_load_twice_without_duplicates(db):
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert first == [1, 4, 4, 11, 10]
    matrix = RiskMatrix.objects.get()
    assert (matrix.size, matrix.version) == (4, 1)
    references = set(
        Risk.objects.filter(service__code="customer-services").values_list("title", flat=True)
    )
    assert {
        "Insufficient staff",
        "Total failure of ICT systems",
        "Fraudulent activity",
    } <= references
    plan = Plan.objects.get(service__code="customer-services", first_year=2026)
    kinds = set(Section.objects.filter(plan=plan).values_list("kind", flat=True))
    assert {SectionKind.KEY_ISSUES, SectionKind.RISKS} <= kinds
