"""
The council's risk matrix and risk appetite scale, and each service's risk register.

A matrix is versioned: every risk records the matrix version it was scored against, so a
new version (another size, other bands) applies to new assessments while older risks keep
showing what they were scored against. Scores and bands are computed, never typed.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from council.models import OWNER_OF_ANOTHER_COUNCIL, CorporatePriority, Council, Service

MAX_MATRIX_SIZE = 5
AXIS_WORDS_MAX_LENGTH = 40


@dataclass(frozen=True)
class AxisWords:
    """An axis of the matrix as the council words it: its title and, optionally, the words
    at its low and high ends ('Impact', from 'Low' to 'Unacceptable')."""

    title: str
    low: str = ""
    high: str = ""

    @property
    def has_ends(self) -> bool:
        return bool(self.low or self.high)


def axis_words_constraints(axis: str) -> list[models.CheckConstraint]:
    """An axis of a matrix has a title, and words at both its ends or at neither."""
    low, high = Q(**{f"{axis}_low": ""}), Q(**{f"{axis}_high": ""})
    return [
        models.CheckConstraint(
            condition=~Q(**{f"{axis}_title": ""}),
            name=f"riskmatrix_{axis}_title_set",
            violation_error_message=f"Enter a title for the {axis} axis.",
        ),
        models.CheckConstraint(
            condition=(low & high) | (~low & ~high),
            name=f"riskmatrix_{axis}_both_ends_or_neither",
            violation_error_message=(
                f"Enter the words at both ends of the {axis} axis, or leave both blank."
            ),
        ),
    ]


class MatrixSize(models.IntegerChoices):
    THREE = 3, "3 × 3"
    FOUR = 4, "4 × 4"
    FIVE = 5, "5 × 5"


class RiskMatrix(models.Model):
    """One version of a council's risk matrix: its size, level labels, bands and cell ratings.

    The council's current matrix is its highest version. A version that risks were scored
    against is never changed in a way that would change their scores or bands
    (see risks.services.matrix_save).
    """

    Size = MatrixSize

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="risk_matrices")
    version = models.PositiveSmallIntegerField(default=1)
    size = models.PositiveSmallIntegerField(choices=Size.choices, default=Size.FOUR)
    # How the council words each axis. The ends are blank unless its matrix prints them.
    likelihood_title = models.CharField(
        "likelihood axis title", max_length=AXIS_WORDS_MAX_LENGTH, default="Likelihood"
    )
    likelihood_low = models.CharField(
        "words at the low end of the likelihood axis", max_length=AXIS_WORDS_MAX_LENGTH, blank=True
    )
    likelihood_high = models.CharField(
        "words at the high end of the likelihood axis",
        max_length=AXIS_WORDS_MAX_LENGTH,
        blank=True,
    )
    impact_title = models.CharField(
        "impact axis title", max_length=AXIS_WORDS_MAX_LENGTH, default="Impact"
    )
    impact_low = models.CharField(
        "words at the low end of the impact axis", max_length=AXIS_WORDS_MAX_LENGTH, blank=True
    )
    impact_high = models.CharField(
        "words at the high end of the impact axis", max_length=AXIS_WORDS_MAX_LENGTH, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-version"]
        verbose_name = "risk matrix"
        verbose_name_plural = "risk matrices"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "version"], name="riskmatrix_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(size__in=MatrixSize.values), name="riskmatrix_size_valid"
            ),
            *[
                constraint
                for axis in ("likelihood", "impact")
                for constraint in axis_words_constraints(axis)
            ],
        ]

    def __str__(self):
        return f"{self.get_size_display()} risk matrix, version {self.version}"

    @property
    def max_score(self) -> int:
        return self.size * self.size

    @property
    def likelihood_axis(self) -> AxisWords:
        return AxisWords(self.likelihood_title, self.likelihood_low, self.likelihood_high)

    @property
    def impact_axis(self) -> AxisWords:
        return AxisWords(self.impact_title, self.impact_low, self.impact_high)

    @property
    def levels_range(self) -> range:
        return range(1, self.size + 1)

    @cached_property
    def likelihood_levels(self) -> list["MatrixLevel"]:
        return [lvl for lvl in self.levels.all() if lvl.axis == MatrixLevel.Axis.LIKELIHOOD]

    @cached_property
    def impact_levels(self) -> list["MatrixLevel"]:
        return [lvl for lvl in self.levels.all() if lvl.axis == MatrixLevel.Axis.IMPACT]

    def level(self, axis: str, value: int) -> "MatrixLevel | None":
        levels = (
            self.likelihood_levels if axis == MatrixLevel.Axis.LIKELIHOOD else self.impact_levels
        )
        return next((lvl for lvl in levels if lvl.value == value), None)

    def key_rows(self) -> list[tuple[int, "MatrixLevel | None", "MatrixLevel | None"]]:
        """The scoring key, highest score first: (score, impact level, likelihood level)."""
        return [
            (value, self.level(MatrixAxis.IMPACT, value), self.level(MatrixAxis.LIKELIHOOD, value))
            for value in reversed(self.levels_range)
        ]

    @cached_property
    def band_list(self) -> list["RatingBand"]:
        return sorted(self.bands.all(), key=lambda band: band.min_score)

    @cached_property
    def overrides(self) -> dict[tuple[int, int], "RatingBand"]:
        """Per-cell ratings where the council's matrix is not purely score-based."""
        bands = {band.pk: band for band in self.bands.all()}
        return {(c.likelihood, c.impact): bands[c.band_id] for c in self.cells.all()}

    def band_for(self, likelihood: int | None, impact: int | None) -> "RatingBand | None":
        """The rating of a cell: its own rating when set, otherwise the band of its score."""
        if not likelihood or not impact:
            return None
        override = self.overrides.get((likelihood, impact))
        if override is not None:
            return override
        score = likelihood * impact
        return next((b for b in self.band_list if b.min_score <= score <= b.max_score), None)


