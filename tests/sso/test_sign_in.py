"""Signing in with a council's single sign-on, end to end against the local OpenID provider
(tests/sso/provider.mjs): the app's own views, allauth, and a real provider's sign-in form,
code, tokens, keys and userinfo. Nothing of allauth is mocked."""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from council.models import Role, User
from signin import services
from signin.adapter import GENERIC, NONCE_MISMATCH
from signin.models import SyncedRole
from tests import factories
from tests.sso.conftest import SLUG, configure_sso

START = reverse("signin:start", args=[SLUG])


def start(client) -> str:
    """Press the council's button: the app sends the browser to the provider."""
    response = client.post(START)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def come_back(client, callback_url: str):
    parts = urlsplit(callback_url)
    assert parts.path == reverse("signin:callback", args=[SLUG])
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, provider, login: str):
    return come_back(client, provider.sign_in(start(client), login))


def signed_in_user(client):
    return client.session.get(SESSION_KEY)


def assert_refused(response, message: str, status: int = 403):
    assert response.status_code == status
    assert "You could not be signed in" in response.text
    assert escape(message) in response.text
    assert SESSION_KEY not in response.wsgi_request.session


def test_the_start_sends_the_person_to_the_provider_with_state_nonce_and_pkce(client, sso):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["client_id"] == [sso.client_id]
    assert query["redirect_uri"] == [f"http://testserver{sso.redirect_path()}"]
    assert query["response_type"] == ["code"]
    assert set(query["scope"][0].split()) == {"openid", "profile", "email"}
    for name in ("state", "nonce", "code_challenge"):
        assert len(query[name][0]) >= 16, name
    assert query["code_challenge_method"] == ["S256"]


def test_a_mapped_person_new_to_the_council_gets_their_role(client, world, sso, provider):
    response = sign_in(client, provider, "officer@testshire.gov.uk")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user = User.objects.get(email="officer@testshire.gov.uk")
    assert (user.council, user.first_name, user.last_name) == (world.council, "Olive", "Officer")
    assert not user.has_usable_password()
    assert [(r.name, r.service) for r in user.roles.all()] == [(Role.Name.OFFICER, world.service)]
    assert int(signed_in_user(client)) == user.pk
    assert SocialAccount.objects.get(user=user).provider == sso.provider_id
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_person_nobody_mapped_waits_for_the_lead_who_is_told(
    client, world, sso, provider, django_capture_on_commit_callbacks
):
    world.lead.email = "lead@testshire.gov.uk"
    world.lead.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(client, provider, "newcomer@testshire.gov.uk")
    assert response["Location"] == reverse("signin:waiting")
    user = User.objects.get(email="newcomer@testshire.gov.uk")
    assert user.council == world.council and not user.roles.exists()
    page = client.get(reverse("signin:waiting"))
    assert "Your account is waiting for your performance lead" in page.text
    assert [m.to for m in mail.outbox] == [["lead@testshire.gov.uk"]]
    assert "newcomer@testshire.gov.uk" in mail.outbox[0].body
    assert reverse("setup:person_change", args=[user.pk]) in mail.outbox[0].body
    # The lead sees them on the single sign-on page too.
    lead_page = client_for_lead(client, world).get(reverse("setup:sign_in"))
    assert "newcomer@testshire.gov.uk" in lead_page.text


def client_for_lead(client, world):
    client.force_login(world.lead)
    return client


def test_a_known_person_is_matched_by_email_and_keeps_the_roles_the_lead_gave(
    client, world, sso, provider
):
    manager = world.manager  # a manager of the directorate, given by the lead
    manager.email = "Manager@Testshire.gov.uk"
    manager.save()
    Role.objects.create(user=manager, name=Role.Name.CLERK)
    response = sign_in(client, provider, "manager@testshire.gov.uk")
    assert response["Location"] == reverse("dashboard")
    assert int(signed_in_user(client)) == manager.pk
    held = {(r.name, r.directorate_id, r.service_id) for r in manager.roles.all()}
    assert held == {
        (Role.Name.MANAGER, world.directorate.pk, None),
        (Role.Name.CLERK, None, None),
    }
    # The claim's manager role was already held by hand: it stays the lead's.
    assert not SyncedRole.objects.exists()
    assert User.objects.filter(email__iexact="manager@testshire.gov.uk").count() == 1


def test_the_second_sign_in_finds_the_person_by_their_subject_and_syncs_again(
    client, world, sso, provider
):
    sign_in(client, provider, "officer@testshire.gov.uk")
    user = User.objects.get(email="officer@testshire.gov.uk")
    sso.mappings.filter(value="ServicePlans.Officer").update(service=world.sibling_service)
    client.logout()
    sign_in(client, provider, "officer@testshire.gov.uk")
    assert int(signed_in_user(client)) == user.pk
    assert [r.service for r in user.roles.all()] == [world.sibling_service]
    assert SocialAccount.objects.filter(user=user).count() == 1


def test_roles_single_sign_on_gave_go_when_the_claim_no_longer_gives_them(
    client, world, sso, provider
):
    sign_in(client, provider, "officer@testshire.gov.uk")
    user = User.objects.get(email="officer@testshire.gov.uk")
    Role.objects.create(user=user, name=Role.Name.CLERK)  # by hand
    sso.mappings.filter(value="ServicePlans.Officer").update(value="ServicePlans.Retired")
    client.logout()
    response = sign_in(client, provider, "officer@testshire.gov.uk")
    assert [r.name for r in user.roles.all()] == [Role.Name.CLERK]
    assert response["Location"] == reverse("dashboard")


