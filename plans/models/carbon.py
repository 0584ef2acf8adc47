"""Carbon reduction initiatives with the tonnes of CO2e they save each year."""

from django.db import models
from django.db.models import Q

from plans.models.base import PlanRecord, YearAmount


class CarbonInitiative(PlanRecord):
    """An initiative that reduces the service's carbon footprint."""

    cost_centre = models.CharField(max_length=60, blank=True)
    initiative = models.TextField()

    def __str__(self):
        return self.initiative[:80]


class CarbonSaving(YearAmount):
    """Tonnes of CO2e an initiative saves in one year."""

    initiative = models.ForeignKey(
        CarbonInitiative, on_delete=models.CASCADE, related_name="savings"
    )
    tonnes = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta(YearAmount.Meta):
        constraints = [
            models.UniqueConstraint(fields=["initiative", "year"], name="carbonsaving_unique_year"),
            models.CheckConstraint(condition=Q(tonnes__gte=0), name="carbonsaving_not_negative"),
        ]

    def __str__(self):
        return f"{self.year}: {self.tonnes} t"