class MatrixAxis(models.TextChoices):
    LIKELIHOOD = "likelihood", "Likelihood"
    IMPACT = "impact", "Impact"


class MatrixLevel(models.Model):
    """A likelihood or impact level of a matrix: 'Remote (5% or less)', 'Catastrophic'."""

    Axis = MatrixAxis

    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="levels")
    axis = models.CharField(max_length=12, choices=Axis.choices)
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    description = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "axis", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["matrix", "axis", "value"], name="matrixlevel_unique_value"
            ),
            models.CheckConstraint(
                condition=Q(axis__in=MatrixAxis.values), name="matrixlevel_axis_valid"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=MAX_MATRIX_SIZE),
                name="matrixlevel_value_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.value} ({self.label})"


class BandColour(models.TextChoices):
    """Colours a band can be drawn in. The band's name is always written beside the colour."""

    GREEN = "green", "Green"
    YELLOW = "yellow", "Yellow"
    ORANGE = "orange", "Orange"
    RED = "red", "Red"
    PURPLE = "purple", "Purple"
    GREY = "grey", "Grey"


class RatingBand(models.Model):
    """A rating band of a matrix: a name, a colour and the scores it covers, e.g. High 7 to 9."""

    Colour = BandColour

    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(max_length=40)
    colour = models.CharField(max_length=10, choices=Colour.choices)
    min_score = models.PositiveSmallIntegerField("lowest score")
    max_score = models.PositiveSmallIntegerField("highest score")

    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "min_score"]
        verbose_name = "rating band"
        constraints = [
            models.UniqueConstraint(fields=["matrix", "name"], name="ratingband_unique_name"),
            models.CheckConstraint(
                condition=Q(min_score__gte=1) & Q(max_score__gte=models.F("min_score")),
                name="ratingband_range_valid",
                violation_error_message="The highest score must be the same as or above the lowest.",
            ),
            models.CheckConstraint(
                condition=Q(colour__in=BandColour.values), name="ratingband_colour_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def range_label(self) -> str:
        if self.min_score == self.max_score:
            return str(self.min_score)
        return f"{self.min_score} to {self.max_score}"


class CellRating(models.Model):
    """A rating for one cell of a matrix that is not the band of the cell's score."""

    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="cells")
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    band = models.ForeignKey(RatingBand, on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "likelihood", "impact"]
        verbose_name = "cell rating"
        constraints = [
            models.UniqueConstraint(
                fields=["matrix", "likelihood", "impact"], name="cellrating_unique_cell"
            ),
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=MAX_MATRIX_SIZE)
                & Q(impact__gte=1, impact__lte=MAX_MATRIX_SIZE),
                name="cellrating_cell_in_range",
            ),
        ]

    def __str__(self):
        return f"Likelihood {self.likelihood} × impact {self.impact}: {self.band}"


