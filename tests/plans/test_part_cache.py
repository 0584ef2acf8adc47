"""The plan page's part cache: the same HTML as rendering afresh, a part loaded again only
when what it shows changed, and a part with the reader's links kept per set of rights."""

import datetime as dt
import re

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from council import stamps
from council.models import User
from plans.cache import parts as part_cache
from plans.models import Section, SectionKind
from plans.services.editing import section_save
from tests.plans.helpers import plan_page


def page(client, plan, username="clerk") -> str:
    # Per request: the CSP nonce and the CSRF token.
    return re.sub(r'(nonce|value)="[\w-]{16,}"', "", plan_page(client, plan, username))


def test_kept_page_and_parts_are_the_page_rendered_afresh(demo, client):
    first = page(client, demo)
    assert len(caches["parts"]._cache) >= 10  # budget, workforce, contracts, kpis, risks, …
    again = page(client, demo)
    caches["pages"].clear()
    from_parts = page(client, demo)
    caches["pages"].clear()
    caches["parts"].clear()
    fresh = page(client, demo)

    assert first == again == from_parts == fresh


def test_editing_a_section_renders_the_page_again_without_loading_a_table(demo, client):
    page(client, demo)
    section = Section.objects.filter(plan=demo, kind=SectionKind.NARRATIVE).first()
    officer = User.objects.get(username="officer")
    section_save(section=section, user=officer, body="<p>A new overview</p>",
                 expected_version=section.version)  # fmt: skip

    with CaptureQueriesContext(connection) as queries:
        html = page(client, demo)

    assert "A new overview" in html
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("plans_budgetline", "plans_contract", "kpis_result", "risks_risk"):
        assert table not in tables


def test_a_change_to_a_table_loads_that_part_again_and_only_it(demo, client):
    page(client, demo)
    contract = demo.contracts.first()
    contract.title = "A renamed contract"
    contract.save()

    with CaptureQueriesContext(connection) as queries:
        html = page(client, demo)

    assert "A renamed contract" in html
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "plans_contract" in tables
    assert "plans_budgetline" not in tables


def context_for(plan, today, **rights):
    tokens = stamps.tokens(part_cache.all_scopes(plan))
    return {"plan": plan, "stamp_tokens": tokens, "today": today, **rights}


def test_a_part_is_kept_per_day_and_per_reader_rights_where_it_shows_them(demo):
    today = dt.date(2026, 11, 23)
    sections = {s.kind: s for s in demo.sections.all()}
    budget, actions = sections[SectionKind.BUDGET], sections[SectionKind.ACTIONS]

    def key(section, day=today, **rights):
        return part_cache.part_key(context_for(demo, day, **rights), section)

    assert key(budget) != key(budget, today + dt.timedelta(days=1))  # overdue flags
    assert key(budget, can_edit=True) == key(budget, can_edit=False)
    assert key(actions, can_edit=True) != key(actions, can_edit=False)
    assert key(actions, can_report=True) != key(actions, can_report=False)
    assert key(sections[SectionKind.SIGN_OFF], can_sign=True) != key(
        sections[SectionKind.SIGN_OFF], can_sign=False
    )


def test_indicators_and_risks_depend_on_the_service_the_other_tables_do_not(demo):
    service = (stamps.SERVICE, demo.service_id)
    assert service in part_cache.scopes(demo, SectionKind.KPIS)
    assert service in part_cache.scopes(demo, SectionKind.RISKS)
    assert service not in part_cache.scopes(demo, SectionKind.BUDGET)
