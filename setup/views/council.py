"""The council's profile."""

from setup.forms.council import CouncilProfileForm
from setup.views.pages import CouncilFormPage


class CouncilProfileView(CouncilFormPage):
    """The council's name, how its headers print it, its marking, vision and values."""

    form_class = CouncilProfileForm
    success_message = "The council profile has been saved."
    heading = "Council profile"
