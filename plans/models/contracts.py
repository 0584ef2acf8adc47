"""Contracts the service holds, from the contracts register."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from plans.models.base import PlanRecord
from plans.models.budget import MONEY


class Contract(PlanRecord):
    """A contract: who supplies what, for how much, and when it ends or is reviewed."""

    title = models.CharField("title of agreement", max_length=300)
    service_area = models.CharField(max_length=200, blank=True)
    contact = models.CharField("service contact", max_length=200, blank=True)
    description = models.TextField("goods or services provided", blank=True)
    # Blank where none is named (the council's "None specific" row, a contract not yet let).
    supplier = models.CharField("supplier name", max_length=200, blank=True)
    value = models.DecimalField("contract sum", null=True, blank=True, **MONEY)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    extension_option = models.CharField(
        "option to extend", max_length=300, blank=True, help_text="For example '2 + 1 years'."
    )

    class Meta(PlanRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="contract_dates_in_order",
                violation_error_message="The end date must be the same as or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="contract_value_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "The end date must be the same as or after the start date."}
            )

    def ends_within(self, years: int, today: dt.date | None = None) -> bool:
        """True when the contract ends between today and the given number of years ahead."""
        if self.end_date is None:
            return False
        today = today or dt.date.today()
        try:
            horizon = today.replace(year=today.year + years)
        except ValueError:  # 29 February
            horizon = today.replace(year=today.year + years, day=28)
        return today <= self.end_date <= horizon
