"""A monthly return accepted makes its month's results accepted in the committee packs, and
no other month of its quarter (packs/checked.py)."""

import pytest
from django.utils import timezone

from kpis.periods import Period
from packs.checked import acceptance_of
from returns.models import Review, ServiceReturn
from tests.returns.test_monthly import open_month

pytestmark = pytest.mark.django_db


def accept(parent, service):
    part = ServiceReturn.objects.get(parent=parent, service=service)
    part.submitted_at = part.reviewed_at = timezone.now()
    part.review_status = Review.ACCEPTED
    part.save()


def test_a_month_accepted_covers_the_results_ending_in_it_only(world, today):
    august = open_month(world, month=5)  # August 2026, in Q2
    accept(august, world.service)
    acceptance = acceptance_of([world.service.pk])
    assert acceptance.is_accepted(world.service.pk, Period("monthly", 2026, 5))
    assert not acceptance.is_accepted(world.service.pk, Period("monthly", 2026, 4))  # July
    assert not acceptance.is_accepted(world.service.pk, Period("monthly", 2026, 6))
    assert not acceptance.is_accepted(world.service.pk, Period("quarterly", 2026, 2))
    assert not acceptance.is_accepted(world.other_service.pk, Period("monthly", 2026, 5))


def test_the_last_month_of_a_quarter_covers_that_quarter_s_results_too(world, today):
    september = open_month(world, month=6)
    accept(september, world.service)
    acceptance = acceptance_of([world.service.pk])
    assert acceptance.is_accepted(world.service.pk, Period("quarterly", 2026, 2))
    assert not acceptance.is_accepted(world.service.pk, Period("quarterly", 2026, 1))
