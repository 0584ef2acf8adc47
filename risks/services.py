"""Workflows that write several risk records at once: the matrix, the appetite scale,
reassessment, and a risk's review."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from council.models import Council, Service, User
from risks.models import (
    AppetiteLevel,
    AxisWords,
    CellRating,
    MatrixLevel,
    RatingBand,
    Risk,
    RiskMatrix,
    ServiceAppetite,
)


@dataclass(frozen=True)
class LevelData:
    label: str
    description: str = ""


@dataclass(frozen=True)
class BandData:
    name: str
    colour: str
    min_score: int
    max_score: int


@dataclass(frozen=True)
class AppetiteData:
    name: str
    description: str
    tolerance: int


# The seed plans' matrix: likelihood with its chance of happening, impact, and four bands.
DEFAULT_LIKELIHOOD = [
    LevelData("Remote", "5% chance or less"),
    LevelData("Unlikely", "6% to 20% chance"),
    LevelData("Likely", "21% to 79% chance"),
    LevelData("Very likely", "80% chance or more"),
]
DEFAULT_IMPACT = [
    LevelData("Marginal", "Little effect on the service; dealt with in the normal course of work"),
    LevelData("Significant", "Noticeable disruption, cost or complaints"),
    LevelData("Critical", "Serious disruption, loss or harm; needs management action"),
    LevelData("Catastrophic", "The service cannot be delivered; major loss, harm or censure"),
]
DEFAULT_BANDS = [
    BandData("Low", "green", 1, 4),
    BandData("Medium", "yellow", 5, 6),
    BandData("High", "orange", 7, 9),
    BandData("Very high", "red", 10, 16),
]
DEFAULT_APPETITE = [
    AppetiteData(
        "Minimal",
        "A strong control environment reduces or minimises the likelihood and impact of risks.",
        4,
    ),
    AppetiteData(
        "Cautious",
        "Low-risk delivery options are preferred; innovation is piloted only in a "
        "controlled environment.",
        6,
    ),
    AppetiteData(
        "Exploratory",
        "The upside benefits and downside risks of a decision are balanced, and new "
        "solutions and ways of delivering are explored.",
        9,
    ),
    AppetiteData(
        "Seeking",
        "New ideas and approaches are taken up in the search for innovation; failures are "
        "an opportunity to learn and improve.",
        16,
    ),
]


def validate_bands(bands: list[BandData], size: int) -> None:
    """Refuse a band table that leaves a score out, covers a score twice or repeats a name."""
    max_score = size * size
    if not bands:
        raise ValidationError("Add at least one rating band.", code="no_bands")
    errors = []
    names = [band.name.strip().lower() for band in bands]
    for name in sorted({n for n in names if names.count(n) > 1}):
        errors.append(
            ValidationError(f"Two bands are called '{name}': give each band its own name.")
        )
    for band in bands:
        if band.min_score > band.max_score:
            errors.append(
                ValidationError(
                    f"{band.name}: the highest score must be the same as or above the lowest."
                )
            )
        if band.max_score > max_score:
            errors.append(
                ValidationError(
                    f"{band.name}: scores go up to {max_score} on a {size} × {size} matrix."
                )
            )
    if errors:
        raise ValidationError(errors, code="bands_invalid")
    ordered = sorted(bands, key=lambda band: (band.min_score, band.max_score))
    expected = 1
    for index, band in enumerate(ordered):
        if band.min_score > expected:
            errors.append(
                ValidationError(
                    f"{_scores(expected, band.min_score - 1)} in no band: "
                    f"every score from 1 to {max_score} needs a band.",
                    code="gap",
                )
            )
        elif band.min_score < expected:
            previous = ordered[index - 1]
            errors.append(
                ValidationError(
                    f"{previous.name} and {band.name} overlap: "
                    f"score {_range(band.min_score, min(expected - 1, band.max_score))} "
                    "is in both. Each score must be in one band only.",
                    code="overlap",
                )
            )
        expected = max(expected, band.max_score + 1)
    if expected <= max_score:
        errors.append(
            ValidationError(
                f"{_scores(expected, max_score)} in no band: "
                f"every score from 1 to {max_score} needs a band.",
                code="gap",
            )
        )
    if errors:
        raise ValidationError(errors, code="bands_invalid")


def _scores(low: int, high: int) -> str:
    return f"Score {low} is" if low == high else f"Scores {low} to {high} are"


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low} to {high}"


def matrix_current(council: Council) -> RiskMatrix:
    """The council's current matrix (its highest version); the seed plans' 4×4 if it has none."""
    matrix = _prefetched(RiskMatrix.objects.filter(council=council)).first()
    if matrix is not None:
        return matrix
    with transaction.atomic():
        # Whoever takes the council's lock first creates it; the others then find it.
        _council_lock(council)
        if not RiskMatrix.objects.filter(council=council).exists():
            matrix_save(
                council=council,
                size=4,
                likelihood=DEFAULT_LIKELIHOOD,
                impact=DEFAULT_IMPACT,
                bands=DEFAULT_BANDS,
                cells={},
                user=None,
            )
    return _prefetched(RiskMatrix.objects.filter(council=council)).first()


def _council_lock(council: Council) -> None:
    """Hold the council's row until the transaction ends, so that matrix versions are
    numbered one at a time even when the council has no matrix yet to lock."""
    list(Council.objects.select_for_update().filter(pk=council.pk).values_list("pk"))


def _prefetched(queryset):
    return queryset.order_by("-version").prefetch_related("levels", "bands", "cells")


def _structure(size, bands, cells) -> tuple:
    """What scores and bands depend on: the size, the band ranges, and the cell ratings."""
    ranges = {band.name: (band.min_score, band.max_score) for band in bands}
    return (
        size,
        sorted(ranges.values()),
        sorted((cell, ranges[name]) for cell, name in cells.items()),
    )


@transaction.atomic
def matrix_save(
    *,
    council: Council,
    size: int,
    likelihood: list[LevelData],
    impact: list[LevelData],
    bands: list[BandData],
    cells: dict[tuple[int, int], str],
    user: User | None,
    likelihood_axis: AxisWords | None = None,
    impact_axis: AxisWords | None = None,
) -> tuple[RiskMatrix, bool]:
    """Save the council's matrix. Returns the matrix and whether it is a new version.

    When risks were scored against the current matrix and the change would move their
    scores or bands (size, band ranges, cell ratings), the change becomes a new version:
    new assessments use it, and those risks keep the version they were scored against.
    Wording (labels, descriptions, band names and colours, the axes' words) is corrected in
    place. An axis given as None keeps the current matrix's words for it.
    """
    if size not in RiskMatrix.Size.values:
        raise ValidationError({"size": "Choose a matrix of 3 × 3, 4 × 4 or 5 × 5."})
    if len(likelihood) != size or len(impact) != size:
        raise ValidationError(f"Give a label for each of the {size} likelihood and impact levels.")
    for axis, levels in (("likelihood", likelihood), ("impact", impact)):
        if any(not level.label.strip() for level in levels):
            raise ValidationError(f"Enter a label for every {axis} level.")
    validate_bands(bands, size)
    names = {band.name for band in bands}
    for (row, column), name in cells.items():
        if not (1 <= row <= size and 1 <= column <= size):
            raise ValidationError(
                f"Likelihood {row} × impact {column} is outside the {size} × {size} matrix."
            )
        if name not in names:
            raise ValidationError(
                f"Likelihood {row} × impact {column}: choose one of the bands in the table."
            )

    _council_lock(council)
    current = RiskMatrix.objects.filter(council=council).order_by("-version").first()
    new_version = current is None
    if current is not None and current.risks.exists():
        existing_cells = {
            (c.likelihood, c.impact): c.band.name for c in current.cells.select_related("band")
        }
        before = _structure(current.size, list(current.bands.all()), existing_cells)
        new_version = before != _structure(size, bands, cells)
    if new_version:
        matrix = RiskMatrix(
            council=council,
            version=(current.version + 1) if current else 1,
            size=size,
            created_by=user,
        )
    else:
        matrix = current
        matrix.size = size
    for prefix, words in (("likelihood", likelihood_axis), ("impact", impact_axis)):
        if words is None:
            # A new version keeps the council's words; a first matrix has the defaults.
            words = getattr(current, f"{prefix}_axis") if current else None
        if words is not None:
            setattr(matrix, f"{prefix}_title", words.title.strip())
            setattr(matrix, f"{prefix}_low", words.low.strip())
            setattr(matrix, f"{prefix}_high", words.high.strip())
    matrix.full_clean()
    matrix.save()
    if not new_version:
        for record in [*matrix.cells.all(), *matrix.bands.all(), *matrix.levels.all()]:
            record.delete()

    for axis, levels in (
        (MatrixLevel.Axis.LIKELIHOOD, likelihood),
        (MatrixLevel.Axis.IMPACT, impact),
    ):
        for value, level in enumerate(levels, start=1):
            MatrixLevel.objects.create(
                matrix=matrix,
                axis=axis,
                value=value,
                label=level.label.strip(),
                description=level.description.strip(),
            )
    saved = {}
    for band in bands:
        saved[band.name] = RatingBand.objects.create(
            matrix=matrix,
            name=band.name.strip(),
            colour=band.colour,
            min_score=band.min_score,
            max_score=band.max_score,
        )
    for (row, column), name in sorted(cells.items()):
        CellRating.objects.create(matrix=matrix, likelihood=row, impact=column, band=saved[name])
    return matrix, new_version and current is not None


def appetite_scale(council: Council) -> list[AppetiteLevel]:
    """The council's appetite scale, from least to most appetite; the default if it has none."""
    levels = list(AppetiteLevel.objects.filter(council=council).order_by("position"))
    if levels:
        return levels
    with transaction.atomic():
        _council_lock(council)
        if not AppetiteLevel.objects.filter(council=council).exists():
            appetite_scale_save(council=council, levels=DEFAULT_APPETITE)
    return list(AppetiteLevel.objects.filter(council=council).order_by("position"))


@transaction.atomic
def appetite_scale_save(*, council: Council, levels: list[AppetiteData]) -> list[AppetiteLevel]:
    """Replace the council's appetite scale, keeping the levels services already chose.

    Levels are matched by position, so renaming 'Cautious' keeps every service that chose
    it. A level that services use cannot be removed.
    """
    if not levels:
        raise ValidationError("Add at least one level to the risk appetite scale.")
    names = [level.name.strip().lower() for level in levels]
    if len(set(names)) != len(names):
        raise ValidationError("Give each level of the appetite scale its own name.")
    tolerances = [level.tolerance for level in levels]
    if tolerances != sorted(tolerances):
        raise ValidationError(
            "Each level must accept the same or a higher residual score than the level before it."
        )
    _council_lock(council)
    existing = list(AppetiteLevel.objects.filter(council=council).order_by("position"))
    for level in existing[len(levels) :]:
        if ServiceAppetite.objects.filter(level=level).exists():
            raise ValidationError(
                f"{level.name} cannot be removed: services have chosen it. "
                "Change their risk appetite first."
            )
        level.delete()
    # Move existing levels out of the way first, so unique names and positions never clash.
    for index, level in enumerate(existing[: len(levels)], start=1):
        level.position = 100 + index
        level.name = f"__moving {index}"
        level.save(update_fields=["position", "name"])
    saved = []
    for index, data in enumerate(levels, start=1):
        level = existing[index - 1] if index <= len(existing) else AppetiteLevel(council=council)
        level.position = index
        level.name = data.name.strip()
        level.description = data.description.strip()
        level.tolerance = data.tolerance
        level.full_clean()
        level.save()
        saved.append(level)
    return saved


@transaction.atomic
def risk_reassess(*, risk: Risk, scores: dict[str, int | None]) -> Risk:
    """Score a risk again against the council's current matrix, and move it to that matrix."""
    risk.matrix = matrix_current(risk.service.directorate.council)
    for name, value in scores.items():
        setattr(risk, name, value)
    risk.full_clean()
    risk.save()
    return risk


# What a review may score again: the risk as it stands with its controls, and its target.
# The inherent score (before any controls) is the register's to change, not a review's.
REVIEW_SCORES = ("residual_likelihood", "residual_impact", "target_likelihood", "target_impact")


@transaction.atomic
def risk_review(
    *,
    risk: Risk,
    user: User,
    next_review: dt.date,
    today: dt.date,
    scores: dict[str, int | None] | None = None,
    note: str = "",
    seen: dt.datetime | None = None,
) -> Risk:
    """Record a review of an open risk: confirmed as it stands (`scores` None) or scored
    again on the matrix version it was scored against, with its next review date.

    A review is recorded as the risk's own page records any change: the risk is saved, and
    its history keeps who and when, with what was done and the note as the change's
    reason. `seen` is when the risk was last saved as the reviewer saw it: a risk changed
    since then is refused, so that nobody confirms scores they have not seen. Returns the
    saved risk; the one given is left as it was, so that a refusal shows the risk unchanged.
    """
    if scores is not None and set(scores) - set(REVIEW_SCORES):
        raise ValueError(f"A review scores only {', '.join(REVIEW_SCORES)}.")
    saved = Risk.objects.select_for_update().get(pk=risk.pk)
    if seen is not None and saved.updated_at != seen:
        raise changed_since_seen(risk)
    if saved.status != Risk.Status.OPEN:
        raise ValidationError(
            f"{risk.reference} is closed: only open risks are reviewed", code="closed"
        )
    if next_review <= today:
        raise ValidationError(
            {
                "review_date": ValidationError(
                    "The next review date must be after today", code="past"
                )
            }
        )
    if saved.matrix_id == risk.matrix_id:
        saved.matrix = risk.matrix  # already read, with its levels
    if scores is not None:
        for name, value in scores.items():
            setattr(saved, name, value)
    saved.review_date = next_review
    what = "Reviewed, confirmed as it stands" if scores is None else "Reviewed, re-scored"
    saved._change_reason = f"{what}: {note.strip()}" if note.strip() else what
    saved._history_user = user
    saved.full_clean()
    saved.save()
    return saved


def changed_since_seen(risk: Risk) -> ValidationError:
    """The refusal of a review of a risk that changed after the reviewer saw it."""
    return ValidationError(
        f"{risk.reference} was changed by someone else after you opened this page: "
        "check it as it is now and review it again",
        code="changed",
    )


def next_reference(service: Service) -> str:
    """A suggested reference for a new risk: the service's initials and the next number."""
    prefix = "".join(word[0] for word in service.name.split() if word[0].isalpha()).upper()[:4]
    prefix = prefix or "R"
    taken = set(Risk.objects.filter(service=service).values_list("reference", flat=True))
    number = len(taken) + 1
    while f"{prefix}{number:02d}" in taken:
        number += 1
    return f"{prefix}{number:02d}"
