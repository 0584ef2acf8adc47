"""The demo council's risk matrix, appetite scale and registers, from fixtures/demo/risks.json.

Safe to run twice: the matrix and scale are set only when the council has none, appetites
and risks are found by their area and reference.
"""

import datetime as dt

from django.db import transaction

from council.demo import read_demo
from council.models import CorporatePriority, Council, Service
from risks.models import AppetiteLevel, AxisWords, Risk, RiskMatrix, ServiceAppetite
from risks.services import (
    AppetiteData,
    BandData,
    LevelData,
    appetite_scale_save,
    matrix_current,
    matrix_save,
)


def axis_words(spec: dict, axis: str) -> AxisWords | None:
    """The words the demo matrix gives an axis, or None for the defaults."""
    words = spec.get(f"{axis}_axis")
    return AxisWords(**words) if words else None


@transaction.atomic
def load_risks_demo(council: Council) -> int:
    """Load the demo registers. Returns the number of risks the council's services hold."""
    data = read_demo("risks.json")
    if not RiskMatrix.objects.filter(council=council).exists():
        spec = data["matrix"]
        matrix_save(
            council=council,
            size=spec["size"],
            likelihood=[LevelData(**level) for level in spec["likelihood"]],
            impact=[LevelData(**level) for level in spec["impact"]],
            bands=[BandData(**band) for band in spec["bands"]],
            cells={},
            user=None,
            likelihood_axis=axis_words(spec, "likelihood"),
            impact_axis=axis_words(spec, "impact"),
        )
    if not AppetiteLevel.objects.filter(council=council).exists():
        appetite_scale_save(
            council=council, levels=[AppetiteData(**level) for level in data["appetite_scale"]]
        )
    matrix = matrix_current(council)
    levels = {level.name: level for level in AppetiteLevel.objects.filter(council=council)}
    for code, register in data["services"].items():
        service = Service.objects.get(directorate__council=council, code=code)
        for item in register["appetites"]:
            ServiceAppetite.objects.get_or_create(
                service=service,
                area=item["area"],
                defaults={"level": levels[item["level"]], "reason": item["reason"]},
            )
        for item in register["risks"]:
            if Risk.objects.filter(service=service, reference=item["reference"]).exists():
                continue
            target = item.get("target") or [None, None]
            risk = Risk(
                service=service,
                matrix=matrix,
                reference=item["reference"],
                title=item["title"],
                category=item["category"],
                owner=item["owner"],
                cause=item.get("cause", ""),
                consequence=item.get("consequence", ""),
                inherent_likelihood=item["inherent"][0],
                inherent_impact=item["inherent"][1],
                residual_likelihood=item["residual"][0],
                residual_impact=item["residual"][1],
                target_likelihood=target[0],
                target_impact=target[1],
                controls=item.get("controls", ""),
                further_actions=item.get("further_actions", ""),
                review_date=dt.date.fromisoformat(item["review_date"]),
                trend=item.get("trend", Risk.Trend.STABLE),
            )
            risk.full_clean()
            risk.save()
            risk.priorities.set(
                CorporatePriority.objects.filter(
                    council=council, title__in=item.get("priorities", [])
                )
            )
    return Risk.objects.filter(service__directorate__council=council).count()
