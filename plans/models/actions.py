"""Actions and projects: what the service commits to deliver, and its progress quarter by quarter."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from council import periods
from council.models import CorporatePriority, Objective
from plans.models.base import PlanRecord


class DeliveryStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DELAYED = "delayed", "Delayed"
    ACHIEVED = "achieved", "Achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    CANCELLED = "cancelled", "Cancelled"
    CARRIED_FORWARD = "carried_forward", "Carried forward"


# Committees read the note: these statuses are refused without one.
NOTE_REQUIRED = (DeliveryStatus.DELAYED, DeliveryStatus.NOT_ACHIEVED)
# The work is over (done, stopped or moved to the next plan): never overdue, never carried.
CLOSED = (DeliveryStatus.ACHIEVED, DeliveryStatus.CANCELLED, DeliveryStatus.CARRIED_FORWARD)


class ServiceObjective(PlanRecord):
    """An objective of the service in this plan, linked to the council's corporate priorities."""

    title = models.CharField("service objective", max_length=500)
    description = models.TextField(blank=True)
    notes_after = models.TextField(
        "notes after its actions",
        blank=True,
        help_text="Printed below the objective's actions, e.g. the notes at the foot of its "
        "table that its rows' asterisks point to.",
    )
    priorities = models.ManyToManyField(
        CorporatePriority, related_name="service_objectives", verbose_name="corporate priorities"
    )
    corporate_objectives = models.ManyToManyField(
        Objective, blank=True, related_name="service_objectives"
    )
    # Which of the plan's action lists (its actions sections: the rolling action plan, an
    # appendix of lettered actions) the objective and its actions print in; none: the first.
    section = models.ForeignKey(
        "plans.Section",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name="action list",
    )
    # Links kept in the history too (read by the HistoricalRecords that PlanRecord declares).
    _history_m2m_fields = ["priorities", "corporate_objectives"]

    class Meta(PlanRecord.Meta):
        verbose_name = "service objective"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        section = self.section
        if section is not None and (section.plan_id != self.plan_id or section.kind != "actions"):
            raise ValidationError({"section": "Choose one of this plan's action lists."})


class Action(PlanRecord):
    """An action (output) under a service objective, with the fields of the seed's measure cards."""

    objective = models.ForeignKey(
        ServiceObjective, on_delete=models.PROTECT, related_name="actions"
    )
    reference = models.CharField(
        max_length=20,
        blank=True,
        help_text="As the plan prints it, e.g. '1a', 'B', '3.2' or 'CS-04'.",
    )
    title = models.TextField("action")
    measure = models.TextField("how success is measured", blank=True)
    baseline = models.CharField("baseline (from previous year)", max_length=200, blank=True)
    target_date = models.DateField(null=True, blank=True)
    # What prints when it is filled in; the date is then kept only for "overdue".
    target_text = models.CharField(
        "target or by when, as printed",
        max_length=200,
        blank=True,
        help_text="As the plan prints it, e.g. 'By end May 2007', 'March 2008', 'Ongoing', "
        "'Q3 2025/26' or 'Quarterly'. It prints instead of the target date.",
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_actions",
    )
    co_owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_owned_actions",
        verbose_name="co-owners",
        help_text="People of the council who share the action.",
    )
    other_owners = models.CharField(
        "other co-owners",
        max_length=500,
        blank=True,
        help_text="Teams or partners without an account, e.g. 'Service Leads, ARP'.",
    )
    # The plan's "who is responsible" as the council writes it. When filled in it is what
    # prints; the people above are then kept for notifications and "my actions" lists only.
    responsible = models.CharField(
        "who is responsible, as printed",
        max_length=300,
        blank=True,
        help_text="Initials, a team or people, e.g. 'JB/KM' or 'Customer Services Team'. "
        "When filled in, it prints instead of the lead officer and co-owners.",
    )
    priorities = models.ManyToManyField(
        CorporatePriority,
        blank=True,
        related_name="actions",
        verbose_name="corporate priorities",
        help_text="The council's corporate priorities this action serves, printed with it.",
    )
    _history_m2m_fields = ["co_owners", "priorities"]  # kept in the history too
    resources = models.TextField("resources needed to ensure success", blank=True)
    risks = models.TextField(blank=True)
    savings = models.TextField("efficiency savings", blank=True)
    cross_service = models.TextField("opportunities for cross-service working", blank=True)
    # The 2024/25 seed's key activities table also asks these three.
    statutory = models.CharField(
        "statutory or non-statutory",
        max_length=200,
        blank=True,
        help_text="For example 'Statutory' or 'Non-statutory but key to the service'.",
    )
    business_case = models.CharField(
        "business case required",
        max_length=300,
        blank=True,
        help_text="Whether a business case or PID is needed, and when.",
    )
    committee = models.CharField("committee sign-off", max_length=200, blank=True)
    links = models.CharField(max_length=500, blank=True)
    data_source = models.TextField("source of data", blank=True)
    reporting_frequency = models.CharField("frequency of reporting", max_length=200, blank=True)
    measured_by = models.CharField("who measures", max_length=200, blank=True)
    processes = models.TextField(blank=True)
    reporting_timescale = models.CharField(max_length=200, blank=True)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text="The action of an earlier plan this one continues.",
    )

    class Meta(PlanRecord.Meta):
        ordering = ["objective__position", "objective_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__isnull=False) | ~Q(target_text=""),
                name="action_has_target",
                violation_error_message="Enter a target date or a target as text, like Ongoing.",
            ),
            models.UniqueConstraint(
                fields=["plan", "carried_from"],
                condition=Q(carried_from__isnull=False),
                name="action_carried_once",
                violation_error_message="This action has already been carried forward into that plan.",
            ),
        ]

    def __str__(self):
        return self.title[:80]

    @property
    def anchor(self) -> str:
        return f"action-{self.pk}"

    @property
    def target_label(self) -> str:
        """The target as printed: the council's words when typed, else the date they chose."""
        if self.target_text:
            return self.target_text
        day = self.target_date
        return f"{day.day} {day:%B %Y}" if day else ""

    def target_outside(self, plan) -> bool:
        """The target date falls outside the plan's financial years (a warning, not an error)."""
        if self.target_date is None:
            return False
        first, last = periods.year_start(plan.first_year), periods.year_end(plan.last_year)
        return not first <= self.target_date <= last

    def clean(self):
        if self.target_date is None and not self.target_text.strip():
            raise ValidationError(
                {"target_date": "Enter a target date or a target as text, like Ongoing"}
            )
        if self.objective_id and self.plan_id and self.objective.plan_id != self.plan_id:
            raise ValidationError({"objective": "Select an objective of this plan"})


