"""What the set-up forms share: the GOV.UK form helper and how a service is named in a
drop-down."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size

from council.models import Service


def gds_helper(*fields, button: str) -> FormHelper:
    """A crispy-forms-gds helper: these fields, then the save button (the shared form page
    draws the form tag)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


def service_label(service: Service) -> str:
    """'Customer Services (Resources)': two councils' directorates may each have a service of
    one name, so a drop-down names the directorate too."""
    return f"{service.name} ({service.directorate.name})"
