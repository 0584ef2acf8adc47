"""The demo council's plan template and plans, from fixtures/demo/. Safe to run twice."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from council.demo import read_demo
from council.models import CorporatePriority, Council, Objective, Service, User
from council.richtext import clean_html
from plans.models import (
    Action,
    BudgetLine,
    CarbonInitiative,
    Contract,
    ForwardPlanItem,
    GrowthBid,
    KeyContact,
    KeyIssue,
    Milestone,
    Plan,
    PlanVersion,
    PriorityContribution,
    ProgressUpdate,
    Project,
    Section,
    SectionKind,
    ServiceObjective,
    SignerRole,
    SinglePointOfFailure,
    SkillRequirement,
    TableRow,
    Template,
    TemplateSection,
    TemplateSignOff,
)
from plans.models.template import FIRST_TEMPLATE_NAME
from plans.services.actions import actions_carry_forward
from plans.services.editing import plan_create
from plans.services.review import plan_publish
from plans.snapshot import make_version_pdf


def load_template_demo(council: Council) -> None:
    data = read_demo("template.json")
    template, _ = Template.objects.get_or_create(council=council, name=FIRST_TEMPLATE_NAME)
    for position, item in enumerate(data["sections"], start=1):
        TemplateSection.objects.get_or_create(
            template=template, title=item["title"], defaults={**item, "position": position}
        )
    for position, block in enumerate(data.get("sign_offs", []), start=1):
        # A title alone is signed by a manager of the service; a block may name its signer.
        block = {"title": block} if isinstance(block, str) else block
        signer = User.objects.filter(council=council, username=block.get("signer")).first()
        TemplateSignOff.objects.get_or_create(
            template=template,
            title=block["title"],
            defaults={
                "position": position,
                "signer_role": SignerRole.PERSON if signer else SignerRole.MANAGER,
                "signer": signer,
            },
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
    for title, text in data.get("section_text", {}).items():
        Section.objects.filter(plan=plan, title=title).update(
            body=clean_html(text.get("before", "")), body_after=clean_html(text.get("after", ""))
        )
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
    for title, rows in data.get("own_tables", {}).items():
        section = plan.sections.get(title=title)
        for position, cells in enumerate(rows, start=1):
            TableRow.objects.create(
                plan=plan,
                section=section,
                position=position,
                **{f"cell_{index}": cell for index, cell in enumerate(cells, start=1)},
            )

    written = [s for s in plan.sections.all() if s.body or not s.is_narrative]
    for section in written:
        section.updated_by = author
        section.updated_at = timezone.now()
        section.save(update_fields=["updated_by", "updated_at"])
    return plan


def load_plans_demo(council: Council) -> list[Plan]:
    load_template_demo(council)
    plans = [
        load_plan_demo(council, "plan-customer-services.json"),
        load_plan_demo(council, "plan-waste-recycling.json"),
    ]
    load_actions_demo(council, "plan-customer-services.json", plans[0])
    return plans


def publish_previous_demo_plan(council: Council) -> PlanVersion | None:
    """Publish the demo's approved plan of last year, as committee agreed it, so that a clerk
    finds what went to committee: its frozen document and the PDF kept with it. Made after
    the indicators and risks are in, which its document shows."""
    data = read_demo("plan-customer-services.json")["actions"]["previous_plan"]
    service = Service.objects.get(
        directorate__council=council,
        code=read_demo("plan-customer-services.json")["service"],
    )
    plan = Plan.objects.filter(service=service, first_year=data["first_year"]).first()
    if plan is None or plan.status != Plan.Status.APPROVED:
        return None
    publisher = User.objects.get(council=council, username=data["published_by"])
    version = plan_publish(plan=plan, user=publisher, reason=data["published_reason"])
    make_version_pdf(version)  # now, so the demo has it before any worker runs
    return version


# Actions and projects (issue 6) -------------------------------------------------------------


def _ensure_actions_section(plan: Plan) -> Section:
    """Plans made before the template had an actions section get one, placed as the template says."""
    section = Section.objects.filter(plan=plan, kind=SectionKind.ACTIONS).first()
    if section:
        return section
    item = TemplateSection.objects.get(template=plan.template, kind=SectionKind.ACTIONS)
    return Section.objects.create(
        plan=plan,
        position=item.position,
        number=item.number,
        title=item.title,
        guidance=item.guidance,
        required=item.required,
        kind=item.kind,
    )


def _load_objectives(plan: Plan, rows: list, council: Council) -> list[Action]:
    """Objectives with their actions and progress reports; returns the actions marked to carry."""
    people = {u.username: u for u in User.objects.filter(council=council)}
    priorities = {p.title: p for p in CorporatePriority.objects.filter(council=council)}
    objectives = {o.title: o for o in Objective.objects.filter(priority__council=council)}
    to_carry = []
    lists = {s.title: s for s in plan.sections.filter(kind=SectionKind.ACTIONS)}
    for position, row in enumerate(rows, start=1):
        if row.get("list") and row["list"] not in lists:
            continue  # a plan made before the template had this action list
        objective = ServiceObjective.objects.create(
            plan=plan, position=position, title=row["title"], section=lists.get(row.get("list"))
        )
        objective.priorities.set([priorities[t] for t in row["priorities"]])
        objective.corporate_objectives.set([objectives[t] for t in row.get("objectives", [])])
        for index, item in enumerate(row["actions"], start=1):
            fields = {
                k: v
                for k, v in item.items()
                if k not in {"lead", "co_owners", "progress", "carry", "target_date"}
                and not k.startswith("carried_")
            }
            action = Action.objects.create(
                plan=plan,
                objective=objective,
                position=index,
                target_date=_date(item.get("target_date")),
                lead_officer=people.get(item.get("lead", "officer")),
                **fields,
            )
            action.co_owners.set([people[u] for u in item.get("co_owners", [])])
            for year, quarter, status, note in item.get("progress", []):
                ProgressUpdate.objects.create(
                    action=action,
                    year=year,
                    quarter=quarter,
                    status=status,
                    note=note,
                    created_by=action.lead_officer,
                )
            if item.get("carry"):
                to_carry.append(action)
    return to_carry


@transaction.atomic
def load_actions_demo(council: Council, filename: str, plan: Plan) -> None:
    """The plan's objectives, actions, progress and projects; last year's plan with its outputs,
    and the outputs not achieved carried forward into this plan. Skipped once loaded."""
    data = read_demo(filename).get("actions")
    if not data:
        return
    section = _ensure_actions_section(plan)
    if ServiceObjective.objects.filter(plan=plan).exists():
        return
    author = User.objects.filter(roles__service=plan.service, roles__name="officer").first()
    previous = data.get("previous_plan")
    if previous:
        earlier = Plan.objects.filter(
            service=plan.service, first_year=previous["first_year"]
        ).first()
        if earlier is None:
            earlier = plan_create(
                service=plan.service,
                first_year=previous["first_year"],
                last_year=previous["last_year"],
                user=author,
            )
            earlier.reference = previous["reference"]
            earlier.status = previous["status"]
            earlier.save()
        _ensure_actions_section(earlier)
        to_carry = []
        if not ServiceObjective.objects.filter(plan=earlier).exists():
            to_carry = _load_objectives(earlier, previous["objectives"], council)
    _load_objectives(plan, data["objectives"], council)
    for position, row in enumerate(data.get("projects", []), start=1):
        project = Project.objects.create(
            plan=plan, position=position, **{k: v for k, v in row.items() if k != "milestones"}
        )
        for year, quarter, description, status in row["milestones"]:
            Milestone.objects.create(
                project=project, year=year, quarter=quarter, description=description, status=status
            )
    if previous and to_carry:
        carried = actions_carry_forward(
            from_plan=earlier,
            to_plan=plan,
            actions=to_carry,
            user=author,
            today=_date(previous["carry_forward_on"]),
        )
        # What happened to them in this plan: a new target date, and this year's reports.
        details = {item["title"]: item for row in previous["objectives"] for item in row["actions"]}
        for action in carried:
            item = details[action.title]
            if item.get("carried_target_date"):
                action.target_date = _date(item["carried_target_date"])
                action.save(update_fields=["target_date"])
            for year, quarter, status, note in item.get("carried_progress", []):
                ProgressUpdate.objects.create(
                    action=action,
                    year=year,
                    quarter=quarter,
                    status=status,
                    note=note,
                    created_by=action.lead_officer,
                )
    section.refresh_from_db()
    section.updated_by = author
    section.updated_at = timezone.now()
    section.save(update_fields=["updated_by", "updated_at"])