def test_an_email_of_another_councils_person_is_refused(client, world, sso, provider):
    world.foreign_officer.email = "officer@testshire.gov.uk"
    world.foreign_officer.save()
    response = sign_in(client, provider, "officer@testshire.gov.uk")
    assert_refused(response, services.OTHER_COUNCIL)
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="officer@testshire.gov.uk").count() == 1
    assert not world.foreign_officer.roles.filter(service__directorate__council=world.council)


def test_a_deactivated_person_is_refused(client, world, sso, provider):
    world.officer.email = "officer@testshire.gov.uk"
    world.officer.is_active = False
    world.officer.save()
    assert_refused(sign_in(client, provider, "officer@testshire.gov.uk"), services.CLOSED)


def test_an_unverified_email_is_refused(client, world, sso, provider):
    response = sign_in(client, provider, "unverified@testshire.gov.uk")
    assert_refused(response, services.UNVERIFIED_EMAIL)
    assert not User.objects.filter(email="unverified@testshire.gov.uk").exists()


def with_param(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def test_a_callback_with_a_wrong_state_is_refused(client, world, sso, provider):
    callback = provider.sign_in(start(client), "officer@testshire.gov.uk")
    assert_refused(come_back(client, with_param(callback, state="forged")), GENERIC)
    assert not User.objects.filter(email="officer@testshire.gov.uk").exists()


def test_a_callback_without_a_code_is_refused(client, world, sso, provider):
    callback = provider.sign_in(start(client), "officer@testshire.gov.uk")
    assert_refused(come_back(client, with_param(callback, code="not-a-code")), GENERIC)


def test_a_callback_used_twice_is_refused_the_second_time(client, world, sso, provider):
    callback = provider.sign_in(start(client), "officer@testshire.gov.uk")
    assert come_back(client, callback).status_code == 302
    client.logout()
    assert_refused(come_back(client, callback), GENERIC)


def test_a_callback_in_another_browser_is_refused(client, world, sso, provider):
    """The state lives in the session of the browser that started: a link sent to someone
    else (login CSRF) signs nobody in."""
    callback = provider.sign_in(start(client), "officer@testshire.gov.uk")
    client.cookies.clear()
    assert_refused(come_back(client, callback), GENERIC)


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ("audience", GENERIC),
        ("issuer", GENERIC),
        ("expired", GENERIC),
        ("unsigned", GENERIC),
        ("nonce", NONCE_MISMATCH),
    ],
)
def test_an_id_token_that_does_not_check_out_is_refused(
    client, world, sso, provider, tamper, message
):
    callback = provider.sign_in(start(client), "officer@testshire.gov.uk")
    provider.tamper_next_id_token(tamper)
    assert_refused(come_back(client, callback), message)
    assert not User.objects.filter(email="officer@testshire.gov.uk").exists()
    assert not SocialAccount.objects.exists()


def test_a_provider_whose_discovery_names_another_issuer_is_refused(client, world, provider):
    issuer = provider.issuer.replace("127.0.0.1", "localhost")
    configure_sso(world.council, provider, issuer=issuer)
    response = client.post(START)
    assert_refused(response, GENERIC, status=502)


def test_a_provider_that_is_down_is_a_clear_page(client, world, provider):
    configure_sso(world.council, provider, issuer="http://127.0.0.1:9")
    assert_refused(client.post(START), GENERIC, status=502)


def test_an_unreadable_secret_is_a_clear_page(client, world, provider, settings):
    configure_sso(world.council, provider)
    settings.SECRET_KEY = "another-secret-key-" * 3
    assert_refused(client.post(START), GENERIC, status=503)


def test_a_council_without_single_sign_on_has_no_sign_in_address(client, world, provider):
    configure_sso(world.council, provider, enabled=False)
    assert client.post(START).status_code == 404
    assert client.get(reverse("signin:callback", args=[SLUG])).status_code == 404
    assert client.get(reverse("signin:start", args=["nowhere"])).status_code == 404


def test_the_sign_in_page_shows_each_councils_button(client, world, sso):
    page = client.get(reverse("login"))
    assert "Sign in with Microsoft Entra ID" in page.text
    assert f'action="{START}"' in page.text
    start_page = client.get(START)
    assert "Sign in to Testshire District Council service plans" in start_page.text


def test_a_password_is_refused_for_a_council_that_turned_them_off(client, world, sso):
    sso.password_sign_in_off = True
    sso.save()
    response = client.post(
        reverse("login"), {"username": "officer", "password": factories.PASSWORD}
    )
    assert response.status_code == 200
    assert "Your council signs you in with single sign-on" in response.text
    assert SESSION_KEY not in client.session
    # Another council's people still sign in with their password.
    response = client.post(
        reverse("login"), {"username": "foreign", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == world.foreign_officer.pk


def test_passwords_work_while_single_sign_on_leaves_them_on(client, world, sso):
    response = client.post(
        reverse("login"), {"username": "officer", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == world.officer.pk
