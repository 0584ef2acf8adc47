"""Plans, their sections, and the council's plan template the sections come from."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from council import periods
from council.models import Service
from plans.models.template import Template


class SectionKind(models.TextChoices):
    """What a section holds: rich text, or one of the structured tables of a plan."""

    NARRATIVE = "narrative", "Narrative (rich text)"
    BUDGET = "budget", "Budget and growth bids"
    WORKFORCE = "workforce", "Workforce"
    PRIORITIES = "priorities", "Contribution to corporate priorities"
    KPIS = "kpis", "Performance indicators"
    CONTRACTS = "contracts", "Contracts"
    CARBON = "carbon", "Carbon reduction"
    FORWARD_PLAN = "forward_plan", "Forward plan"
    CONTACTS = "contacts", "Key contacts"
    SIGN_OFF = "sign_off", "Sign-off"
    VERSIONS = "versions", "Version control"
    KEY_ISSUES = "key_issues", "Key issues and risks"
    RISKS = "risks", "Risk register"
    ACTIONS = "actions", "Actions and projects"
    VISION = "vision", "Council vision and values"
    TABLE = "table", "A table of the council's own columns"


# Kinds a template has at most once: what the workflow fills (its signatures, its versions).
# Any other kind may come more than once, each section printing its own parts of the rows
# (plans.columns.PARTS): the budget lines in one, the growth bids in another.
ONCE_ONLY_KINDS = [SectionKind.SIGN_OFF.value, SectionKind.VERSIONS.value]

MAX_SECTION_LEVEL = 4

SECTION_LEVELS = [
    (1, "1: a section"),
    (2, "2: a part of the section above it (1.1)"),
    (3, "3: a part of that part (1.1.1)"),
    (4, "4: a part of that (1.1.1.1)"),
]


def level_field():
    return models.PositiveSmallIntegerField(
        default=1,
        choices=SECTION_LEVELS,
        help_text="Where it sits in the contents: a section, or a part of the one above it.",
    )


def level_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(level__gte=1, level__lte=MAX_SECTION_LEVEL),
        name=name,
        violation_error_message=f"The level must be from 1 to {MAX_SECTION_LEVEL}.",
    )


def outline_levels(levels: list[int]) -> list[int]:
    """The levels as the contents can show them: the first at level 1, and none more than
    one deeper than the section before it (a level 3 straight after a level 1 becomes 2)."""
    shown, previous = [], 0
    for level in levels:
        previous = max(1, min(level, previous + 1, MAX_SECTION_LEVEL))
        shown.append(previous)
    return shown


def outline_numbers(levels: list[int]) -> list[str]:
    """Automatic numbers for sections at these levels: 1, 1.1, 1.1.1, 1.2, 2."""
    counters, numbers = [], []
    for level in outline_levels(levels):
        counters = counters[:level]
        counters += [0] * (level - len(counters))
        counters[-1] += 1
        numbers.append(".".join(str(count) for count in counters))
    return numbers


class TemplateSectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TemplateSectionQuerySet":
        """Sections of the templates of the user's council (its performance lead sets them)."""
        if not user.is_authenticated or user.council_id is None:
            return self.none()
        return self.filter(template__council_id=user.council_id)


