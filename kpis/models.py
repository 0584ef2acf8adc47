"""Performance indicators of a service: targets per year, results per period, ratings."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from council import periods as years
from council.models import (
    OWNER_OF_ANOTHER_COUNCIL,
    CommentaryRule,
    CorporatePriority,
    Council,
    Objective,
    Service,
    ToleranceKind,
)
from kpis import periods
from kpis.figures import in_unit

FIGURE = {"max_digits": 14, "decimal_places": 2}


class Unit(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage"
    NUMBER = "number", "Number"
    MONEY = "money", "Money (£)"
    DAYS = "days", "Days"
    TIME = "time", "Time (seconds)"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Frequency(models.TextChoices):
    MONTHLY = periods.MONTHLY, "Monthly"
    QUARTERLY = periods.QUARTERLY, "Quarterly"
    ANNUAL = periods.ANNUAL, "Annual"


class IndicatorKind(models.TextChoices):
    KEY = "key", "Key (corporate) indicator"
    SERVICE = "service", "Service indicator"


class TargetKind(models.TextChoices):
    NUMBER = "number", "A number"
    TBA = "tba", "To be agreed"
    NEW = "new", "New indicator – no target yet"
    TEXT = "text", "Words, like 'Ongoing' or '80-85%'"


class Rating(models.TextChoices):
    GREEN = "green", "On target"
    AMBER = "amber", "Near target"
    RED = "red", "Off target"
    NO_TARGET = "no_target", "No target"
    NO_DATA = "no_data", "No data"
    # A result with no number (`n/a`), or an indicator without a polarity or tolerance:
    # nothing to rate against, so nothing is shown.
    NOT_RATED = "not_rated", "Not rated"


class Travel(models.TextChoices):
    """Direction of travel of a result against an earlier one, with polarity applied."""

    BETTER = "better", "Improved"
    SAME = "same", "No change"
    WORSE = "worse", "Worse"
    UNKNOWN = "unknown", "Not comparable"


def rate(
    value: Decimal | None,
    target: Decimal | None,
    *,
    polarity: str,
    tolerance_kind: str,
    tolerance: Decimal | None,
) -> str:
    """The rating of a result against a target: green on or better than target, amber
    within the tolerance, red beyond it. No result is 'no data'; no number to aim at is
    'no target'; an indicator without a polarity or tolerance is not rated."""
    if value is None:
        return Rating.NO_DATA
    if not polarity or tolerance is None:
        return Rating.NOT_RATED
    if target is None:
        return Rating.NO_TARGET
    margin = (
        tolerance if tolerance_kind == ToleranceKind.ABSOLUTE else abs(target) * tolerance / 100
    )
    shortfall = target - value if polarity == Polarity.HIGHER else value - target
    if shortfall <= 0:
        return Rating.GREEN
    if shortfall <= margin:
        return Rating.AMBER
    return Rating.RED


# What each rule asks, for the result form's hint and the template's instructions.
COMMENTARY_NEEDED = {
    CommentaryRule.RED: "Commentary is needed when a result is off target (red).",
    CommentaryRule.NOT_GREEN: "Commentary is needed when a result is not on target (red or amber).",
}


def commentary_reason(rating: str, rule: str) -> str:
    """Why a result with this rating needs commentary under a council's rule
    (Council.commentary_required), in words that follow 'Enter commentary: ', or '' when it
    needs none. Results that are not rated (no target, polarity or tolerance, or no number)
    never need it."""
    if rating == Rating.RED and rule in (CommentaryRule.RED, CommentaryRule.NOT_GREEN):
        return "the result is off target (red)"
    if rating == Rating.AMBER and rule == CommentaryRule.NOT_GREEN:
        return "the result is near target but not on it (amber)"
    return ""


def travel(value: Decimal | None, earlier: Decimal | None, *, polarity: str) -> str:
    if value is None or earlier is None or not polarity:
        return Travel.UNKNOWN
    if value == earlier:
        return Travel.SAME
    improved = value > earlier if polarity == Polarity.HIGHER else value < earlier
    return Travel.BETTER if improved else Travel.WORSE


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user) -> "IndicatorQuerySet":
        """Indicators of the services this user may read."""
        return self.filter(service__in=Service.objects.visible_to(user))

    def editable_by(self, user) -> "IndicatorQuerySet":
        """Indicators whose results and targets this user may write: officers of the service
        and the council's performance lead (Service.objects.reported_by)."""
        return self.filter(service__in=Service.objects.reported_by(user))

    def with_figures(self, years: list[int] | None = None) -> "IndicatorQuerySet":
        """With targets and results (of these years, or all) in one query each."""
        targets = Target.objects.all()
        results = Result.objects.all()
        if years is not None:
            targets = targets.filter(year__in=years)
            results = results.filter(year__in=years)
        return self.prefetch_related(
            Prefetch("targets", queryset=targets),
            Prefetch("results", queryset=results),
        )

    def with_figures_due(self, as_at: dt.date) -> "IndicatorQuerySet":
        """With only the figures that rate each indicator on its result due by `as_at`
        (see kpis.reports.dashboard_rows): that period's result, the one before it and the
        one a year before, and that year's target. The dashboard and the packs rate every
        indicator of the council, so they load three results each, not the whole history."""
        results = Q(pk__in=[])
        target_years = set()
        for frequency in Frequency.values:
            due = periods.latest_ended(frequency, as_at)
            target_years.add(due.year)
            wanted = Q(pk__in=[])
            for period in (due, due.previous(), due.last_year()):
                wanted |= Q(year=period.year, period=period.number)
            results |= Q(indicator__frequency=frequency) & wanted
        return self.prefetch_related(
            Prefetch("targets", queryset=Target.objects.filter(year__in=target_years)),
            Prefetch("results", queryset=Result.objects.filter(results)),
        )

    def for_plan(self) -> "IndicatorQuerySet":
        """Indicators as a plan shows them, key ones first, with every target and result.

        plans.document prefetches `service__indicators` with this queryset."""
        return self.with_figures().order_by("kind", "position", "pk")

    def for_service(self, service) -> "IndicatorQuerySet":
        """One service's indicators as a plan shows them."""
        return self.filter(service=service).for_plan()

    def owned_by(self, user) -> "IndicatorQuerySet":
        """The indicators this person owns (Indicator.owner_user): what their returns ask of them."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner_user=user)


class Indicator(models.Model):
    """A measure of a service's performance, e.g. 'CS01 % of calls answered'.

    It belongs to the service and lives on from year to year, so each year's plan shows the
    same indicator with its history. A code, when given, is unique in the council; the plan
    prints the reference (any words, like 'New PI', on several indicators) or else the code.
    Without a polarity or tolerance the indicator is never rated.
    """

    Unit = Unit
    Polarity = Polarity
    Frequency = Frequency
    Kind = IndicatorKind
    ToleranceKind = ToleranceKind

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="indicators")
    # Copied from the service on save so that codes can be unique in the council.
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="indicators", editable=False
    )
    code = models.CharField(
        max_length=20, blank=True, help_text="Optional. Unique in the council, for example CS01."
    )
    reference = models.CharField(
        "reference as printed",
        max_length=50,
        blank=True,
        help_text="What the plan prints in its 'Ref' column, like 'New PI'. Leave blank to print the code.",
    )
    position = models.PositiveIntegerField(
        "position in the plan",
        default=0,
        help_text="Indicators print in this order; ones with the same position in the order they were added.",
    )
    title = models.CharField(max_length=300, help_text="For example '% of calls answered'.")
    definition = models.TextField(
        "description and definition", blank=True, help_text="What is counted and how."
    )
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.PERCENTAGE)
    polarity = models.CharField(
        max_length=10, choices=Polarity.choices, default=Polarity.HIGHER, blank=True
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    kind = models.CharField(
        "type of indicator",
        max_length=10,
        choices=IndicatorKind.choices,
        default=IndicatorKind.SERVICE,
    )
    owner = models.CharField(
        max_length=200, blank=True, help_text="Who is responsible for the data."
    )
    # The owner as a person with an account, so that their returns and reminders find
    # them. The plan keeps printing `owner` as typed (councils print a job title).
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_indicators",
        verbose_name="owner (a person with an account)",
    )
    data_source = models.CharField(max_length=300, blank=True)
    priorities = models.ManyToManyField(
        CorporatePriority,
        blank=True,
        related_name="indicators",
        verbose_name="corporate priorities",
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="indicators", verbose_name="corporate objectives"
    )
    baseline = models.DecimalField(null=True, blank=True, **FIGURE)
    # The baseline as typed and printed; blank prints the number in the unit.
    baseline_text = models.CharField("baseline as printed", max_length=50, blank=True)
    baseline_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Start year of the financial year of the baseline."
    )
    tolerance_kind = models.CharField(
        max_length=10, choices=ToleranceKind.choices, default=ToleranceKind.PERCENTAGE
    )
    tolerance = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("5"),
        null=True,
        blank=True,
        help_text="How far from the target a result may be and still be amber.",
    )

    # Links to corporate priorities and objectives are kept in the history too.
    history = HistoricalRecords(m2m_fields=["priorities", "objectives"])
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["service__name", "kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "code"],
                condition=~Q(code=""),
                name="indicator_unique_code",
                violation_error_message="Another indicator of the council already has this code.",
            ),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="indicator_unit_valid"),
            models.CheckConstraint(
                condition=Q(polarity__in=[*Polarity.values, ""]), name="indicator_polarity_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="indicator_frequency_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=IndicatorKind.values), name="indicator_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(tolerance_kind__in=ToleranceKind.values),
                name="indicator_tolerance_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(tolerance__gte=0),
                name="indicator_tolerance_not_negative",
                violation_error_message="The tolerance cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}" if self.code else self.title

    def save(self, *args, **kwargs):
        self.council_id = self.service.directorate.council_id
        if self._state.adding and not self.position:
            # Without a position it prints after the service's others, in the order entered.
            last = Indicator.objects.filter(service_id=self.service_id).aggregate(
                last=models.Max("position")
            )["last"]
            self.position = (last or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("kpis:indicator_detail", args=[self.pk])

    def take_rating_defaults(self, council: Council, *, given=()) -> None:
        """A new indicator's rating rule from the council's rating defaults, except the
        fields named in `given` (set on purpose, as by an imported file)."""
        if "tolerance_kind" not in given:
            self.tolerance_kind = council.default_tolerance_kind
        if "tolerance" not in given:
            self.tolerance = council.default_tolerance

    def clean(self):
        if self.service_id and self.code:
            council_id = self.service.directorate.council_id
            clash = Indicator.objects.filter(council_id=council_id, code__iexact=self.code)
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"code": "Another indicator of the council already has this code"}
                )
        if (
            self.service_id
            and self.owner_user_id
            and self.owner_user.council_id != self.service.directorate.council_id
        ):
            raise ValidationError({"owner_user": OWNER_OF_ANOTHER_COUNCIL})

    def value_problem(self, value: Decimal | None) -> str:
        """Why the council refuses this result's figure, or "" (Council.percentages_up_to_100):
        one rule for every way results are entered."""
        if (
            value is not None
            and value > 100
            and self.unit == Unit.PERCENTAGE
            and self.council.percentages_up_to_100
        ):
            return (
                f"{self.handle}: a percentage cannot be over 100% in your council; "
                f"{in_unit(value, self.unit)} was entered"
            )
        return ""

    @property
    def handle(self) -> str:
        """What pages call the indicator in headings and messages: its code, else its title."""
        return self.code or self.title

    @property
    def printed_ref(self) -> str:
        """The 'Ref' column of the plan: the reference as printed, else the code."""
        return self.reference or self.code

    @property
    def baseline_printed(self) -> str:
        return self.baseline_text or in_unit(self.baseline, self.unit)

    # Facts read from prefetched targets and results (see IndicatorQuerySet.with_figures).

    def _figures(self, name: str):
        """Prefetched targets or results as they are, without a new queryset per look-up
        (`.all()` clones one each time: the dashboard looks up thousands)."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        return cache[name] if name in cache else getattr(self, name).all()

    def target_for(self, year: int) -> "Target | None":
        return next((t for t in self._figures("targets") if t.year == year), None)

    def result_for(self, period: periods.Period) -> "Result | None":
        key = (period.year, period.number)
        return next((r for r in self._figures("results") if (r.year, r.period) == key), None)

    def period(self, year: int, number: int) -> periods.Period:
        return periods.Period(self.frequency, year, number)

    def rating(self, value: Decimal | None, year: int) -> str:
        target = self.target_for(year)
        return rate(
            value,
            target.value if target else None,
            polarity=self.polarity,
            tolerance_kind=self.tolerance_kind,
            tolerance=self.tolerance,
        )

    def commentary_reason(self, value: Decimal | None, year: int, rule: str) -> str:
        """Why a result of `value` in `year` needs commentary under the council's `rule`,
        or '' (see commentary_reason). Reads the prefetched targets."""
        return commentary_reason(self.rating(value, year), rule)

    def status_at(self, period: periods.Period) -> "PeriodStatus":
        """The result of one period with its target, rating and direction of travel.

        A result with no number (`n/a`) is not rated: there is nothing to compare."""
        result = self.result_for(period)
        value = result.value if result else None
        previous = self.result_for(period.previous())
        last_year = self.result_for(period.last_year())
        rating = self.rating(value, period.year)
        if result is not None and value is None:
            rating = Rating.NOT_RATED
        return PeriodStatus(
            period=period,
            result=result,
            target=self.target_for(period.year),
            rating=rating,
            vs_previous=travel(value, previous.value if previous else None, polarity=self.polarity),
            vs_last_year=travel(
                value, last_year.value if last_year else None, polarity=self.polarity
            ),
        )

    def latest_result(self, as_at=None) -> "Result | None":
        results = [
            r for r in self._figures("results") if as_at is None or r.period_obj.start <= as_at
        ]
        return max(results, key=lambda r: (r.year, r.period), default=None)

    def year_actual(self, year: int) -> "Result | None":
        """The year's outturn: its annual result, or the last result reported in the year."""
        in_year = [r for r in self._figures("results") if r.year == year]
        return max(in_year, key=lambda r: r.period, default=None)

    @property
    def baseline_year_label(self) -> str:
        return years.year_label(self.baseline_year) if self.baseline_year else ""

    def rule_label(self) -> str:
        if not self.polarity or self.tolerance is None:
            return "Not rated: no polarity or tolerance set"
        if self.tolerance_kind == ToleranceKind.PERCENTAGE:
            return f"Amber within {self.tolerance.normalize():f}% of the target"
        return f"Amber within {self.tolerance.normalize():f} of the target"


