"""The plan's budget: lines by category and cost centre, and growth bids, with a figure per year."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from council import periods
from council.models import CorporatePriority
from plans.models.base import PlanRecord, YearAmount
from plans.models.plan import MAX_BUDGET_PRIOR_YEARS, BudgetUnit  # noqa: F401 (re-exported)

MONEY = {"max_digits": 14, "decimal_places": 2}


@dataclass(frozen=True)
class BudgetColumn:
    """A figure column of the budget lines: a year and, for a year before the plan, which
    of its columns (0 for the first: 'Budget', 1 for 'Outturn'...)."""

    year: int
    index: int
    label: str

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.index)


def prior_column_labels(text: str) -> list[str]:
    return [label.strip() for label in text.split(",") if label.strip()]


def budget_columns(plan) -> list[BudgetColumn]:
    """The budget's figure columns in print order: the years before the plan the council
    shows (each with its columns, e.g. '2023/24 Budget', '2023/24 Outturn'), then the plan's
    own years ('2024/25 Budget', or the year alone when no label is set)."""
    columns = []
    labels = prior_column_labels(plan.budget_prior_columns)
    for year in range(plan.first_year - plan.budget_prior_years, plan.first_year):
        for index, label in enumerate(labels):
            columns.append(BudgetColumn(year, index, f"{periods.year_label(year)} {label}"))
    for year in plan.years:
        label = f"{periods.year_label(year)} {plan.budget_year_column}".strip()
        columns.append(BudgetColumn(year, 0, label))
    return columns


class BudgetCategory(models.TextChoices):
    REVENUE = "revenue", "Revenue expenditure"
    CAPITAL = "capital", "Capital"
    INCOME = "income", "Income"
    STAFFING = "staffing", "Staffing (full-time equivalents)"
    SAVINGS = "savings", "Savings"


class BudgetLine(PlanRecord):
    """A line of the service's budget: revenue expenditure, capital, income, staffing or savings."""

    Category = BudgetCategory

    category = models.CharField(max_length=20, choices=Category.choices)
    cost_centre = models.CharField(max_length=60, blank=True)
    description = models.CharField(max_length=300, help_text="For example 'Customer Services'.")
    notes = models.TextField("key risks for the budget", blank=True)

    class Meta(PlanRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=BudgetCategory.values), name="budgetline_category_valid"
            )
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.description}"

    @property
    def is_money(self) -> bool:
        return self.category != self.Category.STAFFING


class BudgetAmount(YearAmount):
    """The figure of a budget line in one column: in the plan's unit, or FTE for staffing
    lines. A year before the plan may have several columns (budget, outturn): `column`
    says which; the plan's own years have one (0)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="amounts")
    column = models.PositiveSmallIntegerField(default=0)
    amount = models.DecimalField(**MONEY)

    class Meta(YearAmount.Meta):
        ordering = ["year", "column"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "year", "column"], name="budgetamount_unique_column"
            )
        ]

    def __str__(self):
        return f"{self.year}: {self.amount}"


class GrowthBidKind(models.TextChoices):
    REVENUE_COST = "revenue_cost", "Cost – revenue"
    CAPITAL_COST = "capital_cost", "Cost – capital"
    SAVING = "saving", "Saving"
    INCOME = "income", "Income"


class GrowthBid(PlanRecord):
    """A bid for more (or less) money, with its reason, flags and a figure per year."""

    Kind = GrowthBidKind

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REVENUE_COST)
    details = models.TextField("details of bid")
    reason = models.TextField("reason for bid", blank=True)
    priority = models.ForeignKey(
        CorporatePriority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="corporate priority",
        related_name="+",
    )
    cost_centre = models.CharField(max_length=60, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Leave blank if ongoing.")
    funding_received = models.DecimalField("gross funding received", null=True, blank=True, **MONEY)
    pid_required = models.BooleanField("project initiation document required", default=False)
    pid_reason = models.CharField("if no PID, why not", max_length=300, blank=True)
    procurement_involved = models.BooleanField(default=False)
    procurement_reason = models.CharField("if no procurement, why not", max_length=300, blank=True)

    class Meta(PlanRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=GrowthBidKind.values), name="growthbid_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="growthbid_dates_in_order",
                violation_error_message="The end date must be the same as or after the start date.",
            ),
        ]

    def __str__(self):
        return self.details[:80]

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "The end date must be the same as or after the start date."}
            )


class GrowthBidAmount(YearAmount):
    """The amount of a growth bid in one year."""

    bid = models.ForeignKey(GrowthBid, on_delete=models.CASCADE, related_name="amounts")
    amount = models.DecimalField(**MONEY)

    class Meta(YearAmount.Meta):
        constraints = [
            models.UniqueConstraint(fields=["bid", "year"], name="growthbidamount_unique_year")
        ]

    def __str__(self):
        return f"{self.year}: {self.amount}"
