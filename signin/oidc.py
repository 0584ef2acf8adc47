"""allauth's OpenID Connect provider, made stricter for a council's sign-in.

allauth does the protocol: the state (kept in the session), PKCE, the code exchange, the
discovery document, the keys and the ID token's issuer, audience and expiry. On top of it:

- a nonce is sent and must come back in the ID token (allauth sends none for OIDC);
- the ID token's signature is always checked against the provider's published keys, and
  an unsigned token (alg "none") or one signed with a shared secret is refused (allauth
  skips the signature when the token came straight from the token endpoint, trusting TLS);
- the issuer must be the one the council configured, not whatever the discovery
  document says (OIDC Discovery 1.0, section 4.3).
"""

import secrets

from allauth.core.internal.deferred import jwt
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.urls import reverse

from signin.models import SingleSignOn

# Public-key signatures only: "none" is no signature, and HS* would be checked with the
# client secret, which the council's servers share with us.
SIGNING_ALGORITHMS = {
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
}


def social_app(sso: SingleSignOn) -> SocialApp:
    """allauth's provider app for a council, made from its SingleSignOn row (never saved)."""
    return SocialApp(
        provider="openid_connect",
        provider_id=sso.provider_id,
        name=sso.provider_name,
        client_id=sso.client_id,
        secret=sso.client_secret(),
        settings={
            "server_url": sso.issuer,
            "issuer": sso.issuer,
            "slug": sso.slug,
            "oauth_pkce_enabled": True,
        },
    )


class CouncilAdapter(OpenIDConnectOAuth2Adapter):
    """The protocol steps of a council's sign-in, at its own callback address."""

    @property
    def openid_config(self):
        config = super().openid_config
        expected = self.get_provider().app.settings["issuer"]
        if config.get("issuer", "").rstrip("/") != expected.rstrip("/"):
            raise OAuth2Error(
                f"The provider's discovery document names another issuer than {expected}"
            )
        return config

    def get_callback_url(self, request, app):
        return build_absolute_uri(request, reverse("signin:callback", args=[app.settings["slug"]]))

    def _decode_id_token(self, app, id_token):
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as error:
            raise OAuth2Error("The ID token is not a JWT") from error
        if header.get("alg") not in SIGNING_ALGORITHMS or not header.get("kid"):
            raise OAuth2Error(f"The ID token is not signed with a public key ({header.get('alg')})")
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=app.settings["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


class CouncilProvider(OpenIDConnectProvider):
    """OpenID Connect with a nonce and the council's own adapter (settings.py names this
    class for allauth's "openid_connect" provider)."""

    oauth2_adapter_class = CouncilAdapter

    def get_login_url(self, request, **kwargs):
        return reverse("signin:start", args=[self.app.settings["slug"]])

    def get_callback_url(self):
        return reverse("signin:callback", args=[self.app.settings["slug"]])

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )
