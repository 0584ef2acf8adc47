"""Single sign-on pages: the sign-in page with each council's button, the start and the
callback of a council's sign-in (allauth's OpenID Connect views, at our addresses), and the
page of someone waiting for a role."""

import logging
from urllib.parse import urlsplit

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe
from requests import RequestException

from signin.adapter import GENERIC, PREFIX, refusal
from signin.forms import SignInForm
from signin.models import SingleSignOn
from signin.oidc import CouncilAdapter

logger = logging.getLogger(__name__)


class SignInView(auth_views.LoginView):
    """Django's sign-in page, with a button for each council that signs in with its own
    identity provider (a council can also link its people straight to its own button:
    /accounts/sso/<slug>/)."""

    form_class = SignInForm

    def get_context_data(self, **kwargs):
        councils = SingleSignOn.objects.filter(enabled=True).select_related("council")
        try:
            options = list(councils.order_by("council__name"))
        except DatabaseError:
            # The form itself needs no database: with it down, the page still shows, without
            # the buttons, and signing in is then a 503 (serviceplans.middleware).
            options = []
        return super().get_context_data(sso_options=options, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        return with_form_posts_to(response, context["sso_options"])


def with_form_posts_to(response, councils):
    """Let the page's single sign-on buttons reach the providers. A button posts to our own
    start view, which redirects to the provider; browsers hold that redirect to the page's
    CSP form-action ('self' only, settings.SECURE_CSP), so the issuers' origins are added
    (a provider's authorisation endpoint is on its issuer's origin: Entra ID, Keycloak...)."""
    origins = sorted({"{0.scheme}://{0.netloc}".format(urlsplit(sso.issuer)) for sso in councils})
    if origins:
        policy = dict(settings.SECURE_CSP)
        policy["form-action"] = [*policy.get("form-action", []), *origins]
        response._csp_config = policy
    return response


def provider_for(request, slug):
    """allauth's provider of the council's enabled sign-in; 404 if there is none."""
    try:
        return get_adapter(request).get_provider(request, f"{PREFIX}{slug}")
    except SocialApp.DoesNotExist as error:
        raise Http404("No single sign-on here.") from error


@login_not_required
@require_http_methods(["GET", "POST"])
def sso_start(request, slug):
    """Send the person to their council's identity provider (a POST from the sign-in page's
    button, as allauth asks, so that a link elsewhere cannot start a sign-in unasked)."""
    if request.method != "POST":
        sso = sso_or_404(slug)
        return with_form_posts_to(render(request, "signin/sso_start.html", {"sso": sso}), [sso])
    try:
        provider = provider_for(request, slug)
        wanted = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
            wanted = None
        return provider.redirect(request, AuthProcess.LOGIN, next_url=wanted)
    except ImmediateHttpResponse as response:
        return response.response
    except (OAuth2Error, RequestException, ValueError, KeyError) as error:
        logger.warning("Single sign-on of %s could not start: %s", slug, error)
        return refusal(request, GENERIC, status=502)


def sso_or_404(slug) -> SingleSignOn:
    sso = SingleSignOn.objects.select_related("council").filter(slug=slug, enabled=True).first()
    if sso is None:
        raise Http404("No single sign-on here.")
    return sso


@login_not_required
@require_http_methods(["GET", "POST"])
def sso_callback(request, slug):
    """Where the identity provider sends the person back: allauth checks the state, swaps
    the code for tokens and checks the ID token; signin.adapter decides the account."""
    try:
        provider = provider_for(request, slug)
        view = OAuth2CallbackView.adapter_view(CouncilAdapter(request, provider.app.provider_id))
        return view(request)
    except ImmediateHttpResponse as response:
        return response.response
    except (OAuth2Error, RequestException, ValueError, KeyError) as error:
        logger.warning("Single sign-on of %s failed: %s", slug, error)
        return refusal(request, GENERIC)


@require_safe
def waiting(request):
    """Signed in, with no role yet: what happens next."""
    return render(
        request, "signin/waiting.html", {"has_roles": bool(request.user.role_assignments)}
    )
