"""The council's returns calendar."""

from django.urls import reverse
from django.views.generic import UpdateView

from setup.forms.calendar import ReturnsCalendarForm
from setup.views.pages import LeadFormPage, setup_crumbs

INTRO = (
    "When you open a return, its deadline is proposed from these days; you can change it "
    "each time. Reminders go by themselves to each service that still owes part of a "
    "return: before the deadline, on the day, after it, and then to its managers too."
)


class ReturnsCalendarView(LeadFormPage, UpdateView):
    """When a return is due by default, and when its reminders go."""

    form_class = ReturnsCalendarForm
    success_message = "The returns calendar has been saved."

    def get_object(self, queryset=None):
        return self.council

    def get_form_kwargs(self):
        return UpdateView.get_form_kwargs(self)  # the form is the council itself

    def get_success_url(self):
        return reverse("setup:task_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading="Returns calendar",
            intro=INTRO,
            breadcrumbs=setup_crumbs(("Returns calendar", "")),
            **kwargs,
        )