class TemplateSection(models.Model):
    """One section of a council's plan template, copied into each new plan in order."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(
        max_length=10,
        blank=True,
        help_text="As printed, e.g. '2.1'. When the council numbers sections automatically, "
        "leave it blank to have the number made from the levels.",
    )
    level = level_field()
    title = models.CharField(max_length=200)
    guidance = models.TextField(
        blank=True, help_text="Shown to officers while they write this section."
    )
    required = models.BooleanField(default=True)
    kind = models.CharField(
        max_length=20, choices=SectionKind.choices, default=SectionKind.NARRATIVE
    )

    columns = models.JSONField(
        "column layout",
        default=dict,
        blank=True,
        help_text="For each table of the section, the columns it prints in order, with the "
        "council's labels (plans/columns.py). Empty: the default columns.",
    )

    history = HistoricalRecords()
    objects = TemplateSectionQuerySet.as_manager()

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = "plan template section"
        constraints = [
            models.UniqueConstraint(
                fields=["template", "title"],
                name="template_unique_title",
                violation_error_message="The template already has a section with this title.",
            ),
            models.UniqueConstraint(
                fields=["template", "kind"],
                condition=Q(kind__in=ONCE_ONLY_KINDS),
                name="template_unique_kind",
                violation_error_message="The template already has a section of this kind.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SectionKind.values), name="template_kind_valid"
            ),
            level_constraint("template_level_valid"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        """Plans of the services this user may read (404 for everything else)."""
        return self.filter(service__in=Service.objects.visible_to(user))


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


# How far back a plan's budget can show years before the plan (plans.models.budget).
MAX_BUDGET_PRIOR_YEARS = 2
MAX_BID_LATER_YEARS = 3


MAX_PRINTED_TOTAL = Decimal("999999999999.99")


def validate_printed_totals(value) -> None:
    """Totals typed as the council printed them: {"2027": "18100.00"}, a year to a figure."""
    if not isinstance(value, dict) or len(value) > 10:
        raise ValidationError("Printed totals must be a set of years and figures.")
    for year, figure in value.items():
        if not (isinstance(year, str) and re.fullmatch(r"\d{4}", year)):
            raise ValidationError(f"{str(year)[:10]!r} is not a year, like 2027.")
        try:
            number = Decimal(figure) if isinstance(figure, str) else None
        except ArithmeticError:
            number = None
        if number is None or not number.is_finite() or abs(number) > MAX_PRINTED_TOTAL:
            raise ValidationError(f"The printed total for {year} must be a figure, like 18100.")


class BudgetUnit(models.TextChoices):
    """What the budget's money figures count, as the council's table header says."""

    POUNDS = "£", "£"
    THOUSANDS = "£000", "£000"


class Plan(models.Model):
    """A service's plan for one or more financial years."""

    Status = PlanStatus

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="plans")
    first_year = models.PositiveSmallIntegerField(
        help_text="Start year of the first financial year."
    )
    last_year = models.PositiveSmallIntegerField(help_text="Start year of the last financial year.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    reference = models.CharField(
        "document reference", max_length=50, blank=True, help_text="For example 'CS/SP/2024'."
    )
    printed_title = models.CharField(
        "title",
        max_length=200,
        blank=True,
        help_text="As the council prints it, for example 'Customer Services Centre Service "
        "Plan 2021 - 2024'. Leave it blank for the service's name, 'service plan' and the years.",
    )
    template = models.ForeignKey(
        Template,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        help_text="The template the plan was made from.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # How the budget tables print (plans.models.budget.budget_columns); the defaults print
    # pounds and one column per year of the plan, as plans always have.
    budget_unit = models.CharField(
        "unit of the budget", max_length=4, choices=BudgetUnit.choices, default=BudgetUnit.POUNDS
    )
    budget_prior_years = models.PositiveSmallIntegerField(
        "years before the plan in the budget",
        default=0,
        choices=[(0, "None"), (1, "1 year"), (2, "2 years")],
    )
    budget_prior_columns = models.CharField(
        "columns for each year before the plan",
        max_length=100,
        blank=True,
        help_text="Separate them with commas, for example 'Budget, Outturn'.",
    )
    bid_later_years = models.PositiveSmallIntegerField(
        "years after the plan in the growth bids",
        default=0,
        choices=[(0, "None"), (1, "1 year"), (2, "2 years"), (3, "3 years")],
        help_text="When the council asks for each bid's figures beyond the plan's years, for "
        "example a one-year plan's bids for the next three years too.",
    )
    # The growth bids' total row as the council printed it: its label, and any total typed
    # because the council's differs from the sum (figures rounded to £000, or a sum as
    # printed); the rest print the sum.
    bid_total_label = models.CharField(
        "label of the growth bids' total row",
        max_length=100,
        blank=True,
        help_text="For example 'Total Cost - Revenue'. Leave blank for 'Total growth bids'.",
    )
    bid_printed_totals = models.JSONField(
        "growth bids' totals as printed",
        default=dict,
        blank=True,
        validators=[validate_printed_totals],
    )
    budget_year_column = models.CharField(
        "column label for the plan's years",
        max_length=30,
        blank=True,
        help_text="For example 'Budget'. Leave blank to show the year alone.",
    )

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["service__name", "-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year"))
                & Q(last_year__lte=models.F("first_year") + 4),
                name="plan_years_in_order",
                violation_error_message="The last year must be the first year or up to 4 years after it.",
            ),
            models.CheckConstraint(
                condition=Q(budget_unit__in=BudgetUnit.values), name="plan_budget_unit_valid"
            ),
            models.CheckConstraint(
                condition=Q(budget_prior_years__lte=MAX_BUDGET_PRIOR_YEARS),
                name="plan_budget_prior_years_in_range",
            ),
            models.CheckConstraint(
                condition=Q(bid_later_years__lte=MAX_BID_LATER_YEARS),
                name="plan_bid_later_years_in_range",
            ),
            models.UniqueConstraint(
                fields=["service", "first_year"],
                name="plan_unique_service_year",
                violation_error_message="This service already has a plan starting in that year.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:plan_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return self.printed_title or self.default_title

    @property
    def default_title(self) -> str:
        return f"{self.service.name} service plan {self.period_label}"

    @property
    def period_label(self) -> str:
        return periods.range_label(self.first_year, self.last_year)

    @property
    def next_period_label(self) -> str:
        """The period of the plan that rolling this one forward makes."""
        return periods.range_label(self.first_year + 1, self.last_year + 1)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def budget_years(self) -> list[int]:
        """The years a budget line has figures for: those before the plan the council shows
        (last year's budget and outturn), then the plan's."""
        return list(range(self.first_year - self.budget_prior_years, self.last_year + 1))

    @property
    def bid_years(self) -> list[int]:
        """The years a growth bid has figures for: the plan's, and those after it the council
        asks bids for."""
        return list(range(self.first_year, self.last_year + 1 + self.bid_later_years))

    def printed_bid_totals(self) -> dict[int, Decimal]:
        """The growth bids' totals the council printed in place of their sums, by year."""
        totals = self.bid_printed_totals if isinstance(self.bid_printed_totals, dict) else {}
        return {int(year): Decimal(figure) for year, figure in totals.items()}

    def year_labels(self) -> list[tuple[int, str]]:
        return [(year, periods.year_label(year)) for year in self.years]

    @property
    def is_editable(self) -> bool:
        """Published plans are frozen."""
        return self.status != self.Status.PUBLISHED


class SectionReviewStatus(models.TextChoices):
    NOT_SUBMITTED = "not_submitted", "Not submitted"
    SUBMITTED = "submitted", "Waiting for review"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Sent back"


class Section(models.Model):
    """A numbered part of a plan. Narrative sections hold rich text; others show records."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=10, blank=True)
    level = level_field()
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    required = models.BooleanField(default=True)
    kind = models.CharField(
        max_length=20, choices=SectionKind.choices, default=SectionKind.NARRATIVE
    )
    body = models.TextField(
        blank=True,
        help_text="Sanitised HTML: a narrative section's text, or what prints before a table.",
    )
    body_after = models.TextField(
        "text after the table", blank=True, help_text="Sanitised HTML (structured sections)."
    )
    columns = models.JSONField(
        "column layout",
        default=dict,
        blank=True,
        help_text="For each table of the section, the columns it prints in order, with the "
        "council's labels (plans/columns.py). Empty: the default columns.",
    )
    # Optimistic locking: every save of the section or its records moves this on by one,
    # and a save made from an older version is refused (see plans.services.editing.section_save).
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where the section is in its review (the steps themselves are SectionReview records).
    ReviewStatus = SectionReviewStatus
    review_status = models.CharField(
        max_length=20,
        choices=SectionReviewStatus.choices,
        default=SectionReviewStatus.NOT_SUBMITTED,
    )
    review_comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "title"],
                name="section_unique_title",
                violation_error_message="This plan already has a section with that title.",
            ),
            models.UniqueConstraint(
                fields=["plan", "kind"],
                condition=Q(kind__in=ONCE_ONLY_KINDS),
                name="section_unique_kind",
                violation_error_message="This plan already has a section of this kind.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SectionKind.values), name="section_kind_valid"
            ),
            level_constraint("section_level_valid"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        return f"{self.plan.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"section-{self.pk}"

    @property
    def is_narrative(self) -> bool:
        return self.kind == SectionKind.NARRATIVE

    @property
    def is_editable_part(self) -> bool:
        """Sign-off and version control are made by the workflow, never typed."""
        return self.kind not in {SectionKind.SIGN_OFF, SectionKind.VERSIONS}

    @property
    def heading_tag(self) -> str:
        """h2 for a section, h3 for a part of one, and so on (the page's title is the h1)."""
        return f"h{self.level + 1}"

    def clean(self):
        if self.kind == SectionKind.NARRATIVE and self.body_after:
            raise ValidationError({"body_after": "A narrative section is all text: use its text."})
