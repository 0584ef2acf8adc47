"""The council's profile."""

from django.urls import reverse
from django.views.generic import UpdateView

from setup.forms.council import CouncilProfileForm
from setup.views.pages import LeadFormPage, setup_crumbs


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
