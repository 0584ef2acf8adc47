"""What the set-up pages share: their breadcrumbs and the plain create-or-change page."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

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
