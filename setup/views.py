"""
The performance lead's set-up pages (/setup/): the task list, the council's profile, its
directorates and services, and its people with their roles.

Only the council's performance lead may use them (403 for anyone else, council.access.
lead_council); every record is looked up in the lead's council, so another council's is 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import CreateView, UpdateView

from council.access import lead_council
from council.error_summary import error_links, formset_error_links, summary_context
from council.models import Directorate, Role, Service, User
from setup.checklist import council_tasks
from setup.forms import (
    CouncilProfileForm,
    DirectorateForm,
    PersonForm,
    RoleFormSet,
    ServiceForm,
)
from setup.services import invitation_send, person_deactivate, person_invite


def setup_crumbs(*trail) -> list:
    """Dashboard > Set up > trail, each a (title, url) pair."""
    return [("Dashboard", reverse("dashboard")), ("Set up", reverse("setup:task_list")), *trail]


def structure_crumbs(last: str) -> list:
    return setup_crumbs(
        ("Directorates and services", reverse("setup:directorate_list")), (last, "")
    )


def people_crumbs(last: str) -> list:
    return setup_crumbs(("People and roles", reverse("setup:person_list")), (last, ""))


@require_safe
def task_list(request):
    """Everything the lead sets up, with how far each has got."""
    council = lead_council(request.user)
    return render(
        request,
        "setup/task_list.html",
        {"tasks": council_tasks(council), "breadcrumbs": setup_crumbs()[:-1] + [("Set up", "")]},
    )


class LeadFormPage:
    """A plain create or change page of the lead's council, on the shared form page."""

    template_name = "form_page.html"
    success_message = "{} has been saved."

    def dispatch(self, request, *args, **kwargs):
        self.council = lead_council(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.council}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, self.success_message.format(self.object))
        return redirect(self.get_success_url())


class CouncilProfileView(LeadFormPage, UpdateView):
    """The council's name, how its headers print it, its marking, vision and values."""

    form_class = CouncilProfileForm
    success_message = "The council profile has been saved."

    def get_object(self, queryset=None):
        return self.council

    def get_form_kwargs(self):
        return UpdateView.get_form_kwargs(self)  # the form is the council itself

    def get_success_url(self):
        return reverse("setup:task_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading="Council profile", breadcrumbs=setup_crumbs(("Council profile", "")), **kwargs
        )


@require_safe
def directorate_list(request):
    """The council's directorates, each with its services."""
    council = lead_council(request.user)
    directorates = Directorate.objects.filter(council=council).prefetch_related("services")
    return render(
        request,
        "setup/directorate_list.html",
        {
            "directorates": directorates,
            "breadcrumbs": setup_crumbs(("Directorates and services", "")),
        },
    )


class DirectorateCreateView(LeadFormPage, CreateView):
    form_class = DirectorateForm

    def get_success_url(self):
        return reverse("setup:directorate_list")

    def get_context_data(self, **kwargs):
        crumbs = structure_crumbs("Add a directorate")
        return super().get_context_data(heading="Add a directorate", breadcrumbs=crumbs, **kwargs)


class DirectorateUpdateView(LeadFormPage, UpdateView):
    form_class = DirectorateForm

    def get_object(self, queryset=None):
        return get_object_or_404(Directorate, council=self.council, pk=self.kwargs["pk"])

    def get_success_url(self):
        return reverse("setup:directorate_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=f"Change {self.object}",
            breadcrumbs=structure_crumbs(f"Change {self.object}"),
            **kwargs,
        )


class ServiceCreateView(LeadFormPage, CreateView):
    form_class = ServiceForm

    def get_initial(self):
        return {"directorate": self.request.GET.get("directorate")}

    def get_success_url(self):
        return reverse("setup:directorate_list")

    def get_context_data(self, **kwargs):
        crumbs = structure_crumbs("Add a service")
        return super().get_context_data(heading="Add a service", breadcrumbs=crumbs, **kwargs)


class ServiceUpdateView(LeadFormPage, UpdateView):
    form_class = ServiceForm

    def get_object(self, queryset=None):
        services = Service.objects.select_related("directorate")
        return get_object_or_404(services, directorate__council=self.council, pk=self.kwargs["pk"])

    def get_success_url(self):
        return reverse("setup:directorate_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=f"Change {self.object}",
            caption=self.object.directorate.name,
            breadcrumbs=structure_crumbs(f"Change {self.object}"),
            **kwargs,
        )


# -- People ----------------------------------------------------------------------------------

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
