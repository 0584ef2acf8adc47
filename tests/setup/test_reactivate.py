"""Reactivating someone who came back: who may, and how they sign in again."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from council.models import Role, User
from setup.services import person_invite, person_reactivate
from tests import factories
from tests.factories import PASSWORD


def deactivated(user):
    user.is_active = False
    user.save()
    return user


def reactivate_url(user) -> str:
    return reverse("setup:person_reactivate", args=[user.pk])


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.post(reactivate_url(deactivated(world.officer_b)))
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer", "manager", "clerk"])
def test_other_roles_are_refused(client_for, world, role):
    person = deactivated(world.officer_b)
    response = client_for(getattr(world, role)).post(reactivate_url(person))
    assert response.status_code == 403
    person.refresh_from_db()
    assert not person.is_active


def test_another_councils_lead_finds_no_one(client_for, world):
    lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=lead, name=Role.Name.PERFORMANCE_LEAD)
    person = deactivated(world.officer_b)
    assert client_for(lead).post(reactivate_url(person)).status_code == 404
    person.refresh_from_db()
    assert not person.is_active


def test_only_post(client_for, world):
    person = deactivated(world.officer_b)
    assert client_for(world.lead).get(reactivate_url(person)).status_code == 405


def test_an_active_person_is_not_found(client_for, world):
    assert client_for(world.lead).post(reactivate_url(world.officer_b)).status_code == 404


def test_the_page_of_a_deactivated_person_offers_reactivation(client_for, world):
    person = deactivated(world.officer_b)
    client = client_for(world.lead)
    page = client.get(reverse("setup:person_change", args=[person.pk])).text
    assert f'action="{reactivate_url(person)}"' in page
    assert "They sign in with their old password." in page
    page = client.get(reverse("setup:person_change", args=[world.officer.pk])).text
    assert "Reactivate" not in page


def test_someone_with_a_password_signs_in_with_it_again(client, client_for, world):
    person = deactivated(world.officer_b)
    lead = client_for(world.lead)
    response = lead.post(reactivate_url(person), follow=True)
    assert "can sign in with their old password" in response.text
    person.refresh_from_db()
    assert person.is_active
    assert list(person.roles.values_list("name", flat=True)) == [Role.Name.OFFICER]
    assert mail.outbox == []
    lead.logout()
    client.post(reverse("login"), {"username": person.username, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(person.pk)


def test_someone_who_never_set_a_password_gets_a_new_invitation(
    client_for, world, django_capture_on_commit_callbacks
):
    person = person_invite(
        user=User(first_name="New", last_name="Person", email="new@testshire.gov.uk"),
        council=world.council,
    )
    deactivated(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.lead).post(reactivate_url(person), follow=True)
    assert "reactivated and sent a new invitation to new@testshire.gov.uk" in response.text
    assert [message.to for message in mail.outbox] == [["new@testshire.gov.uk"]]
    assert "Set your password with this link" in mail.outbox[0].body


def test_reactivating_an_active_person_is_refused(world):
    with pytest.raises(ValidationError, match="is active already"):
        person_reactivate(user=world.officer, by=world.lead)
