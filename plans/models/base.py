"""The shape every row of a plan's tables shares."""

from django.db import models
from simple_history.models import HistoricalRecords

from plans.models.plan import Plan


class PlanRecord(models.Model):
    """A row of one of a plan's tables: belongs to the plan, kept in the officer's order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="%(class)ss")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class YearAmount(models.Model):
    """A figure for one financial year of a row (budget line, growth bid, carbon saving)."""

    year = models.PositiveSmallIntegerField(help_text="Start year of the financial year.")

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["year"]
