"""Invitations, a new council from nothing, and leavers: the set-up workflows that write
several records, and what they let a person do when they sign in."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from council.models import Council, Role, User
from setup.services import council_create, invitation_link, person_deactivate, person_invite

PASSWORD = "a-long-passphrase-for-sam"


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def set_password(client, link: str, password: str = PASSWORD):
    """Follow the link (Django moves the token into the session) and set the password."""
    response = client.get(link)
    assert response.status_code == 302  # to the same page with the token hidden
    form_url = response["Location"]
    return client.get(form_url), client.post(
        form_url, {"new_password1": password, "new_password2": password}
    )


@pytest.fixture
def sam(world):
    return person_invite(
        user=User(first_name="Sam", last_name="Okafor", email="Sam@Testshire.gov.uk"),
        council=world.council,
        invited_by=world.lead,
    )


def test_the_invitation_sets_a_password_once_and_the_person_signs_in(client, sam):
    link = invitation_link(sam)
    page, response = set_password(client, link)
    assert "Set your password" in page.text
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    assert not signed_in(client)
    sign_in(client, "sam@testshire.gov.uk", PASSWORD)
    assert signed_in(client)

    # The link is spent: it does not set a password again.
    client.logout()
    response = client.get(link, follow=True)
    assert "This link has expired" in response.text
    assert "Set your password" not in response.text
    sam.refresh_from_db()
    assert sam.check_password(PASSWORD)


def test_a_mismatched_password_is_a_form_error_and_the_link_still_works(client, sam):
    link = invitation_link(sam)
    client.get(link)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": PASSWORD, "new_password2": "other-thing"})
    assert response.status_code == 200
    assert "<title>Error: " in response.text
    sam.refresh_from_db()
    assert not sam.has_usable_password()


def test_the_invitation_email_has_the_link(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person_invite(
            user=User(first_name="Sam", email="sam@testshire.gov.uk"),
            council=world.council,
            invited_by=world.lead,
        )
    sam = User.objects.get(email="sam@testshire.gov.uk")
    message = mail.outbox[0]
    assert message.subject == "You have been invited to Testshire District Council service plans"
    assert f"{world.lead} has invited you" in message.body
    assert "/accounts/reset/" in message.body
    assert "You sign in with your email address: sam@testshire.gov.uk" in message.body
    assert not sam.has_usable_password()


def test_a_deactivated_person_cannot_sign_in(client, world):
    person_deactivate(user=world.officer, by=world.lead)
    sign_in(client, world.officer.username, "serviceplans-test")
    assert not signed_in(client)
    world.officer.refresh_from_db()
    assert world.officer.roles.count() == 1  # their roles stay, for the record


def test_a_deactivated_persons_session_ends(client, world):
    client.force_login(world.officer)
    person_deactivate(user=world.officer, by=world.lead)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_council_create_makes_the_council_and_invites_its_lead(
    db, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        council, lead, link = council_create(
            name="Newtown Borough Council", lead_email="Lead@Newtown.gov.uk"
        )
    assert lead.council == council
    assert lead.email == "lead@newtown.gov.uk"
    assert [r.name for r in lead.roles.all()] == [Role.Name.PERFORMANCE_LEAD]
    assert mail.outbox[0].to == ["lead@newtown.gov.uk"]
    assert council.templates.exists()  # every council has a plan template from the start

    set_password(client, link)
    sign_in(client, "lead@newtown.gov.uk", PASSWORD)
    assert client.get(reverse("setup:task_list")).status_code == 200


def test_council_create_refuses_a_taken_name_or_email(world):
    with pytest.raises(ValidationError, match="There is already a council called"):
        council_create(name="testshire district council", lead_email="new@example.gov.uk")
    world.officer.email = "taken@example.gov.uk"
    world.officer.save()
    with pytest.raises(ValidationError, match="Someone already has an account"):
        council_create(name="Newtown Borough Council", lead_email="Taken@example.gov.uk")
    assert not Council.objects.filter(name="Newtown Borough Council").exists()


def test_the_command_prints_the_link(db, capsys):
    call_command("create_council", "Newtown Borough Council", "--lead", "lead@newtown.gov.uk")
    out = capsys.readouterr().out
    assert "Created Newtown Borough Council with its performance lead lead@newtown.gov.uk." in out
    assert "/accounts/reset/" in out
    assert User.objects.get(email="lead@newtown.gov.uk").is_performance_lead


def test_the_command_refuses_a_bad_email(db):
    with pytest.raises(CommandError, match="Enter a valid email address"):
        call_command("create_council", "Newtown Borough Council", "--lead", "not-an-email")
    assert not Council.objects.exists()
