"""The plan page's part cache: the same HTML as rendering afresh, and never a stale part."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse

from council.demo import load_council_demo
from council.models import CorporatePriority, User
from kpis.demo import load_kpis_demo
from kpis.models import Result
from plans import part_cache
from plans.demo import load_plans_demo
from plans.document import plan_document, plan_queryset
from plans.models import BudgetAmount, Contract, GrowthBid, SectionKind
from risks.demo import load_risks_demo


@pytest.fixture
def demo(db):
    council = load_council_demo()
    plan = load_plans_demo(council)[0]
    load_kpis_demo(council)
    load_risks_demo(council)
    caches["parts"].clear()
    return plan


def page(client, plan, username="clerk") -> str:
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    # Per request: the CSP nonce and the CSRF token.
    return re.sub(r'(nonce|value)="[\w-]{16,}"', "", response.content.decode())


def test_cached_page_is_the_page_rendered_afresh(demo, client, settings):
    first = page(client, demo)
    assert len(caches["parts"]._cache) >= 8  # budget, workforce, contracts, kpis, risks, …
    again = page(client, demo)
    settings.CACHES = {
        **settings.CACHES,
        "parts": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    caches["parts"].close()
    del caches["parts"]
    fresh = page(client, demo)

    assert first == again == fresh


@pytest.mark.parametrize(
    "change, shown",
    [
        # Changes made behind the application's back (no form, no version bump).
        (
            lambda plan: Contract.objects.filter(plan=plan).update(title="Renamed contract"),
            "Renamed contract",
        ),
        (
            lambda plan: BudgetAmount.objects.filter(line__plan=plan).update(
                amount=Decimal("4321987")
            ),
            "4,321,987",
        ),
        (
            lambda plan: CorporatePriority.objects.filter(
                pk__in=GrowthBid.objects.filter(plan=plan).values("priority")
            ).update(title="A renamed priority"),
            "A renamed priority",
        ),
        (
            lambda plan: Result.objects.filter(indicator__service=plan.service).update(
                value=Decimal("12.3")
            ),
            "12.3",
        ),
    ],
)
def test_the_part_cache_sees_a_change_made_behind_the_apps_back(demo, client, change, shown):
    assert shown not in page(client, demo)

    change(demo)
    # Such a change sends no signal, so the page cache (keyed by change stamps) keeps the old
    # body until its hour is up; the part cache underneath finds the change at once.
    caches["pages"].clear()

    assert shown in page(client, demo)


def test_the_same_part_for_another_day_is_worked_out_again(demo):
    plan = plan_queryset().get(pk=demo.pk)
    today = plan_document(plan).today
    contracts = [i for i in plan_document(plan).sections if i.section.kind == SectionKind.CONTRACTS]
    later = plan_document(plan, today=today + dt.timedelta(days=400))
    later_contracts = [i for i in later.sections if i.section.kind == SectionKind.CONTRACTS]

    assert part_cache.digest(plan, contracts[0].part) != part_cache.digest(
        plan, later_contracts[0].part
    )


def test_every_cached_part_of_the_demo_is_read_in_full(demo):
    plan = plan_queryset().get(pk=demo.pk)
    for item in plan_document(plan).sections:
        if item.section.kind in part_cache.CACHED_KINDS:
            described = part_cache.describe(plan, item.part)
            # Nothing held in a way the digest cannot read (that would never be a hit).
            assert not [entry for entry in described if entry.startswith("?")], item.section.kind


def test_parts_with_links_for_the_reader_are_not_cached():
    assert SectionKind.ACTIONS not in part_cache.CACHED_KINDS
    assert SectionKind.SIGN_OFF not in part_cache.CACHED_KINDS
