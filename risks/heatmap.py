"""
Heat maps of a risk register, and the register summary a plan shows.

The register page, the plan page and the PDF all draw heat maps from `register_summary()`
with the include templates/risks/includes/heat_map.html: a plain HTML table where every
cell says its band in words, its score and the risks in it, and where the service's risk
appetite is drawn as a line around the cells above it (and said in words in each of them).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from risks.models import AppetiteLevel, RatingBand, Risk, RiskMatrix, ServiceAppetite


@dataclass
class HeatCell:
    """One cell of a heat map: likelihood × impact, its rating and the risks in it."""

    likelihood: int
    impact: int
    band: RatingBand | None
    risks: list[Risk] = field(default_factory=list)
    above_appetite: bool = False
    line_bottom: bool = False
    line_left: bool = False

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def count(self) -> int:
        return len(self.risks)

    @property
    def references(self) -> list[str]:
        return [risk.reference for risk in self.risks]


@dataclass
class HeatRow:
    level: object  # MatrixLevel, or None when the matrix has no label for it
    value: int
    cells: list[HeatCell]


@dataclass
class HeatGrid:
    """The cells of one side of the heat map (inherent or residual), highest likelihood first."""

    title: str
    rows: list[HeatRow]
    impact_levels: list[tuple[int, object]]

    @property
    def risk_count(self) -> int:
        return sum(cell.count for row in self.rows for cell in row.cells)


@dataclass
class HeatMap:
    """Inherent and residual heat maps of the risks scored against one matrix version."""

    matrix: RiskMatrix
    inherent: HeatGrid
    residual: HeatGrid
    appetite: AppetiteLevel | None

    @property
    def grids(self) -> list[HeatGrid]:
        return [self.inherent, self.residual]

    @property
    def risk_count(self) -> int:
        """Risks on either side of the map; unscored risks are on neither."""
        return self.inherent.risk_count + self.residual.risk_count


def heat_grid(
    title: str,
    matrix: RiskMatrix,
    risks: list[Risk],
    place,
    tolerance: int | None,
) -> HeatGrid:
    """Lay risks out on a matrix; place(risk) gives the (likelihood, impact) to put it at.

    A risk not scored at this stage is left off the map (and out of its count), never put
    in a guessed cell."""
    by_cell = defaultdict(list)
    for risk in risks:
        cell = place(risk)
        if None not in cell:
            by_cell[cell].append(risk)
    size = matrix.size

    def above(likelihood, impact):
        return tolerance is not None and likelihood * impact > tolerance

    rows = []
    for likelihood in range(size, 0, -1):
        cells = []
        for impact in range(1, size + 1):
            is_above = above(likelihood, impact)
            cells.append(
                HeatCell(
                    likelihood=likelihood,
                    impact=impact,
                    band=matrix.band_for(likelihood, impact),
                    risks=by_cell.get((likelihood, impact), []),
                    above_appetite=is_above,
                    # The tolerance line runs between a cell above appetite and its
                    # neighbour below or to the left that is within it.
                    line_bottom=is_above and likelihood > 1 and not above(likelihood - 1, impact),
                    line_left=is_above and impact > 1 and not above(likelihood, impact - 1),
                )
            )
        rows.append(HeatRow(matrix.level("likelihood", likelihood), likelihood, cells))
    impact_levels = [(value, matrix.level("impact", value)) for value in matrix.levels_range]
    return HeatGrid(title=title, rows=rows, impact_levels=impact_levels)


def heat_maps(
    risks: list[Risk],
    *,
    appetite: AppetiteLevel | None = None,
    matrices: list[RiskMatrix] = (),
) -> list[HeatMap]:
    """One heat map per matrix version the risks were scored against, newest first.

    `matrices` adds maps for matrices without risks (the current one on an empty register).
    """
    by_matrix: dict[int, RiskMatrix] = {m.pk: m for m in matrices}
    risks_by_matrix = defaultdict(list)
    for risk in risks:
        by_matrix.setdefault(risk.matrix_id, risk.matrix)
        risks_by_matrix[risk.matrix_id].append(risk)
    tolerance = appetite.tolerance if appetite else None
    maps = []
    for matrix in sorted(by_matrix.values(), key=lambda m: -m.version):
        scored = risks_by_matrix[matrix.pk]
        maps.append(
            HeatMap(
                matrix=matrix,
                inherent=heat_grid(
                    "Inherent risk (before controls)",
                    matrix,
                    scored,
                    lambda r: (r.inherent_likelihood, r.inherent_impact),
                    tolerance,
                ),
                residual=heat_grid(
                    "Residual risk (with existing controls)",
                    matrix,
                    scored,
                    lambda r: (r.residual_likelihood, r.residual_impact),
                    tolerance,
                ),
                appetite=appetite,
            )
        )
    return maps


def governing_appetite(appetites: list[ServiceAppetite]) -> ServiceAppetite | None:
    """The service's most cautious appetite: the one its register is held to."""
    return min(appetites, key=lambda a: (a.level.position, a.area), default=None)


@dataclass
class RegisterSummary:
    """What a service's register shows: open risks, heat maps and appetite."""

    risks: list[Risk]
    heat_maps: list[HeatMap]
    appetites: list[ServiceAppetite]
    appetite: ServiceAppetite | None
    above_appetite: list[Risk]
    overdue: set[int]
    today: dt.date
    # The council's appetite scale, least appetite first, for a plan that prints it described.
    scale: list[AppetiteLevel] = field(default_factory=list)

    @property
    def tolerance(self) -> int | None:
        return self.appetite.level.tolerance if self.appetite else None

    # Print leaves out a score column no risk has a score in.
    @property
    def any_inherent(self) -> bool:
        return any(risk.inherent_score is not None for risk in self.risks)

    @property
    def any_residual(self) -> bool:
        return any(risk.residual_score is not None for risk in self.risks)


def register_summary(
    *,
    risks,
    appetites,
    today: dt.date | None = None,
    matrices: list[RiskMatrix] = (),
    scale=(),
) -> RegisterSummary:
    """Summarise open risks (loaded with Risk.objects.for_display()) and the service's
    appetites (with their level) without further queries."""
    today = today or dt.date.today()
    risks = [risk for risk in risks if risk.status == Risk.Status.OPEN]
    appetites = list(appetites)
    appetite = governing_appetite(appetites)
    level = appetite.level if appetite else None
    above = []
    if level is not None:
        above = sorted(
            (
                risk
                for risk in risks
                if risk.residual_score is not None and risk.residual_score > level.tolerance
            ),
            key=lambda r: (-r.residual_score, r.reference),
        )
    return RegisterSummary(
        risks=risks,
        heat_maps=heat_maps(risks, appetite=level, matrices=matrices),
        appetites=appetites,
        appetite=appetite,
        above_appetite=above,
        overdue={risk.pk for risk in risks if risk.review_overdue(today)},
        today=today,
        scale=sorted(scale, key=lambda level: level.position),
    )


def service_register_prefetches(prefix: str = "") -> list:
    """Prefetches that load a service's open risks and appetites for register_summary().

    `prefix` is the path to the service, e.g. 'service__' from a plan.
    """
    return [
        Prefetch(f"{prefix}risks", queryset=Risk.objects.open().for_display()),
        Prefetch(
            f"{prefix}risk_appetites",
            queryset=ServiceAppetite.objects.select_related("level"),
        ),
    ]
