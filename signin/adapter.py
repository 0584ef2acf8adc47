"""allauth's hooks for a council's sign-in (settings.SOCIALACCOUNT_ADAPTER).

Each council's provider app is made from its SingleSignOn row when asked for
(`list_apps`), so nothing is copied into allauth's SocialApp table and kept in step: a
lead's change applies to the next sign-in. Once allauth has checked the provider's answer,
`pre_social_login` checks the nonce, decides the account (signin.services.sso_sign_in),
signs the person in with our own backend and redirects; allauth's own sign-up and e-mail
steps are never reached. Every failure becomes our "could not sign you in" page, with no
session."""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from signin.models import SecretMissing, SingleSignOn
from signin.oidc import social_app
from signin.services import SignInRefused, sso_sign_in

logger = logging.getLogger(__name__)

BACKEND = "council.backends.CouncilUserBackend"
PREFIX = "council-"
NONCE_MISMATCH = "The answer from your identity provider did not match this sign-in."
GENERIC = (
    "We could not sign you in with your council's identity provider. Start again from the "
    "sign-in page; if it happens again, tell your IT team."
)


def refusal(request, message: str, *, status: int = 403):
    """The page for a sign-in that did not happen."""
    return render(request, "signin/sign_in_problem.html", {"message": message}, status=status)


class CouncilSocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        if not provider or not provider.startswith(PREFIX):
            return []
        sso = SingleSignOn.objects.filter(slug=provider.removeprefix(PREFIX), enabled=True).first()
        if sso is None:
            return []
        try:
            app = social_app(sso)
        except SecretMissing as error:
            logger.error("Single sign-on of %s: %s", sso.council, error)
            raise ImmediateHttpResponse(refusal(request, GENERIC, status=503)) from error
        return [app] if client_id in (None, app.client_id) else []

    def is_open_for_signup(self, request, sociallogin):
        return False  # accounts are made only by pre_social_login, in the council

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        logger.warning("Single sign-on refused (%s): %s", error, exception)
        raise ImmediateHttpResponse(refusal(request, GENERIC))

    def pre_social_login(self, request, sociallogin):
        account = sociallogin.account
        sso = SingleSignOn.objects.select_related("council").get(
            slug=account.provider.removeprefix(PREFIX)
        )
        data = account.extra_data or {}
        id_token = data.get("id_token") or {}
        nonce = (sociallogin.state or {}).get("nonce")
        if not nonce or id_token.get("nonce") != nonce:
            logger.warning("Single sign-on of %s refused: nonce mismatch", sso.council)
            raise ImmediateHttpResponse(refusal(request, NONCE_MISMATCH))
        # Entra ID puts app roles in the ID token only; the userinfo answer may add more.
        claims = {**(data.get("userinfo") or {}), **id_token}
        linked = sociallogin.user if sociallogin.is_existing else None
        try:
            user, _ = sso_sign_in(sso=sso, uid=account.uid, claims=claims, linked_user=linked)
        except SignInRefused as refused:
            logger.warning("Single sign-on of %s refused: %s", sso.council, refused.message)
            raise ImmediateHttpResponse(refusal(request, refused.message)) from refused
        login(request, user, backend=BACKEND)
        raise ImmediateHttpResponse(redirect(next_page(request, user, sociallogin.state)))


def next_page(request, user, state) -> str:
    if not user.role_assignments:
        return reverse("signin:waiting")
    wanted = (state or {}).get("next")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("dashboard")