class PeriodStatus:
    """What a table row or the dashboard shows for one indicator in one period."""

    def __init__(self, *, period, result, target, rating, vs_previous, vs_last_year):
        self.period = period
        self.result = result
        self.target = target
        self.rating = rating
        self.vs_previous = vs_previous
        self.vs_last_year = vs_last_year

    @property
    def rating_label(self) -> str:
        return Rating(self.rating).label

    @property
    def value(self):
        return self.result.value if self.result else None

    @property
    def is_rated(self) -> bool:
        return self.rating != Rating.NOT_RATED


class Target(models.Model):
    """What an indicator aims for in one financial year, as printed: '95%', 'TBA', 'New PI',
    'Ongoing', '80-85%'. The number is kept when the text has one (kpis.figures); the kind
    says what the text is, for the spreadsheets and the exchange format.

    A target once set is changed only through kpis.services.target_set, which keeps the old
    one as a TargetRevision with who, when and why.
    """

    Kind = TargetKind

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(help_text="Start year of the financial year.")
    kind = models.CharField(max_length=10, choices=TargetKind.choices, default=TargetKind.NUMBER)
    value = models.DecimalField(null=True, blank=True, **FIGURE)
    # As typed and printed; blank prints the number in the unit, or TBA / New PI.
    text = models.CharField(max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="target_unique_year",
                violation_error_message="This indicator already has a target for that year.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TargetKind.values), name="target_kind_valid"
            ),
            models.CheckConstraint(
                condition=(Q(kind=TargetKind.NUMBER) & Q(value__isnull=False))
                | (~Q(kind=TargetKind.NUMBER) & Q(value__isnull=True)),
                name="target_value_matches_kind",
                violation_error_message="A number target needs a value; other targets have none.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=TargetKind.TEXT) | ~Q(text=""),
                name="target_text_kind_has_text",
                violation_error_message="A target in words needs its text.",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.display}"

    @property
    def display(self) -> str:
        return self.text or describe_target(self.kind, self.value)

    @property
    def printed(self) -> str:
        """The target as the plan prints it: the text as typed, else as printed before."""
        if self.text:
            return self.text
        if self.kind == TargetKind.NUMBER:
            return in_unit(self.value, self.indicator.unit)
        return describe_target(self.kind, self.value)

    @property
    def year_label(self) -> str:
        return years.year_label(self.year)


