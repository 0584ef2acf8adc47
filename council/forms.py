"""Form fields about the council's people that the apps above share (kpis, risks)."""

from django import forms
from django.db.models import Q

from council.models import Service, User

NOT_AN_OWNER = "Select an owner from the people who report for this service"


def person_label(user) -> str:
    """A person as a select offers them: their name and, to tell namesakes apart, job title."""
    return f"{user} – {user.job_title}" if user.job_title else str(user)


def owner_field(service: Service, current_id: int | None = None) -> forms.ModelChoiceField:
    """A select of the people who may own one of the service's indicators or risks
    (User.objects.owners_for), so that their returns and reminders find them.

    Whoever owns it now stays a choice while they are of the council: changing another
    field must not force a new owner because the owner's role has moved. Anyone else, and
    another council's people above all, is a form error, whatever id is posted."""
    people = Q(pk__in=User.objects.owners_for(service).values("pk"))
    if current_id:
        people |= Q(pk=current_id, council_id=service.directorate.council_id)
    field = forms.ModelChoiceField(
        queryset=User.objects.filter(people),
        required=False,
        label="Owner (a person with an account)",
        empty_label="No one chosen",
        help_text="They see it in their returns and get its reminders. "
        "The plan prints the owner as typed above, not this name.",
    )
    field.label_from_instance = person_label
    field.error_messages["invalid_choice"] = NOT_AN_OWNER
    return field
