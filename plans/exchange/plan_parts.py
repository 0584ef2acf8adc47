"""The plan's own parts that are not plain tables: sections, growth bids, priority
contributions, sign-off blocks and published versions."""

from council.models import Objective
from council.richtext import clean_html
from plans.exchange.context import ImportContext, Saver
from plans.exchange.values import _build, _list, _out, _save_all, _values, _year_rows
from plans.models import GrowthBid, GrowthBidAmount, Plan, PriorityContribution, Section, SignOff
from plans.models.plan import ONCE_ONLY_KINDS, SectionKind

SECTION_FIELDS = ["position", "number", "title", "guidance", "required", "kind", "body"]
SECTION_FIELDS_SINCE_4 = ["level", "body_after", "columns"]


def export_sections(plan: Plan) -> list:
    names = SECTION_FIELDS + SECTION_FIELDS_SINCE_4
    return [_values(s, names) for s in plan.sections.order_by("position", "pk")]


def prepare_sections(raw, ctx: ImportContext, where: str) -> list[Saver]:
    sections, titles, kinds = [], set(), set()
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        names = SECTION_FIELDS + (SECTION_FIELDS_SINCE_4 if ctx.version >= 4 else [])
        section = _build(Section, item, names, here, ctx)
        if section is None:
            continue
        # Rich text from a file is sanitised like rich text typed in the editor.
        section.body = clean_html(section.body)
        section.body_after = "" if section.is_narrative else clean_html(section.body_after)
        if section.title in titles:
            ctx.error(f"{here}.title", f"the title {section.title!r} is used twice")
        if section.kind in ONCE_ONLY_KINDS and section.kind in kinds:
            ctx.error(f"{here}.kind", f"there is more than one {section.kind} section")
        titles.add(section.title)
        ctx.section_titles.append(section.title)
        kinds.add(section.kind)
        sections.append(section)
        if section.kind == SectionKind.ACTIONS:
            ctx.action_lists.append(section.title)
        if section.kind == SectionKind.TABLE:
            ctx.own_tables.append(section.title)
    if not sections and isinstance(raw, list):
        ctx.error(where, "a plan needs at least one section")
    return [lambda plan: _save_all(sections, plan)]


GROWTH_BID_FIELDS = [
    "position", "kind", "details", "reason", "cost_centre", "start_date", "end_date",
    "funding_received", "pid_required", "pid_reason", "procurement_involved",
    "procurement_reason",
]  # fmt: skip


def export_growth_bids(plan: Plan) -> list:
    rows = []
    for bid in plan.growthbids.select_related("priority"):
        row = _values(bid, GROWTH_BID_FIELDS)
        row["priority"] = bid.priority.title if bid.priority else None
        row["amounts"] = [_values(a, ["year", "amount"]) for a in bid.amounts.order_by("year")]
        rows.append(row)
    return rows


def prepare_growth_bids(raw, ctx: ImportContext, where: str) -> list[Saver]:
    pairs = []
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        bid = _build(GrowthBid, item, GROWTH_BID_FIELDS, here, ctx, extra={"priority", "amounts"})
        if not isinstance(item, dict):
            continue
        amounts = _year_rows(
            item.get("amounts"),
            GrowthBidAmount,
            "amount",
            f"{here}.amounts",
            ctx,
            years=ctx.bid_years,
        )
        title = item.get("priority")
        if bid is not None and title is not None:
            bid.priority = ctx.priority(title)
            if bid.priority is None:
                ctx.error(f"{here}.priority", f"{str(title)[:200]!r} is not a corporate priority "
                          "of this council")  # fmt: skip
        if bid is not None:
            pairs.append((bid, amounts))

    def save(plan: Plan) -> None:
        for bid, amounts in pairs:
            bid.plan = plan
            bid.save()
            for amount in amounts:
                amount.bid = bid
                amount.save()

    return [save]


def export_priorities(plan: Plan) -> list:
    return [
        {
            "position": c.position,
            "priority": c.priority.title,
            "objective": c.objective.title if c.objective else None,
            "contribution": c.contribution,
        }
        for c in plan.prioritycontributions.select_related("priority", "objective")
    ]


def prepare_priorities(raw, ctx: ImportContext, where: str) -> list[Saver]:
    contributions, seen = [], set()
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        record = _build(
            PriorityContribution,
            item,
            ["position", "contribution"],
            here,
            ctx,
            extra={"priority", "objective"},
        )
        if record is None:
            continue
        title, objective_title = item.get("priority"), item.get("objective")
        priority = ctx.priority(title)
        if priority is None:
            ctx.error(
                f"{here}.priority",
                f"{str(title)[:200]!r} is not a corporate priority of this council",
            )
            continue
        record.priority = priority
        if objective_title is not None:
            record.objective = Objective.objects.filter(
                priority=priority, title=objective_title
            ).first()
            if record.objective is None:
                ctx.error(
                    f"{here}.objective",
                    f"{str(objective_title)[:200]!r} is not an objective of {priority.title!r}",
                )
                continue
        key = (priority.pk, record.objective_id)
        if key in seen:
            ctx.error(here, "this plan already has a contribution to that objective")
        seen.add(key)
        contributions.append(record)
    return [lambda plan: _save_all(contributions, plan)]


SIGN_OFF_FIELDS = ["position", "title", "signed_name", "signed_role", "signed_at", "comment"]


def export_sign_offs(plan: Plan) -> list:
    return [_values(s, SIGN_OFF_FIELDS) for s in plan.sign_offs.order_by("position", "pk")]


def prepare_sign_offs(raw, ctx: ImportContext, where: str) -> list[Saver]:
    """A new draft is unsigned: the blocks are kept, the signatures stay in the file."""
    blocks, titles = [], set()
    for index, item in enumerate(_list(raw, where, ctx)):
        here = f"{where}[{index}]"
        if not isinstance(item, dict):
            ctx.error(here, "must be an object")
            continue
        for unknown in sorted(set(item) - set(SIGN_OFF_FIELDS)):
            ctx.error(f"{here}.{unknown}", "is not a field this format knows")
        block = _build(SignOff, {k: item[k] for k in ("position", "title") if k in item},
                       ["position", "title"], here, ctx)  # fmt: skip
        if block is None:
            continue
        if block.title in titles:
            ctx.error(f"{here}.title", f"the sign-off {block.title!r} is given twice")
        titles.add(block.title)
        blocks.append(block)
    return [lambda plan: _save_all(blocks, plan)]


def export_versions(plan: Plan) -> list:
    return [
        {
            "number": v.number,
            "issued_at": _out(v.issued_at),
            "reason": v.reason,
            "made_by": v.made_by.get_full_name() if v.made_by else "",
            "reviewer": v.reviewer.get_full_name() if v.reviewer else "",
            "pdf_sha256": v.pdf_sha256,
        }
        for v in plan.versions.select_related("made_by", "reviewer")
    ]


def prepare_versions(raw, ctx: ImportContext, where: str) -> list[Saver]:
    """Published versions belong to the plan they froze: read for the record, never recreated."""
    _list(raw, where, ctx)
    return []
