"""The lead's single sign-on page (/setup/sign-in/): who may use it, what it saves and
what it refuses."""

import pytest
from django.urls import reverse

from council.models import Role
from signin.models import RoleMapping, SingleSignOn
from tests import factories

URL = reverse("setup:sign_in")


def valid(**changes) -> dict:
    data = {
        "enabled": "on",
        "provider_name": "Microsoft Entra ID",
        "slug": "testshire",
        "issuer": "https://login.microsoftonline.com/0000-tenant/v2.0",
        "client_id": "11111111-2222-3333-4444-555555555555",
        "client_secret": "the-secret-value",
        "client_secret_env": "",
        "roles_claim": "roles",
        "role_mapping": "ServicePlans.Officer = officer in customer-services\n"
        "ServicePlans.Manager = Manager in Community\n"
        "ServicePlans.Lead = performance lead\n",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer", "manager", "clerk"])
def test_other_roles_are_refused(client_for, world, role):
    client = client_for(getattr(world, role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, valid()).status_code == 403
    assert not SingleSignOn.objects.exists()


def test_the_lead_sees_the_page_and_the_task(client_for, world):
    client = client_for(world.lead)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Single sign-on" in page.text
    assert "once you have saved this page" in page.text
    tasks = client.get(reverse("setup:task_list")).text
    assert URL in tasks


def test_a_valid_save_stores_the_secret_encrypted_and_the_mapping(client_for, world):
    world.service.code = "customer-services"
    world.service.save()
    client = client_for(world.lead)
    response = client.post(URL, valid())
    assert response.status_code == 302
    sso = SingleSignOn.objects.get(council=world.council)
    assert sso.enabled and sso.slug == "testshire"
    assert "the-secret-value" not in sso.client_secret_encrypted
    assert sso.client_secret() == "the-secret-value"
    mappings = {
        (m.value, m.role, m.directorate_id, m.service_id) for m in RoleMapping.objects.all()
    }
    assert mappings == {
        ("ServicePlans.Officer", Role.Name.OFFICER, None, world.service.pk),
        ("ServicePlans.Manager", Role.Name.MANAGER, world.directorate.pk, None),
        ("ServicePlans.Lead", Role.Name.PERFORMANCE_LEAD, None, None),
    }
    page = client.get(URL)
    assert "http://testserver/accounts/sso/testshire/callback/" in page.text
    assert "the-secret-value" not in page.text
    assert "ServicePlans.Manager = manager in Community" in page.text
    # Saved again with a blank secret: the secret stays, the mapping is replaced.
    response = client.post(URL, valid(client_secret="", role_mapping="X = clerk"))
    assert response.status_code == 302
    sso.refresh_from_db()
    assert sso.client_secret() == "the-secret-value"
    assert list(RoleMapping.objects.values_list("value", "role")) == [("X", Role.Name.CLERK)]


def test_the_secret_can_live_in_an_environment_variable(client_for, world, monkeypatch):
    client = client_for(world.lead)
    response = client.post(
        URL, valid(client_secret="", client_secret_env="SSO_SECRET_TESTSHIRE", role_mapping="")
    )
    assert response.status_code == 302
    sso = SingleSignOn.objects.get()
    assert sso.client_secret_encrypted == ""
    monkeypatch.setenv("SSO_SECRET_TESTSHIRE", "from-the-environment")
    assert sso.client_secret() == "from-the-environment"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slug": ""}, "Enter a sign-in address name, like elmbridge"),
        ({"issuer": "not a url"}, "Enter the issuer URL, like"),
        ({"client_id": ""}, "Enter the client ID"),
        ({"client_secret": ""}, "Enter the client secret, or the environment variable"),
        ({"client_secret_env": "NOT-A NAME", "client_secret": ""}, "letters, numbers and"),
        (
            {"role_mapping": "ServicePlans.X = approver"},
            "Line 1: &#x27;approver&#x27; is not a role",
        ),
        ({"role_mapping": "a = officer\njust words"}, "Line 2: write the value"),
        ({"role_mapping": "a = officer in nowhere"}, "is not a service code or directorate"),
        ({"role_mapping": "a = clerk\na = clerk"}, "Line 2: this value already gives this role"),
        ({"enabled": None, "password_sign_in_off": "on"}, "Turn on single sign-on before"),
    ],
)
def test_invalid_input_is_refused_with_a_message(client_for, world, changes, message):
    client = client_for(world.lead)
    response = client.post(URL, valid(**changes))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert not SingleSignOn.objects.exists()


def test_an_http_issuer_is_refused_outside_tests(client_for, world, settings):
    settings.SSO_ALLOW_HTTP_ISSUER = False
    response = client_for(world.lead).post(URL, valid(issuer="http://login.example/"))
    assert "The issuer URL must start with https://" in response.text
    assert not SingleSignOn.objects.exists()


def test_a_lead_configures_only_their_own_council(client_for, world):
    foreign_lead = factories.UserFactory(council=world.foreign_council, username="foreign-lead")
    factories.RoleFactory(user=foreign_lead, name=Role.Name.PERFORMANCE_LEAD)
    theirs = SingleSignOn(
        council=world.foreign_council, slug="elsewhere", issuer="https://id.example", client_id="x"
    )
    theirs.set_secret("theirs")
    theirs.save()
    client = client_for(world.lead)
    page = client.get(URL)
    assert "elsewhere" not in page.text and "id.example" not in page.text
    # A sign-in address another council uses is refused; theirs is untouched.
    response = client.post(URL, valid(slug="elsewhere"))
    assert "Another council already uses this sign-in address name" in response.text
    # A service of another council cannot be mapped.
    foreign_service = world.foreign_plan.service
    response = client.post(URL, valid(role_mapping=f"a = officer in {foreign_service.code}"))
    assert "is not a service code or directorate of your council" in response.text
    response = client.post(URL, valid(role_mapping=""))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.slug, theirs.client_secret()) == ("elsewhere", "theirs")
    assert SingleSignOn.objects.get(council=world.council).slug == "testshire"
