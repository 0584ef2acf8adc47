"""The financial years set-up page: list, add, make current, delete; who may use it."""

import pytest
from django.urls import reverse

from council.models import FinancialYear, Role
from setup.checklist import COMPLETED, INCOMPLETE, NOT_STARTED, years_status
from tests import factories


def year_of(world, start):
    return FinancialYear.objects.get(council=world.council, start_year=start)


def foreign_lead(world):
    lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    return lead


def test_anonymous_is_sent_to_sign_in(client, world):
    for url in (reverse("setup:year_list"), reverse("setup:year_add")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer", "manager", "clerk"])
def test_other_roles_are_refused(client_for, world, role):
    client = client_for(getattr(world, role))
    year = year_of(world, 2029)
    assert client.get(reverse("setup:year_list")).status_code == 403
    assert client.post(reverse("setup:year_add"), {"start_year": "2030"}).status_code == 403
    assert client.post(reverse("setup:year_make_current", args=[year.pk])).status_code == 403
    assert client.post(reverse("setup:year_delete", args=[year.pk])).status_code == 403
    year.refresh_from_db()
    assert not year.is_current
    assert not FinancialYear.objects.filter(council=world.council, start_year=2030).exists()


def test_another_councils_lead_cannot_touch_this_councils_years(client_for, world):
    client = client_for(foreign_lead(world))
    year = year_of(world, 2029)
    assert client.post(reverse("setup:year_make_current", args=[year.pk])).status_code == 404
    assert client.post(reverse("setup:year_delete", args=[year.pk])).status_code == 404
    assert FinancialYear.objects.filter(pk=year.pk, is_current=False).exists()
    # Their list is their own council's years; adding one adds it to their council.
    client.post(reverse("setup:year_add"), {"start_year": "2031"})
    assert FinancialYear.objects.filter(council=world.foreign_council, start_year=2031).exists()
    assert not FinancialYear.objects.filter(council=world.council, start_year=2031).exists()


def test_the_lead_sees_the_years_and_which_is_current(client_for, world):
    year = year_of(world, 2026)
    year.is_current = True
    year.save()
    page = client_for(world.lead).get(reverse("setup:year_list")).text
    assert "2024/25" in page and "2029/30" in page
    assert "Current" in page
    assert f'action="{reverse("setup:year_make_current", args=[year.pk])}"' not in page
    other = year_of(world, 2027)
    assert f'action="{reverse("setup:year_make_current", args=[other.pk])}"' in page
    assert "Financial years" in page and reverse("setup:task_list") in page  # breadcrumbs


def test_the_lead_adds_a_year(client_for, world):
    response = client_for(world.lead).post(reverse("setup:year_add"), {"start_year": "2030"})
    assert response.status_code == 302 and response.url == reverse("setup:year_list")
    assert FinancialYear.objects.get(council=world.council, start_year=2030).label == "2030/31"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026", "The council already has 2026/27"),
        ("", "Enter the year it starts, like 2027"),
        ("twenty", "Enter the year it starts as a number, like 2027"),
        ("1999", "Enter a year from 2000 to 2100"),
        ("-4", "Enter a year from 2000 to 2100"),
        ("2101", "Enter a year from 2000 to 2100"),
    ],
)
def test_a_bad_year_is_refused_keeping_what_was_typed(client_for, world, typed, message):
    before = FinancialYear.objects.count()
    response = client_for(world.lead).post(reverse("setup:year_add"), {"start_year": typed})
    assert response.status_code == 200
    html = response.text
    assert message in html
    assert "govuk-error-summary" in html and "<title>Error: " in html
    assert 'href="#id_start_year"' in html
    if typed:
        assert f'value="{typed}"' in html
    assert FinancialYear.objects.count() == before


def test_making_a_year_current_unmarks_the_old_one(client_for, world):
    client = client_for(world.lead)
    old, new = year_of(world, 2025), year_of(world, 2026)
    client.post(reverse("setup:year_make_current", args=[old.pk]))
    response = client.post(reverse("setup:year_make_current", args=[new.pk]))
    assert response.status_code == 302
    current = FinancialYear.objects.filter(council=world.council, is_current=True)
    assert list(current) == [new]
    # Another council's current year is left alone.
    foreign = FinancialYear.objects.get(council=world.foreign_council, start_year=2025)
    foreign.is_current = True
    foreign.save()
    client.post(reverse("setup:year_make_current", args=[old.pk]))
    foreign.refresh_from_db()
    assert foreign.is_current
    assert client.get(reverse("setup:year_list")).status_code == 200


def test_getting_a_post_only_action_is_refused(client_for, world):
    year = year_of(world, 2026)
    response = client_for(world.lead).get(reverse("setup:year_make_current", args=[year.pk]))
    assert response.status_code == 405


def test_a_year_nothing_uses_is_deleted(client_for, world):
    year = year_of(world, 2029)
    response = client_for(world.lead).post(
        reverse("setup:year_delete", args=[year.pk]), follow=True
    )
    assert "2029/30 has been deleted." in response.text
    assert not FinancialYear.objects.filter(pk=year.pk).exists()


def test_a_year_in_use_is_not_deleted_and_the_page_says_why(client_for, world):
    # world.plan covers 2026 to 2028 and world.other_plan 2026: two plans use 2026/27.
    indicator = factories.IndicatorFactory(service=world.service)
    factories.TargetFactory(indicator=indicator, year=2026)
    factories.ResultFactory(indicator=indicator, year=2026, period=1)
    factories.ResultFactory(indicator=indicator, year=2026, period=2)
    year = year_of(world, 2026)
    response = client_for(world.lead).post(
        reverse("setup:year_delete", args=[year.pk]), follow=True
    )
    assert (
        "You cannot delete 2026/27: it is used by 2 plans, 1 target and 2 results." in response.text
    )
    assert FinancialYear.objects.filter(pk=year.pk).exists()


def test_the_current_year_is_not_deleted(client_for, world):
    year = year_of(world, 2029)
    year.is_current = True
    year.save()
    response = client_for(world.lead).post(
        reverse("setup:year_delete", args=[year.pk]), follow=True
    )
    assert "You cannot delete 2029/30: it is the current year." in response.text
    assert FinancialYear.objects.filter(pk=year.pk).exists()


def test_the_years_task_status(world):
    council = world.council
    assert years_status(council) == INCOMPLETE  # years, none current
    FinancialYear.objects.filter(council=council, start_year=2026).update(is_current=True)
    assert years_status(council) == COMPLETED
    FinancialYear.objects.filter(council=council).delete()
    assert years_status(council) == NOT_STARTED
