"""The council's rating defaults."""

from setup.forms.ratings import RatingDefaultsForm
from setup.views.pages import CouncilFormPage

INTRO = (
    "A new indicator starts with this rating rule; its officers or you can change it on the "
    "indicator's page. Changing the defaults does not change the rule of any indicator the "
    "council already has."
)


class RatingDefaultsView(CouncilFormPage):
    """How a new indicator's results are rated, and when a result needs commentary."""

    form_class = RatingDefaultsForm
    success_message = "The rating defaults have been saved."
    heading = "Rating defaults"
    intro = INTRO
