"""Single sign-on: the council's own identity provider, configured by its lead."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from council.access import lead_council
from council.models import User
from setup.forms.sign_in import SingleSignOnForm
from setup.views.pages import setup_crumbs
from signin.models import SingleSignOn
from signin.services import sso_save


@require_http_methods(["GET", "POST"])
def sign_in_settings(request):
    """The council's single sign-on (one per council, made on first save), the redirect URI
    to register with the provider, and who signed in with it and waits for a role."""
    council = lead_council(request.user)
    sso = SingleSignOn.objects.filter(council=council).first() or SingleSignOn(council=council)
    form = SingleSignOnForm(request.POST or None, instance=sso, council=council)
    if request.method == "POST" and form.is_valid():
        sso_save(
            sso=form.save(commit=False),
            secret=form.cleaned_data["client_secret"],
            mappings=form.cleaned_data["role_mapping"],
        )
        messages.success(request, "Single sign-on has been saved.")
        return redirect("setup:sign_in")
    waiting = (
        User.objects.filter(council=council, is_active=True, roles__isnull=True)
        .filter(socialaccount__provider=sso.provider_id)
        .order_by("last_name", "first_name", "email")
        if sso.pk
        else User.objects.none()
    )
    saved = sso.pk is not None
    return render(
        request,
        "setup/sign_in_form.html",
        {
            "form": form,
            "heading": "Single sign-on",
            "breadcrumbs": setup_crumbs(("Single sign-on", "")),
            "redirect_uri": saved and request.build_absolute_uri(sso.redirect_path()),
            "sign_in_link": saved
            and request.build_absolute_uri(reverse("signin:start", args=[sso.slug])),
            "waiting": waiting,
        },
    )
