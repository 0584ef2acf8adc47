"""The form to ask for a quarterly performance pack."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils import timezone

from council import periods
from council.models import Directorate, FinancialYear


class PackForm(forms.Form):
    """Which quarter, which services (all, one directorate's or a chosen few), and whether
    results not yet accepted are printed too."""

    SCOPE_ALL = "all"
    SCOPE_DIRECTORATE = "directorate"
    SCOPE_SERVICES = "services"

    quarter = forms.ChoiceField(
        label="Quarter",
        error_messages={
            "required": "Select the quarter the pack reports on",
            "invalid_choice": "Select a quarter from the list",
        },
    )
    scope = forms.ChoiceField(
        label="Which services should the pack cover?",
        widget=forms.RadioSelect,
        choices=[
            (SCOPE_ALL, "All the services I can choose"),
            (SCOPE_DIRECTORATE, "The services of one directorate"),
            (SCOPE_SERVICES, "Services I choose below"),
        ],
        initial=SCOPE_ALL,
        error_messages={"required": "Select which services the pack should cover"},
    )
    directorate = forms.ModelChoiceField(
        label="Directorate",
        queryset=Directorate.objects.none(),
        required=False,
        empty_label="Choose a directorate",
        error_messages={"invalid_choice": "Select a directorate from the list"},
    )
    include_provisional = forms.BooleanField(
        label="Include provisional results",
        required=False,
        help_text="Results whose service's return for the quarter has not been accepted "
        "yet. Without this the pack shows accepted results only; with it, each provisional "
        "result is marked “provisional”.",
    )
    services = forms.ModelMultipleChoiceField(
        label="Services",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select services from the list only"},
    )

    def __init__(self, *args, services, council_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.available = services.select_related("directorate").order_by(
            "directorate__name", "name"
        )
        self.fields["services"].queryset = self.available
        self.fields["directorate"].queryset = Directorate.objects.filter(
            services__in=self.available
        ).distinct()
        years = FinancialYear.objects.filter(council_id=council_id).values_list(
            "start_year", flat=True
        )
        self.fields["quarter"].choices = [("", "Choose a quarter")] + [
            (f"{year}-{q}", periods.quarter_label(year, q))
            for year in years
            for q in periods.QUARTERS
        ]
        # The last complete quarter, as the indicators dashboard shows by default.
        year, quarter = periods.last_ended_quarter(timezone.localdate())
        self.fields["quarter"].initial = f"{year}-{quarter}"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("quarter"),
            Field.radios("scope", legend_size=Size.SMALL),
            Field.select("directorate"),
            Field.checkboxes("services", legend_size=Size.SMALL, small=True),
            Field.checkbox("include_provisional"),
            Button("submit", "Make the pack"),
        )

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        if scope == self.SCOPE_DIRECTORATE:
            directorate = cleaned.get("directorate")
            if directorate is None:
                if "directorate" not in self.errors:
                    self.add_error("directorate", "Select a directorate")
                return cleaned
            cleaned["selected"] = list(self.available.filter(directorate=directorate))
            cleaned["scope_label"] = f"Services of {directorate.name}"
        elif scope == self.SCOPE_SERVICES:
            chosen = cleaned.get("services")
            if not chosen:
                if "services" not in self.errors:
                    self.add_error("services", "Select at least one service")
                return cleaned
            cleaned["selected"] = list(chosen)
            cleaned["scope_label"] = ", ".join(s.name for s in chosen)
        elif scope == self.SCOPE_ALL:
            cleaned["selected"] = list(self.available)
            cleaned["scope_label"] = "All services"
        if scope and not cleaned.get("selected"):
            self.add_error("scope", "There are no services to put in a pack")
        return cleaned

    def year_and_quarter(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["quarter"].split("-")
        return int(year), int(quarter)
