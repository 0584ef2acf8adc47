"""The council's rating defaults."""

from django.urls import reverse
from django.views.generic import UpdateView

from setup.forms.ratings import RatingDefaultsForm
from setup.views.pages import LeadFormPage, setup_crumbs

INTRO = (
    "A new indicator starts with this rating rule; its officers or you can change it on the "
    "indicator's page. Changing the defaults does not change the rule of any indicator the "
    "council already has."
)


class RatingDefaultsView(LeadFormPage, UpdateView):
    """How a new indicator's results are rated, and when a result needs commentary."""

    form_class = RatingDefaultsForm
    success_message = "The rating defaults have been saved."

    def get_object(self, queryset=None):
        return self.council

    def get_form_kwargs(self):
        return UpdateView.get_form_kwargs(self)  # the form is the council itself

    def get_success_url(self):
        return reverse("setup:task_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading="Rating defaults",
            intro=INTRO,
            breadcrumbs=setup_crumbs(("Rating defaults", "")),
            **kwargs,
        )
