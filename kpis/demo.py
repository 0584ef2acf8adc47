"""The demo council's performance indicators, from fixtures/demo/kpis.json. Safe to run twice."""

from decimal import Decimal

from django.db import transaction

from council.demo import read_demo
from council.models import CorporatePriority, Council, Service, User
from kpis.models import Indicator, Result, Target, TargetKind

TARGET_WORDS = {"TBA": TargetKind.TBA, "New PI": TargetKind.NEW}


@transaction.atomic
def load_kpis_demo(council: Council) -> list[Indicator]:
    """Create the demo indicators with their targets and results; existing ones are kept
    as they are, so running it again duplicates and overwrites nothing."""
    data = read_demo("kpis.json")
    priorities = {p.title: p for p in CorporatePriority.objects.filter(council=council)}
    indicators = []
    for item in data["indicators"]:
        service = Service.objects.get(directorate__council=council, code=item["service"])
        author = User.objects.filter(roles__service=service, roles__name="officer").first()
        indicator, created = Indicator.objects.get_or_create(
            council=council,
            code=item["code"],
            defaults={
                "service": service,
                "title": item["title"],
                "definition": item.get("definition", ""),
                "unit": item["unit"],
                "polarity": item["polarity"],
                "frequency": item["frequency"],
                "kind": item["kind"],
                "owner": item.get("owner", ""),
                "data_source": item.get("data_source", ""),
                "baseline": Decimal(item["baseline"]) if item.get("baseline") else None,
                "baseline_year": item.get("baseline_year"),
                "tolerance_kind": item["tolerance_kind"],
                "tolerance": Decimal(item["tolerance"]),
            },
        )
        indicators.append(indicator)
        if not created:
            continue
        indicator.priorities.set([priorities[t] for t in item.get("priorities", [])])
        for year, target in item["targets"].items():
            kind = TARGET_WORDS.get(target, TargetKind.NUMBER)
            Target.objects.create(
                indicator=indicator,
                year=int(year),
                kind=kind,
                value=Decimal(target) if kind == TargetKind.NUMBER else None,
            )
        for year, period, value, commentary in item["results"]:
            Result.objects.create(
                indicator=indicator,
                year=year,
                period=period,
                value=Decimal(value),
                commentary=commentary,
                entered_by=author,
            )
    return indicators
