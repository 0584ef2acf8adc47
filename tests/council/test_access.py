"""council.access: the one helper every view decides 404 and 403 with, and the 403 page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from council.access import Closed, council_of, in_scope, require, require_open, service_in_scope
from plans.models import Plan
from tests import factories


def test_in_scope_gives_the_object_the_user_may_read(world):
    assert in_scope(world.officer, Plan.objects, pk=world.plan.pk) == world.plan
    assert in_scope(world.clerk, Plan.objects, pk=world.other_plan.pk) == world.other_plan


def test_in_scope_is_404_outside_the_users_scope(world):
    # Another council's plan, and (for an officer of one service) another service's.
    with pytest.raises(Http404):
        in_scope(world.officer, Plan.objects, pk=world.foreign_plan.pk)
    with pytest.raises(Http404):
        in_scope(world.officer, Plan.objects, pk=world.other_plan.pk)
    # A thing that does not exist reads the same as one out of scope.
    with pytest.raises(Http404):
        in_scope(world.officer, Plan.objects, pk=world.foreign_plan.pk + 1000)


def test_in_scope_keeps_the_querysets_other_lookups(world):
    plans = Plan.objects.filter(first_year=2027)
    with pytest.raises(Http404):
        in_scope(world.officer, plans, pk=world.plan.pk)


def test_service_in_scope(world):
    service = service_in_scope(world.officer, world.service.pk)
    assert service == world.service
    assert service.directorate.council == world.council
    with pytest.raises(Http404):
        service_in_scope(world.officer, world.other_service.pk)
    with pytest.raises(Http404):
        service_in_scope(world.lead, world.foreign_officer.roles.get().service_id)


def test_require_is_403_with_who_may_for_a_wrong_role():
    require(True, "never shown")
    with pytest.raises(PermissionDenied) as refused:
        require(False, "Only officers of this service can change its plan.")
    assert str(refused.value) == "Only officers of this service can change its plan."
    assert not isinstance(refused.value, Closed)


def test_require_open_is_a_closed_403():
    require_open(True, "never shown")
    with pytest.raises(Closed) as refused:
        require_open(False, "This plan has been published and can no longer be changed.")
    assert isinstance(refused.value, PermissionDenied)
    assert str(refused.value) == "This plan has been published and can no longer be changed."


def test_council_of_is_404_for_an_account_of_no_council(world):
    assert council_of(world.clerk) == world.council
    with pytest.raises(Http404):
        council_of(factories.UserFactory(council=None, username="nobody"))


# --- Through the views: out of scope is 404 before any role check; wrong role is 403 -------


def test_a_view_is_404_out_of_scope_even_for_a_role_that_could_act(client_for, world):
    # The foreign council's officer may edit plans of their own service, not see ours.
    client = client_for(world.foreign_officer)
    assert client.get(reverse("plans:plan_details", args=[world.plan.pk])).status_code == 404
    assert client.get(reverse("kpis:indicator_create", args=[world.service.pk])).status_code == 404
    assert client.get(reverse("risks:risk_create", args=[world.service.pk])).status_code == 404


def test_a_view_is_403_for_a_wrong_role_with_the_message(client_for, world):
    client = client_for(world.clerk)
    response = client.get(reverse("plans:plan_details", args=[world.plan.pk]))
    assert response.status_code == 403
    assert "Only officers of this service can change its plan." in response.content.decode()
    response = client.get(reverse("kpis:indicator_create", args=[world.service.pk]))
    assert response.status_code == 403
    assert "Only officers of this service or the performance lead" in response.content.decode()


# --- The 403 page, worded for who reads it ---------------------------------------------------


def main_of(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_the_403_page_names_the_performance_lead_to_anyone_else(client_for, world):
    world.lead.first_name, world.lead.last_name = "Priya", "Shah"
    world.lead.email = "priya.shah@testshire.example"
    world.lead.save()
    response = client_for(world.clerk).get(reverse("plans:plan_create"))
    page = main_of(response)
    assert response.status_code == 403
    assert "Only officers can start a plan." in page
    assert "Your role does not allow this action." in page
    assert "ask your council's performance lead for the role: Priya Shah" in page
    assert 'href="mailto:priya.shah@testshire.example"' in page
    assert "Set up" not in page


def test_the_403_page_sends_the_lead_to_set_up_not_to_themselves(client_for, world):
    response = client_for(world.lead).get(reverse("plans:plan_create"))
    page = main_of(response)
    assert response.status_code == 403
    assert "Only officers can start a plan." in page
    assert "performance lead" not in page  # never "ask your performance lead" to the lead
    assert "Roles are given in Set up" in page
    assert f'href="{reverse("setup:person_change", args=[world.lead.pk])}"' in page


def test_the_403_page_for_a_council_without_a_lead(client_for, world):
    world.lead.roles.all().delete()
    page = main_of(client_for(world.clerk).get(reverse("plans:plan_create")))
    assert "ask whoever runs service plans for your council" in page
    assert "performance lead" not in page


def test_the_403_page_to_someone_with_no_role_yet(client_for, world):
    newcomer = factories.UserFactory(council=world.council, username="newcomer")
    response = client_for(newcomer).get(reverse("returns:return_list"))
    page = main_of(response)
    assert response.status_code == 403
    assert "You do not have a role in your council's service plans yet." in page
    assert "Your role does not allow" not in page


def test_the_403_page_gives_no_role_advice_when_no_role_would_help(client_for, world):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.PUBLISHED)
    response = client_for(world.officer).get(reverse("plans:plan_details", args=[world.plan.pk]))
    page = main_of(response)
    assert response.status_code == 403
    assert "This plan has been published and can no longer be changed." in page
    assert "role" not in page.lower()
    assert "Go to your dashboard" in page
