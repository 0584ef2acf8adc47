"""Next year's plan from this one: figures moved along, pictures and rows copied."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from council import periods
from council.models import User
from plans.models import (
    OrgChart,
    Plan,
    Section,
    SectionFigure,
    SectionKind,
    SignOff,
)
from plans.registry import TABLES, carried_years
from plans.services.actions import actions_carry_forward, carryable_actions


def _copy_picture(picture, copy) -> None:
    """A stored picture (org chart, section figure) copied into a new file for another plan."""
    copy.uploaded_at = timezone.now()
    with picture.image.open("rb") as image:
        copy.image.save("picture.png", ContentFile(image.read()), save=False)
    copy.width, copy.height = picture.width, picture.height
    copy.save()


def _copy_rows(rows, plan: Plan, figures: str | None = None, years: set[int] | None = None):
    """Copy a plan's rows onto another plan, with their figures for the years kept."""
    for row in rows:
        old_figures = list(getattr(row, figures).all()) if figures else []
        row.pk = None
        row.id = None
        row._state.adding = True
        row.plan = plan
        row.save()
        for figure in old_figures:
            if figure.year in years:
                figure.pk = None
                figure.id = None
                figure._state.adding = True
                # A figure's only foreign key is to its row.
                parent = next(f for f in figure._meta.concrete_fields if f.is_relation)
                setattr(figure, parent.name, row)
                figure.save()


@transaction.atomic
def plan_roll_forward(*, plan: Plan, user: User) -> Plan:
    """Next year's plan from this one: a draft covering the same number of years, one later.

    Sections and their text are copied as a starting point; budget, growth bid and carbon
    figures move along (years before the new period are dropped, the new last year starts
    empty); workforce, priorities, contracts still running, forward plan items still to
    come, contacts, key issues and the sections' own tables are copied; open actions are carried forward with their
    link; indicators (with their targets) and risks belong to the service and carry on by
    themselves. Sign-offs, reviews and versions are not copied. Apart from the actions'
    "carried forward" progress reports, this plan is untouched.
    """
    if not user.can_edit_service(plan.service):
        raise PermissionDenied("Only officers of this service can roll its plan forward.")
    first, last = plan.first_year + 1, plan.last_year + 1
    if Plan.objects.filter(service=plan.service, first_year=first).exists():
        raise ValidationError(
            f"{plan.service} already has a plan starting in {periods.year_label(first)}."
        )
    new_plan = Plan(
        service=plan.service, first_year=first, last_year=last, created_by=user,
        reference=plan.reference, template=plan.template,
        # The budget keeps its unit and columns; figures before the new period are dropped.
        budget_unit=plan.budget_unit, budget_prior_years=plan.budget_prior_years,
        budget_prior_columns=plan.budget_prior_columns,
        budget_year_column=plan.budget_year_column, bid_later_years=plan.bid_later_years,
        # The total row keeps its label; totals typed as printed were last year's figures.
        bid_total_label=plan.bid_total_label,
    )  # fmt: skip
    new_plan.full_clean()
    new_plan.save()
    bulk_create_with_history(
        [
            Section(
                plan=new_plan,
                position=s.position,
                number=s.number,
                level=s.level,
                title=s.title,
                guidance=s.guidance,
                required=s.required,
                kind=s.kind,
                columns=s.columns,
                body=s.body,
                body_after=s.body_after,
            )
            for s in plan.sections.all()
        ],
        Section,
        default_user=user,
    )
    for index, block in enumerate(plan.sign_offs.all(), start=1):
        SignOff.objects.create(
            plan=new_plan,
            position=index,
            title=block.title,
            signer_role=block.signer_role,
            signer_id=block.signer_id,
        )
    start = periods.year_start(first)
    for table in TABLES:
        if table.carried is not None:
            rows = table.carried(table.rows(plan), start)
            figures = table.figures.relation if table.figures else None
            if figures:
                rows = rows.prefetch_related(figures)
            _copy_rows(rows, new_plan, figures, carried_years(table, new_plan))
    new_sections = {section.title: section for section in new_plan.sections.all()}
    for row in plan.tablerows.select_related("section"):
        row.section = new_sections[row.section.title]
        _copy_rows([row], new_plan)
    chart = OrgChart.objects.filter(plan=plan).first()
    if chart and chart.image:
        _copy_picture(chart, OrgChart(plan=new_plan, alt_text=chart.alt_text))
    for figure in SectionFigure.objects.filter(section__plan=plan).select_related("section"):
        if figure.image:
            _copy_picture(figure, SectionFigure(
                section=new_sections[figure.section.title], caption=figure.caption,
                alt_text=figure.alt_text,
            ))  # fmt: skip
    if new_plan.sections.filter(kind=SectionKind.ACTIONS).exists():
        # Open actions move on with a link to where they came from ("carried forward from").
        actions_carry_forward(
            from_plan=plan, to_plan=new_plan, actions=carryable_actions(plan), user=user
        )
    return new_plan


# Actions and projects ------------------------------------------------------------------------
