"""Objectives with their actions and progress, projects with their milestones, and key
issues (format version 2)."""

from plans.exchange.context import ImportContext, Saver
from plans.exchange.links import (
    _find_objectives,
    _find_priorities,
    _objective_links,
    _priority_titles,
)
from plans.exchange.values import _build, _list, _save_all, _values
from plans.models import (
    Action,
    KeyIssue,
    Milestone,
    Plan,
    ProgressUpdate,
    Project,
    ServiceObjective,
)
from plans.models.plan import SectionKind

OBJECTIVE_FIELDS = ["position", "title", "description", "notes_after"]  # the notes: optional
ACTION_FIELDS = [
    "position", "title", "measure", "baseline", "target_date", "target_text", "other_owners",
    "resources", "risks", "savings", "cross_service", "links", "data_source",
    "reporting_frequency", "measured_by", "processes", "reporting_timescale",
    "statutory", "business_case", "committee",
]  # fmt: skip
# Version 4: the action's own reference, who is responsible as printed, and its priorities.
ACTION_FIELDS_SINCE_4 = ["reference", "responsible"]
PROGRESS_FIELDS = ["year", "quarter", "status", "note"]


def _username(user) -> str | None:
    return user.username if user else None


def export_objectives(plan: Plan) -> list:
    rows = []
    objectives = plan.serviceobjectives.select_related("section").prefetch_related(
        "priorities", "corporate_objectives__priority"
    )
    for objective in objectives:
        row = _values(objective, OBJECTIVE_FIELDS)
        if objective.section_id:
            row["section"] = objective.section.title  # which action list (4, optional)
        row["priorities"] = _priority_titles(objective.priorities.all())
        row["corporate_objectives"] = _objective_links(objective.corporate_objectives.all())
        row["actions"] = []
        actions = objective.actions.select_related("lead_officer").prefetch_related(
            "co_owners", "priorities"
        )
        for action in actions.order_by("position", "pk"):
            item = _values(action, ACTION_FIELDS + ACTION_FIELDS_SINCE_4)
            item["lead_officer"] = _username(action.lead_officer)
            item["co_owners"] = sorted(u.username for u in action.co_owners.all())
            item["priorities"] = _priority_titles(action.priorities.all())
            item["progress_updates"] = [
                _values(update, PROGRESS_FIELDS)
                for update in action.progress_updates.order_by(
                    "year", "quarter", "created_at", "pk"
                )
            ]
            row["actions"].append(item)
        rows.append(row)
    return rows


def prepare_objectives(raw, ctx: ImportContext, where: str) -> list[Saver]:
    prepared = []
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        extra = {"priorities", "corporate_objectives", "actions"}
        extra |= {"section"} if ctx.version >= 4 else set()
        objective = _build(ServiceObjective, item, OBJECTIVE_FIELDS, here, ctx, extra=extra)
        if objective is None or not isinstance(item, dict):
            continue
        action_list = item.get("section")
        if action_list is not None and action_list not in ctx.action_lists:
            ctx.error(f"{here}.section", f"{str(action_list)[:200]!r} is not an actions section "
                      "of this file")  # fmt: skip
        priorities = _find_priorities(item.get("priorities"), f"{here}.priorities", ctx)
        corporate = _find_objectives(
            item.get("corporate_objectives"), f"{here}.corporate_objectives", ctx
        )
        actions = []
        for n, raw_action in enumerate(_list(item.get("actions"), f"{here}.actions", ctx)):
            actions.append(_prepare_action(raw_action, f"{here}.actions[{n}]", ctx))
        prepared.append((objective, action_list, priorities, corporate, [a for a in actions if a]))

    def save(plan: Plan) -> None:
        lists = {s.title: s for s in plan.sections.filter(kind=SectionKind.ACTIONS)}
        for objective, action_list, priorities, corporate, actions in prepared:
            objective.plan = plan
            objective.section = lists.get(action_list)
            objective.save()
            objective.priorities.set(priorities)
            objective.corporate_objectives.set(corporate)
            for action, co_owners, action_priorities, updates in actions:
                action.plan, action.objective = plan, objective
                action.save()
                action.co_owners.set(co_owners)
                action.priorities.set(action_priorities)
                for update in updates:
                    update.action = action
                    update.save()

    return [save]


