"""The demo council's risk matrix, appetite scale and registers, from fixtures/demo/risks.json.

Safe to run twice: the matrix and scale are set only when the council has none, appetites
and risks are found by their area and reference.

Each risk comes with a year of history, as a register kept in the app would have it: it
was registered, then reviewed once in each of the PAST_QUARTERS quarters ended before the
day the demo is loaded, each review recorded in its quarter by the service's officer. A
committee pack for any of those quarters then prints the risk with the scores it had then
(risks/history.py). The fixture's `earlier_residual` gives the scores of the reviews before
the last one, oldest first, for the risks whose trend moved; the others were confirmed as
they stand.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from council import periods
from council.demo import read_demo
from council.models import CorporatePriority, Council, Role, Service, User
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


# How many quarters of reviews a demo risk has, and how long before each quarter's end the
# review was held: a fortnight, as a quarterly risk meeting would be.
PAST_QUARTERS = 4
REVIEWED_BEFORE_END = dt.timedelta(days=14)


def review_days(today: dt.date) -> list[dt.date]:
    """The day of each review, one in each of the PAST_QUARTERS quarters ended before
    today, oldest first."""
    days, day = [], today
    for _ in range(PAST_QUARTERS):
        quarter = periods.last_ended_quarter(day)
        day = periods.quarter_start(*quarter)
        days.append(periods.quarter_end(*quarter) - REVIEWED_BEFORE_END)
    return days[::-1]


def at_noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def register_with_history(risk: Risk, item: dict, council: Council, *, today: dt.date) -> None:
    """Save a new demo risk as registered, and reviewed in each past quarter, each record
    dated on its day (simple-history's _history_date), the last review leaving the scores
    and next review date the fixture gives. The reviews are recorded as risk_review records
    them: who, and what was done as the change's reason."""
    days = review_days(today)
    current = tuple(item["residual"])
    earlier = [tuple(pair) for pair in item.get("earlier_residual", [])]
    residual = (earlier or [current] * (len(days) - 1)) + [current]
    if len(residual) != len(days):
        raise ValueError(f"{risk.reference}: earlier_residual needs {len(days) - 1} pairs.")
    officer = User.objects.filter(roles__service=risk.service, roles__name=Role.Name.OFFICER)
    risk._history_user = officer.first()
    next_reviews = [day + dt.timedelta(days=91) for day in days[:-1]] + [risk.review_date]
    for index, (day, scores, next_review) in enumerate(
        zip(days, residual, next_reviews, strict=True)
    ):
        before = (risk.residual_likelihood, risk.residual_impact)
        risk.residual_likelihood, risk.residual_impact = scores
        risk.review_date = next_review
        risk._history_date = at_noon(day)
        if index == 0:
            risk._change_reason = "Registered"
        elif scores == before:
            risk._change_reason = "Reviewed, confirmed as it stands"
        else:
            risk._change_reason = "Reviewed, re-scored"
        risk.full_clean()
        risk.save()
        if index == 0:
            # Linked when it was registered (the link's history record is dated then too).
            risk.priorities.set(
                CorporatePriority.objects.filter(
                    council=council, title__in=item.get("priorities", [])
                )
            )
    # Later saves of this instance are today's, by whoever makes them.
    del risk._history_date, risk._change_reason, risk._history_user


@transaction.atomic
def load_risks_demo(council: Council, *, today: dt.date | None = None) -> int:
    """Load the demo registers, each new risk with its reviews of the quarters before
    `today` (the day of loading by default). Returns the number of risks the council's
    services hold."""
    today = today or timezone.localdate()
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
            register_with_history(risk, item, council, today=today)
    return Risk.objects.filter(service__directorate__council=council).count()
