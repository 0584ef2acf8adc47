"""Database rules of plans and their tables, with the messages users see."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import BudgetAmount, CarbonSaving, ForwardPlanItem, Section, SectionKind
from tests import factories


def test_a_table_kind_may_come_twice_but_the_workflow_s_tables_once(world):
    Section(plan=world.plan, title="Growth bids", kind=SectionKind.BUDGET).full_clean()
    Section.objects.create(plan=world.plan, title="Sign-off", kind=SectionKind.SIGN_OFF)
    duplicate = Section(plan=world.plan, title="Sign-off again", kind=SectionKind.SIGN_OFF)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "This plan already has a section of this kind." in str(error.value)


def test_narrative_sections_can_repeat_but_titles_cannot(world):
    Section(plan=world.plan, title="Equalities", kind=SectionKind.NARRATIVE).full_clean()
    same_title = Section(plan=world.plan, title="Service overview", kind=SectionKind.NARRATIVE)
    with pytest.raises(ValidationError) as error:
        same_title.full_clean()
    assert "This plan already has a section with that title." in str(error.value)


def test_a_table_section_has_text_before_and_after_and_a_narrative_only_its_text(world):
    budget = world.plan.sections.get(kind=SectionKind.BUDGET)
    budget.body, budget.body_after = "<p>Before</p>", "<p>After</p>"
    budget.full_clean()
    overview = world.plan.sections.get(kind=SectionKind.NARRATIVE, title="Service overview")
    overview.body_after = "<p>After</p>"
    with pytest.raises(ValidationError) as error:
        overview.full_clean()
    assert error.value.message_dict["body_after"] == [
        "A narrative section is all text: use its text."
    ]


def test_one_amount_per_line_and_year(world):
    line = factories.BudgetLineFactory(plan=world.plan)
    BudgetAmount.objects.create(line=line, year=2026, amount=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetAmount.objects.create(line=line, year=2026, amount=2)


def test_contract_end_before_start_is_refused(world):
    contract = factories.ContractFactory.build(
        plan=world.plan, start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        contract.full_clean()
    assert error.value.message_dict["end_date"] == [
        "The end date must be the same as or after the start date."
    ]


def test_negative_tonnes_are_refused_by_the_database(world):
    initiative = factories.CarbonInitiativeFactory(plan=world.plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        CarbonSaving.objects.create(initiative=initiative, year=2026, tonnes=-1)


def test_contract_ending_soon_is_flagged(world):
    today = dt.date(2026, 11, 22)
    soon = factories.ContractFactory(plan=world.plan, end_date=dt.date(2028, 1, 1))
    later = factories.ContractFactory(plan=world.plan, end_date=dt.date(2030, 1, 1))
    ended = factories.ContractFactory(plan=world.plan, end_date=dt.date(2026, 1, 1))
    assert soon.ends_within(2, today)
    assert not later.ends_within(2, today)
    assert not ended.ends_within(2, today)


@pytest.mark.parametrize(
    ("days_away", "key", "flagged"),
    [(10, True, True), (28, True, True), (29, True, False), (10, False, False), (-1, True, False)],
)
def test_key_decision_with_less_than_28_clear_days_is_flagged(days_away, key, flagged):
    today = dt.date(2026, 11, 22)
    item = ForwardPlanItem(decision_date=today + dt.timedelta(days=days_away), key_decision=key)
    assert item.short_notice(today) is flagged
