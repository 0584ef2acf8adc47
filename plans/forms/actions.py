"""Forms of the actions and projects section: objectives, actions, progress, projects, carry forward."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms

from council import periods
from council.models import CorporatePriority, Objective, User
from plans.forms.tables import govuk_wording
from plans.models import Action, DeliveryStatus, Milestone, Project, ServiceObjective
from plans.models.actions import NOTE_REQUIRED


def _position_field(help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label="Position",
        required=False,
        min_value=0,
        max_value=999,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}
        ),
        error_messages={
            "invalid": "Position must be a whole number, like 3",
            "min_value": "Position must be 0 or more",
            "max_value": "Position must be 999 or less",
        },
    )


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.legend_size = Size.SMALL
    return helper


class ServiceObjectiveForm(forms.ModelForm):
    """A service objective and the corporate priorities and objectives it serves."""

    class Meta:
        model = ServiceObjective
        fields = [
            "title", "description", "notes_after", "priorities", "corporate_objectives",
            "section", "position",
        ]  # fmt: skip
        widgets = {
            "priorities": forms.CheckboxSelectMultiple,
            "corporate_objectives": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.instance.plan = plan  # its action list is checked against the plan's
        council_id = plan.service.directorate.council_id
        self.fields["priorities"].queryset = CorporatePriority.objects.filter(council_id=council_id)
        self.fields["corporate_objectives"].queryset = Objective.objects.filter(
            priority__council_id=council_id
        ).select_related("priority")
        self.fields["corporate_objectives"].label_from_instance = lambda o: f"{o.priority}: {o}"
        govuk_wording(self)
        self.fields["priorities"].error_messages.update(
            required="Select at least one corporate priority the objective serves",
            invalid_choice="Select corporate priorities of your council",
        )
        self.fields["corporate_objectives"].error_messages["invalid_choice"] = (
            "Select corporate objectives of your council"
        )
        self.fields["position"] = _position_field("Objectives are shown in this order.")
        lists = plan.sections.filter(kind="actions").order_by("position", "pk")
        if len(lists) > 1:
            self.fields["section"].queryset = lists
            self.fields["section"].required = True
            self.fields["section"].empty_label = None
            self.fields["section"].label = "Which action list is it in?"
            self.fields["section"].error_messages["invalid_choice"] = (
                "Choose one of this plan's action lists"
            )
        else:
            del self.fields["section"]  # one list: every objective is in it
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        priorities = set(cleaned.get("priorities") or [])
        wrong = [
            o for o in cleaned.get("corporate_objectives") or [] if o.priority not in priorities
        ]
        if priorities and wrong:
            self.add_error(
                "corporate_objectives",
                "Select corporate objectives of the priorities you chose, or choose their priority",
            )
        return cleaned

    def clean_position(self):
        return self.cleaned_data.get("position") or 0

    def save(self, commit=True):
        self.instance.plan = self.plan
        return super().save(commit)


class ActionForm(forms.ModelForm):
    """An action with the fields of the seed plans' performance measure cards."""

    class Meta:
        model = Action
        fields = [
            "objective",
            "reference",
            "title",
            "measure",
            "baseline",
            "target_date",
            "target_text",
            "responsible",
            "lead_officer",
            "co_owners",
            "other_owners",
            "priorities",
            "links",
            "data_source",
            "reporting_frequency",
            "measured_by",
            "processes",
            "reporting_timescale",
            "resources",
            "risks",
            "savings",
            "cross_service",
            "statutory",
            "business_case",
            "committee",
        ]
        widgets = {
            "co_owners": forms.CheckboxSelectMultiple,
            "priorities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        council_id = plan.service.directorate.council_id
        people = User.objects.filter(council_id=council_id, is_active=True)
        self.fields["objective"].queryset = ServiceObjective.objects.filter(plan=plan)
        self.fields["priorities"].queryset = CorporatePriority.objects.filter(council_id=council_id)
        self.fields["lead_officer"].queryset = people
        self.fields["co_owners"].queryset = people
        self.fields["lead_officer"].label_from_instance = _person
        self.fields["co_owners"].label_from_instance = _person
        govuk_wording(self)
        self.fields["title"].label = "Action"
        self.fields[
            "title"
        ].help_text = "The output or outcome, e.g. 'Launch the self-service portal'."
        self.fields["reference"].label = "Reference (optional)"
        self.fields["target_date"].required = False
        self.fields["target_date"].help_text = (
            "For example, 31/03/2027. Leave blank if you type the target as text. "
            "If you enter both, the text prints and the date says when the action is overdue."
        )
        self.fields["lead_officer"].help_text = (
            "Gets the reminders and sees the action in their list. "
            "Printed as the owner unless 'who is responsible' is filled in."
        )
        self.fields["co_owners"].error_messages["invalid_choice"] = (
            "Select co-owners from the people of your council"
        )
        self.fields["lead_officer"].error_messages["invalid_choice"] = (
            "Select a lead officer from the people of your council"
        )
        self.fields["objective"].error_messages["invalid_choice"] = (
            "Select an objective of this plan"
        )
        self.fields["priorities"].error_messages["invalid_choice"] = (
            "Select corporate priorities of your council"
        )
        for name in ["title", "measure", "processes", "resources", "risks", "cross_service"]:
            self.fields[name].widget.attrs["rows"] = 3
        self.helper = _helper()

    def _post_clean(self):
        # Model.clean() checks the target and the objective's plan: it needs to know the plan.
        self.instance.plan = self.plan
        super()._post_clean()


def _person(user) -> str:
    return f"{user} – {user.job_title}" if user.job_title else str(user)


def quarter_choices(plan) -> list[tuple[str, str]]:
    return [
        (f"{year}-{q}", f"{periods.quarter_label(year, q)} ({periods.QUARTER_MONTHS[q]})")
        for year in plan.years
        for q in periods.QUARTERS
    ]


class ProgressForm(forms.Form):
    """A progress report on an action for one quarter."""

    period = forms.ChoiceField(
        label="Quarter reported on",
        error_messages={
            "required": "Select the quarter you are reporting on",
            "invalid_choice": "Select a quarter of the plan",
        },
    )
    status = forms.ChoiceField(
        choices=DeliveryStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the status of the action",
            "invalid_choice": "Select a status from the list",
        },
    )
    note = forms.CharField(
        label="Progress note",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What has been done, and why any variance. Needed when the action is "
        "delayed or not achieved: the note is what committees read.",
        error_messages={"max_length": "The progress note must be 10,000 characters or fewer"},
    )

    def __init__(self, *args, plan, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = quarter_choices(plan)
        year, quarter = periods.quarter_of(today)
        year = min(max(year, plan.first_year), plan.last_year)
        self.initial.setdefault("period", f"{year}-{quarter}")
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status in NOTE_REQUIRED and not (cleaned.get("note") or "").strip():
            label = DeliveryStatus(status).label.lower()
            self.add_error(
                "note",
                f"Enter a progress note to say why the action is {label}: "
                "the note is what committees read",
            )
        return cleaned

    @property
    def year_quarter(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["period"].split("-")
        return int(year), int(quarter)

    def recorded(self) -> dict:
        """The report as plans.services.action_progress_record takes it (besides the action
        and the user)."""
        year, quarter = self.year_quarter
        data = self.cleaned_data
        return {"year": year, "quarter": quarter, "status": data["status"], "note": data["note"]}


class ProjectForm(forms.ModelForm):
    """A project with a milestone and status per quarter of the first year, then per year."""

    class Meta:
        model = Project
        fields = ["title", "manager", "sponsor", "outcome", "position"]

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        govuk_wording(self)
        self.fields["position"] = _position_field("Projects are shown in this order.")
        self.fields["outcome"].widget.attrs["rows"] = 3
        existing = {}
        if self.instance.pk:
            existing = {(m.year, m.quarter): m for m in self.instance.milestones.all()}
        for year, quarter, label in self.periods():
            milestone = existing.get((year, quarter))
            self.fields[f"{self._key(year, quarter)}_text"] = forms.CharField(
                label=f"Milestone for {label}",
                required=False,
                max_length=2_000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=milestone.description if milestone else "",
                error_messages={
                    "max_length": f"The milestone for {label} must be 2,000 characters or fewer"
                },
            )
            self.fields[f"{self._key(year, quarter)}_status"] = forms.ChoiceField(
                label=f"Status of the milestone for {label}",
                choices=DeliveryStatus.choices,
                initial=milestone.status if milestone else DeliveryStatus.NOT_STARTED,
                error_messages={"invalid_choice": "Select a status from the list"},
            )
        self.helper = _helper()

    def periods(self) -> list[tuple[int, int | None, str]]:
        first = self.plan.first_year
        quarters = [
            (first, q, f"{periods.quarter_label(first, q)} ({periods.QUARTER_MONTHS[q]})")
            for q in periods.QUARTERS
        ]
        return quarters + [(y, None, periods.year_label(y)) for y in self.plan.years[1:]]

    @staticmethod
    def _key(year, quarter) -> str:
        return f"m{year}q{quarter or 0}"

    def clean_position(self):
        return self.cleaned_data.get("position") or 0

    def save_with_milestones(self) -> Project:
        """Save the project and its milestones; a cleared milestone is removed."""
        project = self.save(commit=False)
        project.plan = self.plan
        project.save()
        for year, quarter, _ in self.periods():
            text = self.cleaned_data[f"{self._key(year, quarter)}_text"].strip()
            status = self.cleaned_data[f"{self._key(year, quarter)}_status"]
            current = project.milestones.filter(year=year, quarter=quarter)
            if not text:
                current.delete()
                continue
            milestone = current.first() or Milestone(project=project, year=year, quarter=quarter)
            milestone.description = text
            milestone.status = status
            milestone.full_clean()
            milestone.save()
        return project


class CarryForwardForm(forms.Form):
    """Which actions not achieved go into the service's next plan."""

    actions = forms.ModelMultipleChoiceField(
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Actions to carry forward",
        error_messages={
            "required": "Select the actions to carry forward",
            "invalid_choice": "Select actions that are not achieved, cancelled or carried forward",
        },
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda a: f"{a.objective}: {a}"
        self.helper = _helper()


class ConfirmForm(forms.Form):
    """An empty form: removing a record needs only a confirmed POST."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