def target_kind(value: Decimal | None, text: str) -> str:
    """What a target typed as `text` is: a number, 'TBA', 'New PI', or other words."""
    if value is not None:
        return TargetKind.NUMBER
    return {"TBA": TargetKind.TBA, "NEW PI": TargetKind.NEW}.get(
        text.strip().upper(), TargetKind.TEXT
    )


def describe_target(kind: str, value: Decimal | None) -> str:
    if kind == TargetKind.NUMBER and value is not None:
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if kind == TargetKind.TBA:
        return "TBA"
    if kind == TargetKind.NEW:
        return "New PI"
    return ""


class TargetRevision(models.Model):
    """A target as it was before someone changed it, with when, who and why."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="revisions")
    old_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    old_value = models.DecimalField(null=True, blank=True, **FIGURE)
    new_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    new_value = models.DecimalField(null=True, blank=True, **FIGURE)
    old_text = models.CharField(max_length=50, blank=True)
    new_text = models.CharField(max_length=50, blank=True)
    reason = models.TextField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="targetrevision_reason_required",
                violation_error_message="Enter the reason for changing the target.",
            )
        ]

    def __str__(self):
        return f"{self.target}: was {self.old_display}"

    @property
    def old_display(self) -> str:
        return self.old_text or describe_target(self.old_kind, self.old_value)

    @property
    def new_display(self) -> str:
        return self.new_text or describe_target(self.new_kind, self.new_value)


class Result(models.Model):
    """What an indicator measured in one period (a month, quarter or year), with commentary.

    The text is as typed and printed ('96%', 'n/a', '66%?'); the value is its number, when it
    has one (kpis.figures). An upload gives only the number, which prints in the unit."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    year = models.PositiveSmallIntegerField(help_text="Start year of the financial year.")
    period = models.PositiveSmallIntegerField(
        help_text="Month (1 = April), quarter (1–4) or 1 for the year, as the indicator reports."
    )
    value = models.DecimalField(null=True, blank=True, **FIGURE)
    text = models.CharField(max_length=50, blank=True)
    commentary = models.TextField(blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"],
                name="result_unique_period",
                violation_error_message="This indicator already has a result for that period.",
            ),
            models.CheckConstraint(
                condition=Q(period__gte=1, period__lte=12), name="result_period_in_range"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(text=""),
                name="result_has_value_or_text",
                violation_error_message="A result needs a number or a text.",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period_obj.label}: {self.text or self.value}"

    @property
    def printed(self) -> str:
        """The result as the plan prints it: the text as typed, else the number in the unit."""
        return self.text or in_unit(self.value, self.indicator.unit)

    @property
    def period_obj(self) -> periods.Period:
        return periods.Period(self.indicator.frequency, self.year, self.period)

    def clean(self):
        if self.indicator_id and not periods.is_valid(self.indicator.frequency, self.period):
            raise ValidationError(
                {"period": "Choose a period that matches how often the indicator is reported"}
            )
        if self.indicator_id and (problem := self.indicator.value_problem(self.value)):
            raise ValidationError({"value": problem})


