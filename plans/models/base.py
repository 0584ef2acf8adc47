"""The shape every row of a plan's tables shares."""

import logging

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


logger = logging.getLogger(__name__)


def read_stored_picture(picture, what: str) -> bytes | None:
    """A picture's stored PNG (an org chart, a section's figure), through the storage API;
    None when there is none or its file has gone (a restore without the media folder, say):
    the page and the PDF then do without the picture, and the operator is told in the log."""
    if not picture.image:
        return None
    try:
        with picture.image.open("rb") as image:
            return image.read()
    except FileNotFoundError:
        logger.warning("The %s file %s is missing", what, picture.image.name)
        return None
