"""An indicator's owner as a person with an account (Indicator.owner_user): who may be
chosen, what is refused, what the history keeps and what the pages show."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse

from council.forms import NOT_AN_OWNER
from council.models import OWNER_OF_ANOTHER_COUNCIL
from kpis.models import Indicator
from tests import factories

from .test_views import INDICATOR_POST


@pytest.fixture
def named(world):
    """The manager with a name the pages can be searched for."""
    world.manager.first_name, world.manager.last_name = "Morgan", "Reyes"
    world.manager.job_title = "Head of Community"
    world.manager.save()
    return world.manager


def edit(client, indicator, **changes):
    post = {**INDICATOR_POST, "code": indicator.code, "title": indicator.title, **changes}
    return client.post(reverse("kpis:indicator_edit", args=[indicator.pk]), post)


def test_owned_by_lists_the_persons_indicators_only(world, kpis):
    kpis.indicator.owner_user = world.officer
    kpis.indicator.save()
    factories.IndicatorFactory(service=world.service, code="CS02", owner_user=world.manager)
    assert list(Indicator.objects.owned_by(world.officer)) == [kpis.indicator]
    assert list(Indicator.objects.owned_by(world.officer_b)) == []


def test_owned_by_an_anonymous_user_is_nothing(world, kpis):
    assert list(Indicator.objects.owned_by(AnonymousUser())) == []


def test_the_form_offers_the_people_who_report_for_the_service(client_for, world, kpis, named):
    response = client_for(world.officer).get(
        reverse("kpis:indicator_create", args=[world.service.pk])
    )
    choices = set(response.context["form"].fields["owner_user"].queryset)
    # Its officer, the manager of its directorate and the performance lead; not the officer
    # of another service, the clerk or anyone of another council.
    assert choices == {world.officer, world.manager, world.lead}
    content = response.content.decode()
    assert "Owner (a person with an account)" in content
    assert "Morgan Reyes – Head of Community" in content


def test_choosing_an_owner_saves_it_and_the_history_keeps_the_change(
    client_for, world, kpis, named
):
    response = edit(client_for(world.officer), kpis.indicator, owner_user=str(named.pk))
    assert response.status_code == 302
    kpis.indicator.refresh_from_db()
    assert (kpis.indicator.owner, kpis.indicator.owner_user) == ("Complaints officer", named)
    latest, before = kpis.indicator.history.all()[:2]
    assert (before.owner_user_id, latest.owner_user_id) == (None, named.pk)
    assert latest.history_user == world.officer
    content = client_for(world.clerk).get(kpis.indicator.get_absolute_url()).content.decode()
    assert "Complaints officer" in content and "Morgan Reyes" in content


@pytest.mark.parametrize("who", ["foreign_officer", "officer_b", "clerk"])
def test_a_person_who_does_not_report_for_the_service_is_refused(client_for, world, kpis, who):
    response = edit(client_for(world.officer), kpis.indicator, owner_user=getattr(world, who).pk)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in content and "There is a problem" in content
    assert NOT_AN_OWNER in content
    kpis.indicator.refresh_from_db()
    assert kpis.indicator.owner_user is None


def test_the_owner_stays_a_choice_after_their_role_moves(client_for, world, kpis):
    kpis.indicator.owner_user = world.officer_b  # an officer of another service now
    kpis.indicator.save()
    response = edit(
        client_for(world.officer), kpis.indicator, owner_user=world.officer_b.pk, title="Kept"
    )
    assert response.status_code == 302
    kpis.indicator.refresh_from_db()
    assert (kpis.indicator.title, kpis.indicator.owner_user) == ("Kept", world.officer_b)


def test_the_model_refuses_an_owner_of_another_council(world, kpis):
    kpis.indicator.owner_user = world.foreign_officer
    with pytest.raises(ValidationError) as error:
        kpis.indicator.full_clean()
    assert error.value.message_dict["owner_user"] == [OWNER_OF_ANOTHER_COUNCIL]


def test_who_may_edit_is_unchanged(client_for, world, kpis):
    post = {**INDICATOR_POST, "owner_user": world.officer.pk}
    url = reverse("kpis:indicator_edit", args=[kpis.indicator.pk])
    assert client_for(world.foreign_officer).post(url, post).status_code == 404
    assert client_for(world.clerk).post(url, post).status_code == 403
    kpis.indicator.refresh_from_db()
    assert kpis.indicator.owner_user is None


def test_a_deleted_person_leaves_the_indicator_without_one(world, kpis):
    leaver = factories.UserFactory(council=world.council)
    kpis.indicator.owner_user = leaver
    kpis.indicator.save()
    leaver.delete()
    kpis.indicator.refresh_from_db()
    assert kpis.indicator.owner_user is None
