"""A risk's owner as a person with an account (Risk.owner_user): who may be chosen, what is
refused, what the history keeps, what the pages show and what the plan still prints."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse

from council.forms import NOT_AN_OWNER
from council.models import OWNER_OF_ANOTHER_COUNCIL
from risks.models import Risk
from tests import factories

from .test_views import risk_data


@pytest.fixture
def named(world):
    """The manager with a name the pages can be searched for."""
    world.manager.first_name, world.manager.last_name = "Morgan", "Reyes"
    world.manager.job_title = "Head of Community"
    world.manager.save()
    return world.manager


@pytest.fixture
def risk(world):
    return factories.RiskFactory(
        service=world.service, reference="CS01", title="Insufficient staff", owner="Head of CS"
    )


def edit(client, risk, **changes):
    data = risk_data(reference=risk.reference, owner=risk.owner, **changes)
    return client.post(reverse("risks:risk_update", args=[risk.pk]), data)


def test_owned_by_lists_the_persons_risks_only(world, risk):
    risk.owner_user = world.officer
    risk.save()
    factories.RiskFactory(service=world.service, reference="CS02", owner_user=world.manager)
    assert list(Risk.objects.owned_by(world.officer)) == [risk]
    assert list(Risk.objects.owned_by(world.officer_b)) == []
    assert list(Risk.objects.owned_by(AnonymousUser())) == []


def test_the_form_offers_the_people_who_report_for_the_service(client_for, world, named):
    response = client_for(world.officer).get(reverse("risks:risk_create", args=[world.service.pk]))
    choices = set(response.context["form"].fields["owner_user"].queryset)
    assert choices == {world.officer, world.manager, world.lead}
    assert "Morgan Reyes – Head of Community" in response.content.decode()


def test_adding_a_risk_with_an_owner(client_for, world, named):
    response = client_for(world.officer).post(
        reverse("risks:risk_create", args=[world.service.pk]),
        risk_data(owner="", owner_user=str(named.pk)),
    )
    assert response.status_code == 302
    assert Risk.objects.values_list("owner", "owner_user").get() == ("", named.pk)


def test_choosing_an_owner_saves_it_and_the_history_keeps_the_change(
    client_for, world, risk, named
):
    assert edit(client_for(world.officer), risk, owner_user=str(named.pk)).status_code == 302
    risk.refresh_from_db()
    assert (risk.owner, risk.owner_user) == ("Head of CS", named)
    latest, before = risk.history.all()[:2]
    assert (before.owner_user_id, latest.owner_user_id) == (None, named.pk)
    assert latest.history_user == world.officer


@pytest.mark.parametrize("who", ["foreign_officer", "officer_b", "clerk"])
def test_a_person_who_does_not_report_for_the_service_is_refused(client_for, world, risk, who):
    response = edit(client_for(world.officer), risk, owner_user=getattr(world, who).pk)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in content and "There is a problem" in content
    assert NOT_AN_OWNER in content
    risk.refresh_from_db()
    assert risk.owner_user is None


def test_the_model_refuses_an_owner_of_another_council(world, risk):
    risk.owner_user = world.foreign_officer
    with pytest.raises(ValidationError) as error:
        risk.full_clean()
    assert error.value.message_dict["owner_user"] == [OWNER_OF_ANOTHER_COUNCIL]


def test_who_may_edit_is_unchanged(client_for, world, risk):
    data = risk_data(reference=risk.reference, owner_user=world.officer.pk)
    url = reverse("risks:risk_update", args=[risk.pk])
    assert client_for(world.foreign_officer).post(url, data).status_code == 404
    assert client_for(world.manager).post(url, data).status_code == 403
    risk.refresh_from_db()
    assert risk.owner_user is None


def test_pages_name_the_person_and_the_plan_prints_the_typed_owner(
    client_for, world, risk, named, risk_sections
):
    risk.owner_user = named
    risk.save()
    unnamed = factories.RiskFactory(
        service=world.service, reference="CS02", title="Unnamed owner", owner="", owner_user=named
    )
    client = client_for(world.clerk)
    detail = client.get(risk.get_absolute_url()).content.decode()
    assert "Head of CS" in detail and "Morgan Reyes" in detail
    listed = client.get(reverse("risks:risk_list")).content.decode()
    assert 'Head of CS<br><span class="govuk-body-s">Morgan Reyes</span>' in listed
    assert '<td class="govuk-table__cell">Morgan Reyes</td>' in listed  # CS02's
    plan = client.get(world.plan.get_absolute_url()).content.decode()
    assert "Head of CS" in plan and unnamed.title in plan
    assert "Morgan Reyes" not in plan