class AppetiteLevel(models.Model):
    """A step of the council's risk appetite scale, e.g. 'Cautious', from least to most risk."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="appetite_levels")
    position = models.PositiveSmallIntegerField(help_text="1 for the least appetite for risk.")
    name = models.CharField(max_length=40)
    description = models.TextField(blank=True)
    tolerance = models.PositiveSmallIntegerField(
        "highest residual score accepted",
        help_text="Risks whose residual score is above this are above appetite.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "position"]
        verbose_name = "risk appetite level"
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="appetitelevel_unique_name"),
            models.UniqueConstraint(
                fields=["council", "position"], name="appetitelevel_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(tolerance__gte=1, tolerance__lte=MAX_MATRIX_SIZE * MAX_MATRIX_SIZE),
                name="appetitelevel_tolerance_in_range",
            ),
        ]

    def __str__(self):
        return self.name


class ServiceAppetite(models.Model):
    """A service's risk appetite for one area of its work, with the reason for it."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="risk_appetites")
    area = models.CharField(
        max_length=200, help_text="For example 'Service provision' or 'Digital transformation'."
    )
    level = models.ForeignKey(AppetiteLevel, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "level__position", "area"]
        verbose_name = "service risk appetite"
        constraints = [
            models.UniqueConstraint(fields=["service", "area"], name="serviceappetite_unique_area")
        ]

    def __str__(self):
        return f"{self.area}: {self.level}"


class RiskCategory(models.TextChoices):
    SERVICE = "service", "Service delivery"
    WORKFORCE = "workforce", "Workforce"
    FINANCIAL = "financial", "Financial"
    ICT = "ict", "ICT and systems"
    PREMISES = "premises", "Premises and accommodation"
    HEALTH_SAFETY = "health_safety", "Health and safety"
    LEGAL = "legal", "Legal and regulatory"
    DATA_PROTECTION = "data_protection", "Data protection"
    FRAUD = "fraud", "Fraud"
    CONTRACTS = "contracts", "Procurement and contracts"
    REPUTATION = "reputation", "Reputation"
    CLIMATE = "climate", "Climate change"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class RiskTrend(models.TextChoices):
    RISING = "rising", "Rising"
    STABLE = "stable", "Stable"
    FALLING = "falling", "Falling"


class RiskQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RiskQuerySet":
        """Risks of the services this user may read (404 for everything else)."""
        return self.filter(service__in=Service.objects.visible_to(user))

    def open(self) -> "RiskQuerySet":
        return self.filter(status=RiskStatus.OPEN)

    def owned_by(self, user) -> "RiskQuerySet":
        """The risks this person owns (Risk.owner_user): what their returns ask of them."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner_user=user)

    def for_display(self) -> "RiskQuerySet":
        """With the matrix each risk was scored against, so scores and bands cost no query."""
        return self.select_related("matrix", "service__directorate").prefetch_related(
            "matrix__levels", "matrix__bands", "matrix__cells"
        )


def level_check(prefix: str) -> Q:
    return Q(**{f"{prefix}__gte": 1, f"{prefix}__lte": MAX_MATRIX_SIZE})


# A risk is scored at up to three stages, each a likelihood and an impact given together.
SCORE_STAGES = ("inherent", "residual", "target")


def pair_check(stage: str) -> Q:
    """Both scores of a stage within the largest matrix, or neither.

    The second branch says "not null" itself: in SQL a comparison with NULL is unknown,
    and a CHECK that is unknown passes, so half a pair would get through without it."""
    likelihood, impact = f"{stage}_likelihood", f"{stage}_impact"
    both_null = Q(**{f"{likelihood}__isnull": True, f"{impact}__isnull": True})
    both_set = Q(**{f"{likelihood}__isnull": False, f"{impact}__isnull": False})
    return both_null | (both_set & level_check(likelihood) & level_check(impact))


def pair_message(stage: str) -> str:
    article = "an" if stage[0] in "aeiou" else "a"
    return f"Give both {article} {stage} likelihood and {article} {stage} impact, or neither"


class Risk(models.Model):
    """A risk on a service's register. It belongs to the service and lives on across years."""

    Category = RiskCategory
    Status = RiskStatus
    Trend = RiskTrend

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="risks")
    matrix = models.ForeignKey(
        RiskMatrix,
        on_delete=models.PROTECT,
        related_name="risks",
        help_text="The matrix version the risk was scored against.",
    )
    reference = models.CharField(max_length=20, help_text="For example 'CS01'.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    cause = models.TextField(blank=True)
    consequence = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.SERVICE)
    # Blank where the council's register names no owner.
    owner = models.CharField("risk owner", max_length=200, blank=True)
    # The owner as a person with an account, so that their returns and reminders find
    # them. The plan keeps printing `owner` as typed (councils print a job title).
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_risks",
        verbose_name="owner (a person with an account)",
    )
    # Scores are optional: many councils' registers list risks and controls unscored.
    inherent_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    controls = models.TextField("existing controls", blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    target_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    target_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    further_actions = models.TextField(blank=True)
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    trend = models.CharField(max_length=10, choices=Trend.choices, default=Trend.STABLE)
    priorities = models.ManyToManyField(
        CorporatePriority,
        blank=True,
        related_name="risks",
        verbose_name="corporate priorities",
        help_text="The corporate priorities this risk threatens (shown on the golden thread).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Links to corporate priorities are kept in the history too. A review (risk_review) is
    # a change like any other, and its note is the change's reason: longer than the default
    # hundred characters, so a text field.
    history = HistoricalRecords(
        m2m_fields=["priorities"], history_change_reason_field=models.TextField(null=True)
    )
    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["service__name", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "reference"],
                name="risk_unique_reference",
                violation_error_message="This service already has a risk with that reference.",
            ),
            models.CheckConstraint(
                condition=Q(category__in=RiskCategory.values), name="risk_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RiskStatus.values), name="risk_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(trend__in=RiskTrend.values), name="risk_trend_valid"
            ),
            *[
                models.CheckConstraint(
                    condition=pair_check(stage),
                    name=f"risk_{stage}_complete",
                    violation_error_message=pair_message(stage),
                )
                for stage in SCORE_STAGES
            ],
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("risks:risk_detail", args=[self.pk])

    def clean(self):
        if (
            self.service_id
            and self.owner_user_id
            and self.owner_user.council_id != self.service.directorate.council_id
        ):
            raise ValidationError({"owner_user": OWNER_OF_ANOTHER_COUNCIL})
        if self.matrix_id is None:
            return
        size = self.matrix.size
        errors = {}
        for name in SCORE_FIELDS:
            value = getattr(self, name)
            if value is not None and not 1 <= value <= size:
                label = self._meta.get_field(name).verbose_name.capitalize()
                errors[name] = f"{label} must be between 1 and {size} on the {size} × {size} matrix"
        for stage in SCORE_STAGES:
            likelihood = getattr(self, f"{stage}_likelihood")
            impact = getattr(self, f"{stage}_impact")
            if (likelihood is None) != (impact is None):
                missing = f"{stage}_impact" if impact is None else f"{stage}_likelihood"
                errors.setdefault(
                    missing, ValidationError(pair_message(stage), code="incomplete_pair")
                )
        if errors:
            raise ValidationError(errors)

    def _score(self, stage: str) -> int | None:
        likelihood = getattr(self, f"{stage}_likelihood")
        impact = getattr(self, f"{stage}_impact")
        if likelihood is None or impact is None:
            return None
        return likelihood * impact

    @property
    def inherent_score(self) -> int | None:
        """None when the risk is not scored before controls: never a guessed score."""
        return self._score("inherent")

    @property
    def residual_score(self) -> int | None:
        return self._score("residual")

    @property
    def target_score(self) -> int | None:
        return self._score("target")

    @property
    def inherent_band(self) -> RatingBand | None:
        return self.matrix.band_for(self.inherent_likelihood, self.inherent_impact)

    @property
    def residual_band(self) -> RatingBand | None:
        return self.matrix.band_for(self.residual_likelihood, self.residual_impact)

    @property
    def target_band(self) -> RatingBand | None:
        return self.matrix.band_for(self.target_likelihood, self.target_impact)

    def review_overdue(self, today: dt.date | None = None) -> bool:
        """An open risk whose review date has passed."""
        today = today or dt.date.today()
        return (
            self.status == self.Status.OPEN
            and self.review_date is not None
            and self.review_date < today
        )


SCORE_FIELDS = (
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
    "target_likelihood",
    "target_impact",
)
