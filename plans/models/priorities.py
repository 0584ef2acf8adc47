"""How the service contributes to each corporate priority and objective."""

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce

from council.models import CorporatePriority, Objective
from plans.models.base import PlanRecord


class PriorityContribution(PlanRecord):
    """The service's contribution to one corporate priority (or one of its objectives)."""

    priority = models.ForeignKey(CorporatePriority, on_delete=models.PROTECT, related_name="+")
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Blank where the council wrote an objective with nothing beside it (the cell beside the
    # first of a theme's objectives may speak for them all).
    contribution = models.TextField("service contribution", blank=True)

    class Meta(PlanRecord.Meta):
        ordering = ["priority__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                "plan",
                "priority",
                Coalesce("objective", Value(0)),
                name="contribution_unique",
                violation_error_message="This plan already has a contribution to that objective.",
            )
        ]

    def __str__(self):
        return f"{self.priority}: {self.contribution[:60]}"
