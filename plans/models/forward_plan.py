"""Decisions coming to committee: the forward plan councillors need to know about."""

import datetime as dt

from django.db import models

from plans.models.base import PlanRecord

# Councils must give 28 clear days' notice of a key decision.
KEY_DECISION_NOTICE_DAYS = 28


class ForwardPlanItem(PlanRecord):
    """A decision due to go to a committee."""

    decision_date = models.DateField("proposed date of decision")
    # What prints when it is filled in; the date then orders the rows and dates the notice.
    decision_text = models.CharField(
        "proposed date of decision, as printed",
        max_length=100,
        blank=True,
        help_text="As the plan prints it, e.g. 'Sept 2015' or 'Summer 2026'. It prints instead "
        "of the date.",
    )
    item = models.CharField(max_length=300)
    service_area = models.CharField(max_length=200, blank=True)
    member_champion = models.CharField(max_length=200, blank=True)
    committee = models.CharField(max_length=200, blank=True)
    key_decision = models.BooleanField(default=False)

    class Meta(PlanRecord.Meta):
        ordering = ["decision_date", "position", "pk"]
        verbose_name = "forward plan item"

    def __str__(self):
        return self.item

    def short_notice(self, today: dt.date | None = None) -> bool:
        """A key decision fewer than 28 clear days away (the decision day itself not counted)."""
        today = today or dt.date.today()
        clear_days = (self.decision_date - today).days - 1
        return (
            self.key_decision
            and (self.decision_date - today).days >= 0
            and clear_days < (KEY_DECISION_NOTICE_DAYS)
        )
