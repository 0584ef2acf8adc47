"""The council's returns calendar."""

from setup.forms.calendar import ReturnsCalendarForm
from setup.views.pages import CouncilFormPage

INTRO = (
    "When you open a return, its deadline is proposed from these days; you can change it "
    "each time. Reminders go by themselves to each service that still owes part of a "
    "return: before the deadline, on the day, after it, and then to its managers too."
)


class ReturnsCalendarView(CouncilFormPage):
    """When a return is due by default, and when its reminders go."""

    form_class = ReturnsCalendarForm
    success_message = "The returns calendar has been saved."
    heading = "Returns calendar"
    intro = INTRO
