"""The demo council's plan template and plans, from fixtures/demo/. Safe to run twice."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from council.demo import read_demo
from council.models import CorporatePriority, Council, Objective, Service, User
from plans.models import (
    BudgetLine,
    CarbonInitiative,
    Contract,
    ForwardPlanItem,
    GrowthBid,
    KeyContact,
    KeyIssue,
    Plan,
    PriorityContribution,
    Section,
    SinglePointOfFailure,
    SkillRequirement,
    TemplateSection,
    TemplateSignOff,
)
from plans.richtext import clean_html
from plans.services import plan_create


def load_template_demo(council: Council) -> None:
    data = read_demo("template.json")
    for position, item in enumerate(data["sections"], start=1):
        TemplateSection.objects.get_or_create(
            council=council, title=item["title"], defaults={**item, "position": position}
        )
    for position, title in enumerate(data.get("sign_offs", []), start=1):
        TemplateSignOff.objects.get_or_create(
            council=council, title=title, defaults={"position": position}
        )


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _figures(related, values: dict, attr: str):
    for year, figure in values.items():
        related.create(year=int(year), **{attr: Decimal(figure)})


@transaction.atomic
def load_plan_demo(council: Council, filename: str) -> Plan:
    """Create a demo plan with all its content, unless the service already has it."""
    data = read_demo(filename)
    service = Service.objects.get(directorate__council=council, code=data["service"])
    existing = Plan.objects.filter(service=service, first_year=data["first_year"]).first()
    if existing:
        return existing
    author = User.objects.filter(roles__service=service, roles__name="officer").first()
    plan = plan_create(
        service=service, first_year=data["first_year"], last_year=data["last_year"], user=author
    )
    plan.reference = data.get("reference", "")
    plan.save()
    priorities = {p.title: p for p in CorporatePriority.objects.filter(council=council)}
    objectives = {o.title: o for o in Objective.objects.filter(priority__council=council)}

    for title, html in data.get("narrative", {}).items():
        Section.objects.filter(plan=plan, title=title).update(body=clean_html(html))
    for position, row in enumerate(data.get("budget_lines", []), start=1):
        line = BudgetLine.objects.create(
            plan=plan,
            position=position,
            **{k: v for k, v in row.items() if k != "amounts"},
        )
        _figures(line.amounts, row["amounts"], "amount")
    for position, row in enumerate(data.get("growth_bids", []), start=1):
        bid = GrowthBid.objects.create(
            plan=plan,
            position=position,
            kind=row["kind"],
            details=row["details"],
            reason=row.get("reason", ""),
            priority=priorities.get(row.get("priority")),
            start_date=_date(row.get("start_date")),
            end_date=_date(row.get("end_date")),
            pid_required=row.get("pid_required", False),
            procurement_involved=row.get("procurement_involved", False),
        )
        _figures(bid.amounts, row["amounts"], "amount")
    for position, row in enumerate(data.get("single_points", []), start=1):
        SinglePointOfFailure.objects.create(plan=plan, position=position, **row)
    for position, row in enumerate(data.get("skills", []), start=1):
        SkillRequirement.objects.create(plan=plan, position=position, **row)
    for position, row in enumerate(data.get("contributions", []), start=1):
        PriorityContribution.objects.create(
            plan=plan,
            position=position,
            priority=priorities[row["priority"]],
            objective=objectives.get(row.get("objective")),
            contribution=row["contribution"],
        )
    for position, row in enumerate(data.get("contracts", []), start=1):
        Contract.objects.create(
            plan=plan,
            position=position,
            **{
                **row,
                "value": Decimal(row["value"]),
                "start_date": _date(row.get("start_date")),
                "end_date": _date(row.get("end_date")),
                "review_date": _date(row.get("review_date")),
            },
        )
    for position, row in enumerate(data.get("carbon", []), start=1):
        initiative = CarbonInitiative.objects.create(
            plan=plan,
            position=position,
            initiative=row["initiative"],
            cost_centre=row["cost_centre"],
        )
        _figures(initiative.savings, row["savings"], "tonnes")
    for position, row in enumerate(data.get("forward_plan", []), start=1):
        ForwardPlanItem.objects.create(
            plan=plan, position=position, **{**row, "decision_date": _date(row["decision_date"])}
        )
    for position, row in enumerate(data.get("contacts", []), start=1):
        KeyContact.objects.create(plan=plan, position=position, **row)
    for position, row in enumerate(data.get("key_issues", []), start=1):
        KeyIssue.objects.create(plan=plan, position=position, **row)

    written = [s for s in plan.sections.all() if s.body or not s.is_narrative]
    for section in written:
        section.updated_by = author
        section.updated_at = timezone.now()
        section.save(update_fields=["updated_by", "updated_at"])
    return plan


def load_plans_demo(council: Council) -> list[Plan]:
    load_template_demo(council)
    return [
        load_plan_demo(council, "plan-customer-services.json"),
        load_plan_demo(council, "plan-waste-recycling.json"),
    ]
