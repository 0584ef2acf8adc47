"""What the set-up pages share: their breadcrumbs and the plain create-or-change page."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import UpdateView

from council.access import lead_council


def setup_crumbs(*trail) -> list:
    """Dashboard > Set up > trail, each a (title, url) pair."""
    return [("Dashboard", reverse("dashboard")), ("Set up", reverse("setup:task_list")), *trail]


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


class CouncilFormPage(LeadFormPage, UpdateView):
    """A page whose form is the lead's council itself (its profile, its rating defaults, its
    returns calendar): no record id in the address, so no other council's can be asked for."""

    heading = ""
    intro = ""

    def get_object(self, queryset=None):
        return self.council

    def get_form_kwargs(self):
        return UpdateView.get_form_kwargs(self)  # the form is the council itself

    def get_success_url(self):
        return reverse("setup:task_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.heading,
            intro=self.intro,
            breadcrumbs=setup_crumbs((self.heading, "")),
            **kwargs,
        )