class ResultCorrection(models.Model):
    """A result as it was before someone corrected it, and as corrected, with when, who and
    why. In a locked quarter (council.models.QuarterLock) every change is one, a first
    result or new commentary too: the old figure of a first result is blank."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="corrections")
    old_value = models.DecimalField(null=True, blank=True, **FIGURE)
    new_value = models.DecimalField(null=True, blank=True, **FIGURE)
    old_text = models.CharField(max_length=50, blank=True)
    new_text = models.CharField(max_length=50, blank=True)
    old_commentary = models.TextField(blank=True)
    new_commentary = models.TextField(blank=True)
    reason = models.TextField()
    corrected_at = models.DateTimeField(auto_now_add=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["result", "-corrected_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="resultcorrection_reason_required",
                violation_error_message="Enter the reason for the correction.",
            )
        ]

    def __str__(self):
        return f"{self.result}: was {self.old_printed}"

    @property
    def old_printed(self) -> str:
        return self.old_text or in_unit(self.old_value, self.result.indicator.unit)

    @property
    def new_printed(self) -> str:
        return self.new_text or in_unit(self.new_value, self.result.indicator.unit)


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", "Waiting for confirmation"
    APPLIED = "applied", "Applied"
    CANCELLED = "cancelled", "Cancelled"


class ImportBatch(models.Model):
    """An uploaded results spreadsheet, parsed and kept here between preview and confirm.

    The rows are what the server read from the file; confirming applies these, never
    anything posted back by the browser.
    """

    Status = ImportStatus

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default="preview")
    rows = models.JSONField(default=list)
    applied_count = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["rows"])

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "results import"
        verbose_name_plural = "results imports"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="importbatch_status_valid"
            )
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("kpis:import_preview", args=[self.pk])

    @property
    def error_rows(self) -> list[dict]:
        return [row for row in self.rows if row.get("error")]

    @property
    def valid_rows(self) -> list[dict]:
        return [row for row in self.rows if not row.get("error")]

    @property
    def change_rows(self) -> list[dict]:
        return [row for row in self.valid_rows if row["change"] != "unchanged"]