def _prepare_action(raw, here: str, ctx: ImportContext):
    since_4 = ctx.version >= 4
    extra = {"lead_officer", "co_owners", "progress_updates"} | (
        {"priorities"} if since_4 else set()
    )
    names = ACTION_FIELDS + (ACTION_FIELDS_SINCE_4 if since_4 else [])
    action = _build(Action, raw, names, here, ctx, extra=extra)
    if action is None or not isinstance(raw, dict):
        return None
    action.lead_officer = ctx.user(raw.get("lead_officer"), f"{here}.lead_officer")
    co_owners = []
    names = raw.get("co_owners") or []
    if not isinstance(names, list):
        ctx.error(f"{here}.co_owners", "must be a list of usernames")
        names = []
    names = _list(names, f"{here}.co_owners", ctx)
    for n, name in enumerate(names):
        user = ctx.user(name, f"{here}.co_owners[{n}]")
        if user is not None:
            co_owners.append(user)
    priorities = _find_priorities(raw.get("priorities"), f"{here}.priorities", ctx)
    updates = []
    for n, raw_update in enumerate(_list(raw.get("progress_updates"), here, ctx)):
        update = _build(
            ProgressUpdate, raw_update, PROGRESS_FIELDS, f"{here}.progress_updates[{n}]", ctx
        )
        if update is not None:
            updates.append(update)
            ctx.refuse_locked(
                f"{here}.progress_updates[{n}]", update.year, update.quarter, "a progress report"
            )
    return action, co_owners, priorities, updates


PROJECT_FIELDS = ["position", "title", "manager", "sponsor", "outcome"]
MILESTONE_FIELDS = ["year", "quarter", "description", "status"]


def export_projects(plan: Plan) -> list:
    rows = []
    for project in plan.projects.prefetch_related("milestones"):
        row = _values(project, PROJECT_FIELDS)
        row["milestones"] = [_values(m, MILESTONE_FIELDS) for m in project.milestones.all()]
        rows.append(row)
    return rows


def prepare_projects(raw, ctx: ImportContext, where: str) -> list[Saver]:
    pairs = []
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        project = _build(Project, item, PROJECT_FIELDS, here, ctx, extra={"milestones"})
        if project is None or not isinstance(item, dict):
            continue
        milestones, seen = [], set()
        for n, raw_milestone in enumerate(_list(item.get("milestones"), here, ctx)):
            there = f"{here}.milestones[{n}]"
            # A milestone's year and quarter are checked against the plan's years.
            parent = Project(plan=Plan(first_year=ctx.years[0], last_year=ctx.years[-1]))
            milestone = _build(
                Milestone, raw_milestone, MILESTONE_FIELDS, there, ctx, parents={"project": parent}
            )
            if milestone is None:
                continue
            if (milestone.year, milestone.quarter) in seen:
                ctx.error(there, "the project already has a milestone for that period")
            seen.add((milestone.year, milestone.quarter))
            milestones.append(milestone)
        pairs.append((project, milestones))

    def save(plan: Plan) -> None:
        for project, milestones in pairs:
            project.plan = plan
            project.save()
            for milestone in milestones:
                milestone.project = project
                milestone.save()

    return [save]


KEY_ISSUE_FIELDS = ["position", "category", "heading", "text"]


def export_key_issues(plan: Plan) -> list:
    return [_values(issue, KEY_ISSUE_FIELDS) for issue in plan.keyissues.order_by("position", "pk")]


def prepare_key_issues(raw, ctx: ImportContext, where: str) -> list[Saver]:
    issues, categories = [], set()
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        issue = _build(KeyIssue, item, KEY_ISSUE_FIELDS, here, ctx)
        if issue is None:
            continue
        if issue.category in categories:
            ctx.error(f"{here}.category", f"key issues for {issue.category!r} are given twice")
        categories.add(issue.category)
        issues.append(issue)
    return [lambda plan: _save_all(issues, plan)]
