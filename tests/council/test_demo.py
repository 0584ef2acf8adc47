"""The demo data loads, and loading it again duplicates nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from council.models import Council, Role, Service, User
from plans.models import BudgetLine, Plan, Section, SectionKind
from tests.plans.test_pdf import pdf_text


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Publishing last year's plan stores its PDF: kept out of the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


def counts():
    return [m.objects.count() for m in (Council, Service, User, Role, Plan, Section, BudgetLine)]


def test_demo_loads_twice_without_duplicates(db):
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert first[0] == 1
    assert first[4] >= 2


def test_demo_accounts_have_their_roles(db, client):
    call_command("load_demo", stdout=io.StringIO())
    roles = {
        u.username: sorted(r.name for r in u.roles.all())
        for u in User.objects.prefetch_related("roles")
    }
    assert roles == {
        "admin": ["performance_lead"],
        "officer": ["officer"],
        "officer-b": ["officer"],
        "manager": ["manager"],
        "clerk": ["clerk"],
        "director": ["clerk"],  # reads every plan; named on the second sign-off block
    }
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="officer").check_password("serviceplans-demo")


def test_demo_holds_last_year_s_plan_as_published_with_its_stored_pdf(db, client):
    call_command("load_demo", stdout=io.StringIO())

    earlier = Plan.objects.get(service__code="customer-services", first_year=2025)
    assert earlier.status == Plan.Status.PUBLISHED
    version = earlier.versions.get()
    assert version.reason == "Approved by Cabinet, 18 March 2025"
    client.force_login(User.objects.get(username="clerk"))
    response = client.get(reverse("plans:version_pdf", args=[earlier.pk, version.number]))
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    assert "Customer Services service plan 2025/26" in text
    assert "Approved by Cabinet, 18 March 2025" in text


def test_demo_shows_nested_numbered_sections_and_text_around_a_table(db):
    call_command("load_demo", stdout=io.StringIO())

    plan = Plan.objects.get(service__code="customer-services", first_year=2026)
    numbers = {s.title: (s.number, s.level) for s in plan.sections.all()}
    assert numbers["Service overview"] == ("1", 1)
    assert numbers["Council vision and values"] == ("1.1", 2)
    assert numbers["Service purpose and core functions"] == ("1.2", 2)
    assert numbers["Budget and growth bids"] == ("2", 1)
    assert numbers["Risk register"] == ("9.1", 2)
    indicators = plan.sections.get(kind=SectionKind.KPIS)
    assert "Key indicators (KPIs) are reported to Cabinet" in indicators.body
    assert "agreed by Council in February 2026" in plan.sections.get(kind="budget").body_after


def test_demo_council_has_a_vision_and_values_printed_near_the_start_of_its_plans(db):
    call_command("load_demo", stdout=io.StringIO())

    council = Council.objects.get()
    assert "A thriving, greener district" in council.vision
    for value in ("Respect", "Integrity", "Ambition", "Working together"):
        assert f"<strong>{value}</strong>" in council.values
    assert council.vision_on_cover is False  # printed in the plan's own section instead
    plan = Plan.objects.get(service__code="customer-services", first_year=2026)
    section = plan.sections.get(kind=SectionKind.VISION)
    assert (section.title, section.position) == ("Council vision and values", 2)
