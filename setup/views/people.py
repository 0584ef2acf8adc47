"""People and their roles: add, change, invite again, deactivate, reactivate."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from council.access import lead_council
from council.error_summary import error_links, formset_error_links, summary_context
from council.models import Role, User
from setup.forms.people import PersonForm, RoleFormSet
from setup.services import invitation_send, person_deactivate, person_invite, person_reactivate
from setup.views.pages import setup_crumbs


def people_crumbs(last: str) -> list:
    return setup_crumbs(("People and roles", reverse("setup:person_list")), (last, ""))


ROLES = Prefetch(
    "roles", queryset=Role.objects.select_related("directorate", "service__directorate")
)


@require_safe
def person_list(request):
    """Everyone of the council with their roles, active or not."""
    council = lead_council(request.user)
    people = User.objects.filter(council=council).prefetch_related(ROLES)
    return render(
        request,
        "setup/person_list.html",
        {"people": people, "breadcrumbs": setup_crumbs(("People and roles", ""))},
    )


def person_page(request, *, form, roles, heading: str, person=None):
    links = error_links(form) + formset_error_links(roles, "Role")
    links += [("roles-heading", error) for error in roles.non_form_errors()]
    return render(
        request,
        "setup/person_form.html",
        {
            "form": form,
            "roles": roles,
            "person": person,
            "heading": heading,
            **summary_context(links),
            "breadcrumbs": people_crumbs(heading),
        },
    )


@require_http_methods(["GET", "POST"])
def person_add(request):
    """Add a person with their roles; they are e-mailed a link to set their own password."""
    council = lead_council(request.user)
    data = request.POST if request.method == "POST" else None
    form = PersonForm(data)
    roles = RoleFormSet(data, queryset=Role.objects.none(), council=council, prefix="roles")
    if data is not None and form.is_valid() and roles.is_valid():
        with transaction.atomic():
            person = person_invite(
                user=form.save(commit=False), council=council, invited_by=request.user
            )
            roles.save_for(person)
        messages.success(
            request, f"{person} has been added and sent an invitation to {person.email}."
        )
        return redirect("setup:person_list")
    return person_page(request, form=form, roles=roles, heading="Add a person")


@require_http_methods(["GET", "POST"])
def person_change(request, pk):
    """Change a person's details and roles."""
    council = lead_council(request.user)
    person = get_object_or_404(User, council=council, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = PersonForm(data, instance=person)
    queryset = Role.objects.filter(user=person).select_related("directorate", "service")
    is_self = person.pk == request.user.pk
    roles = RoleFormSet(data, queryset=queryset, council=council, is_self=is_self, prefix="roles")
    if data is not None and form.is_valid() and roles.is_valid():
        with transaction.atomic():
            person = form.save()
            roles.save_for(person)
        messages.success(request, f"{person} has been saved.")
        return redirect("setup:person_list")
    return person_page(request, form=form, roles=roles, heading=f"Change {person}", person=person)


@require_POST
def person_invite_again(request, pk):
    """A new invitation for someone who has not set a password yet (the link lasts a few
    days); the old link keeps working until the password is set."""
    council = lead_council(request.user)
    person = get_object_or_404(User, council=council, pk=pk, is_active=True)
    if person.has_usable_password():
        messages.info(request, f"{person} has set their password already.")
    else:
        invitation_send(user=person, invited_by=request.user)
        messages.success(request, f"A new invitation has been sent to {person.email}.")
    return redirect("setup:person_change", person.pk)


@require_POST
def person_deactivate_view(request, pk):
    """A leaver stops signing in, in one step; what they signed and wrote stays theirs."""
    council = lead_council(request.user)
    person = get_object_or_404(User, council=council, pk=pk)
    try:
        person_deactivate(user=person, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("setup:person_change", person.pk)
    messages.success(request, f"{person} has been deactivated and can no longer sign in.")
    return redirect("setup:person_list")


@require_POST
def person_reactivate_view(request, pk):
    """Someone who came back signs in again, with their old password or a new invitation."""
    council = lead_council(request.user)
    person = get_object_or_404(User, council=council, pk=pk, is_active=False)
    if person_reactivate(user=person, by=request.user):
        messages.success(
            request, f"{person} has been reactivated and sent a new invitation to {person.email}."
        )
    else:
        messages.success(
            request, f"{person} has been reactivated and can sign in with their old password."
        )
    return redirect("setup:person_change", person.pk)
