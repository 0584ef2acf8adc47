"""A council signing in with single sign-on against the local OpenID provider."""

import pytest

from council.models import Role
from signin.models import RoleMapping, SingleSignOn
from tests.sso.local_provider import running_provider

SLUG = "testshire"
CALLBACK = f"http://testserver/accounts/sso/{SLUG}/callback/"


def configure_sso(council, provider, *, slug=SLUG, issuer=None, **fields) -> SingleSignOn:
    """The council's single sign-on with the provider, mapping the Entra-style app roles."""
    sso = SingleSignOn(
        council=council,
        slug=slug,
        issuer=issuer or provider.issuer,
        client_id=provider.client_id,
        **{"enabled": True, **fields},
    )
    sso.set_secret(provider.client_secret)
    sso.save()
    return sso


@pytest.fixture
def provider(tmp_path):
    with running_provider(tmp_path, [CALLBACK]) as running:
        yield running


@pytest.fixture
def sso(world, provider):
    sso = configure_sso(world.council, provider)
    RoleMapping.objects.create(
        sso=sso, value="ServicePlans.Officer", role=Role.Name.OFFICER, service=world.service
    )
    RoleMapping.objects.create(
        sso=sso,
        value="ServicePlans.Manager",
        role=Role.Name.MANAGER,
        directorate=world.directorate,
    )
    return sso