class ProgressUpdate(models.Model):
    """One report on an action for a quarter. Never changed: a new report is a new record."""

    Status = DeliveryStatus

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    year = models.PositiveSmallIntegerField(help_text="Start year of the financial year.")
    quarter = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField("progress note", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter", "created_at", "pk"]
        verbose_name = "progress update"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="progress_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="progress_quarter_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="progress_year_in_range"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=NOTE_REQUIRED) | ~Q(note=""),
                name="progress_note_when_behind",
                violation_error_message="Enter a progress note: the note is what committees read.",
            ),
        ]

    def __str__(self):
        return f"{self.period_label}: {self.get_status_display()}"

    @property
    def period_label(self) -> str:
        return periods.quarter_label(self.year, self.quarter)

    def clean(self):
        if self.status in NOTE_REQUIRED and not self.note.strip():
            raise ValidationError(
                {
                    "note": f"Enter a progress note to say why the action is "
                    f"{self.get_status_display().lower()}: the note is what committees read"
                }
            )


def current_status(updates) -> str:
    """The status of the latest report (by quarter, then time of writing), or not started."""
    latest = max(
        updates,
        key=lambda u: (u.year, u.quarter, u.created_at or dt.datetime.min, u.pk or 0),
        default=None,
    )
    return latest.status if latest else DeliveryStatus.NOT_STARTED


def is_overdue(action: Action, status: str, today: dt.date) -> bool:
    """Target date passed and the action is neither achieved, cancelled nor carried forward."""
    return bool(action.target_date and action.target_date < today and status not in CLOSED)


class Project(PlanRecord):
    """A project of the service, with its manager, sponsor, proposed outcome and milestones."""

    title = models.CharField("project title", max_length=300)
    manager = models.CharField("project manager", max_length=200, blank=True)
    sponsor = models.CharField("project sponsor", max_length=200, blank=True)
    outcome = models.TextField("proposed outcome", blank=True)

    def __str__(self):
        return self.title


class Milestone(models.Model):
    """A milestone of a project: for a quarter of the plan's first year, or for a later year."""

    Status = DeliveryStatus

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(help_text="Start year of the financial year.")
    quarter = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Blank for a milestone for the whole year."
    )
    description = models.TextField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=DeliveryStatus.NOT_STARTED
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="milestone_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="milestone_quarter_valid",
            ),
            models.UniqueConstraint(
                "project",
                "year",
                Coalesce("quarter", Value(0)),
                name="milestone_unique_period",
                violation_error_message="The project already has a milestone for that period.",
            ),
        ]

    def __str__(self):
        return f"{self.period_label}: {self.description[:60]}"

    @property
    def period_label(self) -> str:
        if self.quarter:
            return periods.quarter_label(self.year, self.quarter)
        return periods.year_label(self.year)

    def clean(self):
        plan = self.project.plan
        if not plan.first_year <= self.year <= plan.last_year:
            raise ValidationError({"year": f"Choose a year of the plan ({plan.period_label})"})
        if self.year == plan.first_year and self.quarter is None:
            raise ValidationError({"quarter": "Milestones of the first year are by quarter"})
        if self.year != plan.first_year and self.quarter is not None:
            raise ValidationError({"quarter": "Milestones after the first year are by year"})


def with_current_status(actions: QuerySet) -> QuerySet:
    """Annotate `current`: the status of each action's latest report, or not started."""
    latest = (
        ProgressUpdate.objects.filter(action=OuterRef("pk"))
        .order_by("-year", "-quarter", "-created_at", "-pk")
        .values("status")[:1]
    )
    return actions.annotate(current=Coalesce(Subquery(latest), Value(DeliveryStatus.NOT_STARTED)))
