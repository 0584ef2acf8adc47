"""Scoping of services by role, roles' constraints, and financial-year helpers."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from council import periods
from council.models import Role, Service
from tests import factories


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_officer_sees_and_edits_only_their_service(world):
    assert names(Service.objects.visible_to(world.officer)) == ["Customer Services"]
    assert names(Service.objects.editable_by(world.officer)) == ["Customer Services"]
    assert names(Service.objects.approvable_by(world.officer)) == []


def test_manager_sees_their_directorate_and_edits_nothing(world):
    assert names(Service.objects.visible_to(world.manager)) == ["Customer Services", "Waste"]
    assert names(Service.objects.editable_by(world.manager)) == []
    assert names(Service.objects.approvable_by(world.manager)) == ["Customer Services", "Waste"]


@pytest.mark.parametrize("who", ["clerk", "lead"])
def test_clerk_and_lead_read_the_whole_council_only(world, who):
    user = getattr(world, who)
    assert names(Service.objects.visible_to(user)) == ["Customer Services", "Revenues", "Waste"]
    assert names(Service.objects.editable_by(user)) == []


def test_user_of_another_council_sees_none_of_this_one(world):
    visible = Service.objects.visible_to(world.foreign_officer)
    assert list(visible) == [world.foreign_plan.service]


def test_user_without_council_or_roles_sees_nothing(db):
    loner = factories.UserFactory(council=None)
    assert not Service.objects.visible_to(loner).exists()
    member = factories.UserFactory()
    factories.ServiceFactory(directorate=factories.DirectorateFactory(council=member.council))
    assert not Service.objects.visible_to(member).exists()


def test_has_service_role_matches_scoping_without_queries(world, django_assert_num_queries):
    officer = world.officer
    _ = officer.role_assignments  # loaded once per request
    service = Service.objects.select_related("directorate").get(pk=world.service.pk)
    sibling = Service.objects.select_related("directorate").get(pk=world.sibling_service.pk)
    with django_assert_num_queries(0):
        assert officer.can_edit_service(service)
        assert not officer.can_edit_service(sibling)
        assert not officer.can_approve_service(service)


def test_role_cannot_have_both_a_directorate_and_a_service(world):
    role = Role(
        user=world.clerk,
        name=Role.Name.OFFICER,
        directorate=world.directorate,
        service=world.service,
    )
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert "Choose a directorate or a service, not both." in str(error.value)


def test_role_in_another_council_is_refused(world):
    role = Role(user=world.officer, name=Role.Name.OFFICER, service=world.foreign_plan.service)
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert error.value.message_dict["service"] == ["Choose a service of the user's council."]


def test_same_whole_council_role_twice_is_refused_by_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=world.clerk, name=Role.Name.CLERK)


def test_only_one_current_year_per_council(world):
    factories.FinancialYearFactory(council=world.council, start_year=2031, is_current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.FinancialYearFactory(council=world.council, start_year=2032, is_current=True)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 4, 1), (2024, 1)),
        (dt.date(2024, 6, 30), (2024, 1)),
        (dt.date(2024, 7, 1), (2024, 2)),
        (dt.date(2024, 12, 31), (2024, 3)),
        (dt.date(2025, 1, 1), (2024, 4)),
        (dt.date(2025, 3, 31), (2024, 4)),
    ],
)
def test_quarter_of(day, expected):
    assert periods.quarter_of(day) == expected


def test_year_and_quarter_labels_and_dates():
    assert periods.year_label(2024) == "2024/25"
    assert periods.year_label(2099) == "2099/00"
    assert periods.year_short_label(2024) == "24/25"
    assert periods.range_label(2021, 2023) == "2021/22 to 2023/24"
    assert periods.quarter_label(2024, 3) == "Q3 2024/25"
    assert periods.quarter_start(2024, 4) == dt.date(2025, 1, 1)
    assert periods.quarter_end(2024, 4) == dt.date(2025, 3, 31)
    assert periods.quarter_end(2024, 3) == dt.date(2024, 12, 31)
