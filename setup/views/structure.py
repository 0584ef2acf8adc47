"""Directorates and their services."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import CreateView, UpdateView

from council.access import lead_council
from council.models import Directorate, Service
from setup.forms.structure import DirectorateForm, ServiceForm
from setup.views.pages import LeadFormPage, setup_crumbs


def structure_crumbs(last: str) -> list:
    return setup_crumbs(
        ("Directorates and services", reverse("setup:directorate_list")), (last, "")
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
