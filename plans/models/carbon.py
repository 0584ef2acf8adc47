"""Carbon reduction initiatives with the tonnes of CO2e they save each year."""

from django.db import models
from django.db.models import Q

from council.templatetags.formatting import number
from plans.models.base import PlanRecord, YearAmount


class CarbonInitiative(PlanRecord):
    """An initiative that reduces the service's carbon footprint."""

    cost_centre = models.CharField(max_length=60, blank=True)
    initiative = models.TextField()

    def __str__(self):
        return self.initiative[:80]


class CarbonSaving(YearAmount):
    """What an initiative saves in one year, as the council printed it.

    The text is as typed and prints ('TBC', 'n/a', 'Not known', '12.5 t'); tonnes is its
    number when it is one figure (kpis.figures), and only numbers count in the totals. A
    figure with no text (from an older export) prints its number."""

    initiative = models.ForeignKey(
        CarbonInitiative, on_delete=models.CASCADE, related_name="savings"
    )
    tonnes = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    text = models.CharField("as printed", max_length=50, blank=True)

    class Meta(YearAmount.Meta):
        constraints = [
            models.UniqueConstraint(fields=["initiative", "year"], name="carbonsaving_unique_year"),
            models.CheckConstraint(condition=Q(tonnes__gte=0), name="carbonsaving_not_negative"),
            models.CheckConstraint(
                condition=Q(tonnes__isnull=False) | ~Q(text=""),
                name="carbonsaving_has_tonnes_or_text",
                violation_error_message="A carbon saving needs a number of tonnes or a text.",
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.printed}"

    @property
    def printed(self) -> str:
        """The saving as the plan prints it: the text as typed, else the number."""
        return self.text or number(self.tonnes)
