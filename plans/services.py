"""Workflows that write several records of a plan at once."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from council import periods, stamps
from council.models import Service, User
from plans import notifications
from plans.delivery import with_current_status
from plans.models import (
    Action,
    DeliveryStatus,
    OrgChart,
    Plan,
    PlanTransition,
    PlanVersion,
    ProgressUpdate,
    ReviewDecision,
    Section,
    SectionFigure,
    SectionKind,
    SectionReview,
    ServiceObjective,
    SignOff,
    Template,
    TemplateSection,
    TemplateSignOff,
    template_for,
)
from plans.models.actions import CLOSED
from plans.models.plan import outline_levels, outline_numbers
from plans.snapshot import make_pdf_after_commit, version_print_html, version_snapshot


class SectionConflict(Exception):
    """Someone else saved the section after this user opened it."""

    def __init__(self, current: Section):
        self.current = current
        super().__init__(f"Section {current.pk} is at version {current.version}")


@transaction.atomic
def plan_create(
    *,
    service: Service,
    first_year: int,
    last_year: int,
    user: User,
    template: Template | None = None,
) -> Plan:
    """A new draft plan for a service, with its template's sections in order: the template
    given, else the council's template for the service's directorate and the first year."""
    council_id = service.directorate.council_id
    if template is None:
        template = template_for(council_id, service.directorate_id, first_year)
    elif template.council_id != council_id:
        raise ValidationError({"template": "Choose one of your council's templates."})
    sections = list(TemplateSection.objects.filter(template=template)) if template else []
    if not sections:
        raise ValidationError(
            "Your council has no plan template yet. Ask your performance lead to set one up."
        )
    if Plan.objects.filter(service=service, first_year=first_year).exists():
        raise ValidationError(
            {"first_year": "This service already has a plan starting in that year."}
        )
    plan = Plan(
        service=service,
        first_year=first_year,
        last_year=last_year,
        created_by=user,
        template=template,
    )
    plan.full_clean()
    plan.save()
    levels = outline_levels([item.level for item in sections])
    numbers = outline_numbers(levels)
    numbered = service.directorate.council.numbers_sections
    bulk_create_with_history(
        [
            Section(
                plan=plan,
                position=index,
                number=item.number or (numbers[index - 1] if numbered else ""),
                level=levels[index - 1],
                title=item.title,
                guidance=item.guidance,
                required=item.required,
                kind=item.kind,
                columns=item.columns,
            )
            for index, item in enumerate(sections, start=1)
        ],
        Section,
        default_user=user,
    )
    blocks = list(TemplateSignOff.objects.filter(template=template))
    for index, block in enumerate(blocks or [TemplateSignOff(title="Head of service")], start=1):
        SignOff.objects.create(plan=plan, position=index, title=block.title)
    return plan


@transaction.atomic
def section_save(
    *,
    section: Section,
    expected_version: int,
    user: User,
    body: str | None = None,
    body_after: str | None = None,
    write: Callable[[], None] | None = None,
) -> Section:
    """Save a section's text (`body`, and `body_after` its table) or records (`write`),
    unless someone saved it since `expected_version`.

    The section row is locked, so of two saves made from the same version exactly one
    lands and the other raises SectionConflict with the section as it now is.
    """
    # The plan row is locked first (as publishing does) so an edit and a publication
    # never interleave: the edit either lands before the plan is frozen or is refused.
    plan = Plan.objects.select_for_update().get(pk=section.plan_id)
    current = Section.objects.select_for_update().get(pk=section.pk)
    current.plan = plan
    if current.version != expected_version:
        raise SectionConflict(Section.objects.select_related("updated_by").get(pk=section.pk))
    if not plan.is_editable:
        raise ValidationError("This plan has been published and can no longer be changed.")
    if write is not None:
        write()
    current.version += 1
    current.updated_by = user
    current.updated_at = timezone.now()
    fields = ["version", "updated_by", "updated_at"]
    if body is not None:
        current.body = body
        fields.append("body")
    if body_after is not None:
        current.body_after = body_after
        fields.append("body_after")
    current.full_clean()
    current.save(update_fields=fields)
    if current.review_status == Section.ReviewStatus.APPROVED:
        section_changed_after_approval(section=current, user=user)
    return current


# --- Review, sign-off and publication -------------------------------------------------------
#
# A plan moves draft → in review → approved → published, back to draft when it is sent back
# or reopened for a revision, and from approved back to in review when an approved section is
# edited. Each move is checked against ALLOWED_MOVES, made under a row lock on the plan, and
# recorded as a PlanTransition.

ALLOWED_MOVES = {
    (Plan.Status.DRAFT, Plan.Status.IN_REVIEW),
    (Plan.Status.IN_REVIEW, Plan.Status.DRAFT),
    (Plan.Status.IN_REVIEW, Plan.Status.APPROVED),
    (Plan.Status.APPROVED, Plan.Status.IN_REVIEW),
    (Plan.Status.APPROVED, Plan.Status.DRAFT),
    (Plan.Status.APPROVED, Plan.Status.PUBLISHED),
    (Plan.Status.PUBLISHED, Plan.Status.DRAFT),
}


def _locked_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("service__directorate").get(pk=plan.pk)


def _move(plan: Plan, to_status: str, user: User, comment: str = "") -> None:
    """Move a (locked) plan to another status, if that move is allowed, and record it."""
    if (plan.status, to_status) not in ALLOWED_MOVES:
        raise ValidationError(
            f"A plan that is {plan.get_status_display().lower()} cannot be moved to "
            f"{Plan.Status(to_status).label.lower()}."
        )
    PlanTransition.objects.create(
        plan=plan,
        from_status=plan.status,
        to_status=to_status,
        comment=comment,
        by=user,
        at=timezone.now(),
    )
    plan.status = to_status
    plan.save(update_fields=["status"])


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _review(section: Section, decision: str, user: User, comment: str = "") -> None:
    SectionReview.objects.create(
        section=section,
        decision=decision,
        section_version=section.version,
        comment=comment,
        by=user,
        at=timezone.now(),
    )


def _clear_sign_offs(plan: Plan) -> list[SignOff]:
    signed = list(plan.sign_offs.filter(signed_at__isnull=False))
    for sign_off in signed:
        sign_off.signed_by = None
        sign_off.signed_name = sign_off.signed_role = sign_off.comment = ""
        sign_off.signed_at = None
        sign_off.save()
    return signed


def _reviewable_sections(plan: Plan):
    return plan.sections.exclude(kind__in=[SectionKind.SIGN_OFF, SectionKind.VERSIONS])


@transaction.atomic
def plan_submit(*, plan: Plan, user: User, comment: str = "") -> Plan:
    """An officer sends the whole plan for review: every section not yet approved waits for it."""
    plan = _locked_plan(plan)
    _require(
        user.can_edit_service(plan.service), "Only officers of this service can submit its plan."
    )
    _move(plan, Plan.Status.IN_REVIEW, user, comment)
    now = timezone.now()
    for section in _reviewable_sections(plan).exclude(review_status=Section.ReviewStatus.APPROVED):
        section.review_status = Section.ReviewStatus.SUBMITTED
        section.review_comment = ""
        section.save(update_fields=["review_status", "review_comment"])
        _review(section, ReviewDecision.SUBMITTED, user, comment)
    notifications.plan_submitted(plan=plan, by=user, at=now)
    return plan


@transaction.atomic
def section_submit(*, section: Section, user: User) -> Section:
    """An officer sends one section for review (for example after it was sent back)."""
    plan = _locked_plan(section.plan)
    _require(user.can_edit_service(plan.service), "Only officers of this service can submit it.")
    section = Section.objects.select_for_update().get(pk=section.pk)
    if not plan.is_editable:
        raise ValidationError("This plan has been published and can no longer be changed.")
    if section.review_status in {Section.ReviewStatus.SUBMITTED, Section.ReviewStatus.APPROVED}:
        raise ValidationError(
            f"This section is already {section.get_review_status_display().lower()}."
        )
    section.review_status = Section.ReviewStatus.SUBMITTED
    section.review_comment = ""
    section.save(update_fields=["review_status", "review_comment"])
    _review(section, ReviewDecision.SUBMITTED, user)
    notifications.section_submitted(section=section, by=user)
    return section


def _locked_section_for_review(section: Section, user: User, seen_version: int) -> Section:
    plan = _locked_plan(section.plan)
    _require(user.can_approve_service(plan.service), "Only managers of this service can review it.")
    current = Section.objects.select_for_update().select_related("plan").get(pk=section.pk)
    current.plan = plan
    if current.version != seen_version:
        raise ValidationError(
            "This section has changed since you opened it. Read the new version before you decide."
        )
    if current.review_status != Section.ReviewStatus.SUBMITTED:
        raise ValidationError(
            f"This section is not waiting for review: it is {current.get_review_status_display().lower()}."
        )
    return current


@transaction.atomic
def section_approve(
    *, section: Section, user: User, seen_version: int, comment: str = ""
) -> Section:
    """A manager approves the version of the section they read. Nothing else is approved."""
    section = _locked_section_for_review(section, user, seen_version)
    section.review_status = Section.ReviewStatus.APPROVED
    section.review_comment = comment
    section.reviewed_by = user
    section.reviewed_at = timezone.now()
    section.save(update_fields=["review_status", "review_comment", "reviewed_by", "reviewed_at"])
    _review(section, ReviewDecision.APPROVED, user, comment)
    return section


@transaction.atomic
def section_return(*, section: Section, user: User, seen_version: int, comment: str) -> Section:
    """A manager sends a section back with a comment the officer sees on the section."""
    if not comment.strip():
        raise ValidationError({"comment": "Enter a comment saying what needs to change"})
    section = _locked_section_for_review(section, user, seen_version)
    section.review_status = Section.ReviewStatus.RETURNED
    section.review_comment = comment
    section.reviewed_by = user
    section.reviewed_at = timezone.now()
    section.save(update_fields=["review_status", "review_comment", "reviewed_by", "reviewed_at"])
    _review(section, ReviewDecision.RETURNED, user, comment)
    notifications.section_returned(section=section, by=user)
    return section


@transaction.atomic
def plan_return(*, plan: Plan, user: User, comment: str) -> Plan:
    """A manager sends the whole plan back to draft with a comment."""
    if not comment.strip():
        raise ValidationError({"comment": "Enter a comment saying what needs to change"})
    plan = _locked_plan(plan)
    _require(
        user.can_approve_service(plan.service), "Only managers of this service can send it back."
    )
    _move(plan, Plan.Status.DRAFT, user, comment)
    _clear_sign_offs(plan)
    notifications.plan_returned(plan=plan, by=user, comment=comment)
    return plan


@transaction.atomic
def plan_sign_off(*, sign_off: SignOff, user: User, comment: str = "") -> SignOff:
    """A manager signs one block. When the last block is signed the plan is approved.

    Blocks are signed in order, and only once every required section is approved.
    """
    plan = _locked_plan(sign_off.plan)
    _require(
        user.can_approve_service(plan.service), "Only managers of this service can sign it off."
    )
    if plan.status != Plan.Status.IN_REVIEW:
        raise ValidationError("Only a plan in review can be signed off.")
    waiting = [
        str(s)
        for s in _reviewable_sections(plan).filter(required=True)
        if s.review_status != Section.ReviewStatus.APPROVED
    ]
    if waiting:
        raise ValidationError(
            "Every required section must be approved before the plan is signed off. Not approved yet: "
            + "; ".join(waiting)
        )
    blocks = list(plan.sign_offs.select_for_update().order_by("position", "pk"))
    block = next(b for b in blocks if b.pk == sign_off.pk)
    if block.is_signed:
        raise ValidationError(f"{block.title} has already been signed by {block.signed_name}.")
    earlier = [b.title for b in blocks if b.position < block.position and not b.is_signed]
    if earlier:
        raise ValidationError(f"{earlier[0]} must sign before {block.title}.")
    block.signed_by = user
    block.signed_name = user.get_full_name() or user.username
    block.signed_role = user.job_title
    block.signed_at = timezone.now()
    block.comment = comment
    block.full_clean()
    block.save()
    if all(b.is_signed or b.pk == block.pk for b in blocks):
        _move(plan, Plan.Status.APPROVED, user, f"Signed off: {block.title}")
        notifications.plan_approved(plan=plan, by=user)
    return block


def section_changed_after_approval(*, section: Section, user: User) -> None:
    """Editing an approved section withdraws its approval, tells the approver, and puts an
    approved plan back in review (its signatures no longer cover what it says).

    Called by section_save inside its transaction, with the section row locked.
    """
    approver = section.reviewed_by
    section.review_status = Section.ReviewStatus.SUBMITTED
    section.review_comment = ""
    section.save(update_fields=["review_status", "review_comment"])
    _review(section, ReviewDecision.WITHDRAWN, user, "Changed after approval")
    plan = _locked_plan(section.plan)
    if plan.status == Plan.Status.APPROVED:
        _move(plan, Plan.Status.IN_REVIEW, user, f"Approval withdrawn: {section} was changed")
        _clear_sign_offs(plan)
    notifications.approval_withdrawn(section=section, by=user, approver=approver)


@transaction.atomic
def plan_publish(*, plan: Plan, user: User, reason: str) -> PlanVersion:
    """Freeze an approved plan as the next numbered version, with its document and print
    HTML; its PDF is made from that after the commit (plans/snapshot.py)."""
    if not reason.strip():
        raise ValidationError(
            {"reason": "Enter the reason for this version, like 'Approved by committee'"}
        )
    plan = _locked_plan(plan)
    _require(
        user.can_approve_service(plan.service) or user.is_performance_lead,
        "Only a manager of this service or the performance lead can publish it.",
    )
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError("Only an approved plan can be published.")
    last = plan.versions.order_by("-number").first()
    reviewer = plan.sign_offs.filter(signed_at__isnull=False).order_by("-signed_at").first()
    _move(plan, Plan.Status.PUBLISHED, user, reason)
    version = PlanVersion(
        plan=plan,
        number=(last.number + 1) if last else 1,
        issued_at=timezone.now(),
        reason=reason,
        made_by=user,
        reviewer=reviewer.signed_by if reviewer else None,
    )
    version.save()  # first, so the document and PDF list this version in their version table
    # Frozen here, under the lock; the PDF is made from the print HTML after the commit.
    version.snapshot_html = version_snapshot(plan)
    version.print_html = version_print_html(plan)
    version.full_clean()
    version.save()
    make_pdf_after_commit(version)
    notifications.plan_published(plan=plan, version=version, by=user)
    return version


@transaction.atomic
def plan_reopen(*, plan: Plan, user: User, reason: str) -> Plan:
    """Start a revision of a published plan: a new draft; the published version stays frozen."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the plan is being revised"})
    plan = _locked_plan(plan)
    _require(
        user.can_approve_service(plan.service)
        or user.can_edit_service(plan.service)
        or user.is_performance_lead,
        "Only officers or managers of this service, or the performance lead, can revise it.",
    )
    _move(plan, Plan.Status.DRAFT, user, reason)
    _reviewable_sections(plan).update(
        review_status=Section.ReviewStatus.NOT_SUBMITTED, review_comment=""
    )
    stamps.touch_plan(plan.pk)  # an update sends no signals
    _clear_sign_offs(plan)
    return plan


# --- Roll forward ---------------------------------------------------------------------------


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
    years = set(range(first, last + 1))
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
        SignOff.objects.create(plan=new_plan, position=index, title=block.title)
    start = periods.year_start(first)
    _copy_rows(plan.budgetlines.prefetch_related("amounts"), new_plan, "amounts", years)
    bid_years = set(new_plan.bid_years)
    _copy_rows(plan.growthbids.prefetch_related("amounts"), new_plan, "amounts", bid_years)
    _copy_rows(plan.carboninitiatives.prefetch_related("savings"), new_plan, "savings", years)
    _copy_rows(plan.singlepointoffailures.all(), new_plan)
    _copy_rows(plan.skillrequirements.all(), new_plan)
    _copy_rows(plan.prioritycontributions.all(), new_plan)
    _copy_rows(plan.contracts.exclude(end_date__lt=start), new_plan)
    _copy_rows(plan.forwardplanitems.filter(decision_date__gte=start), new_plan)
    _copy_rows(plan.keycontacts.all(), new_plan)
    _copy_rows(plan.keyissues.all(), new_plan)
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


def actions_section(plan: Plan) -> Section:
    """The plan's "Actions and projects" section, which records and locks its actions."""
    section = (
        Section.objects.filter(plan=plan, kind=SectionKind.ACTIONS)
        .order_by("position", "pk")
        .first()
    )
    if section is None:
        raise ValidationError(
            f"{plan.title} has no actions and projects section. "
            "Ask your performance lead to add one to the plan template."
        )
    return section


def _section_touch(*, section: Section, user: User) -> Section:
    """Move the section's version on and record who changed it, without the published check.

    Progress reports are monitoring, not plan content: they go on after a plan is published.
    """
    current = Section.objects.select_for_update().get(pk=section.pk)
    current.version += 1
    current.updated_by = user
    current.updated_at = timezone.now()
    current.save(update_fields=["version", "updated_by", "updated_at"])
    return current


def _reporting_quarter(plan: Plan, today) -> tuple[int, int]:
    """The quarter holding today, or the nearest quarter of the plan's period."""
    year, quarter = periods.quarter_of(today)
    if year < plan.first_year:
        return plan.first_year, 1
    if year > plan.last_year:
        return plan.last_year, 4
    return year, quarter


@transaction.atomic
def action_progress_record(
    *, action: Action, year: int, quarter: int, status: str, note: str, user: User
) -> ProgressUpdate:
    """Add a progress report on an action for a quarter; earlier reports are kept as they were."""
    plan = action.plan
    if not plan.first_year <= year <= plan.last_year:
        raise ValidationError({"year": f"Choose a year of the plan ({plan.period_label})"})
    update = ProgressUpdate(
        action=action,
        year=year,
        quarter=quarter,
        status=status,
        note=note.strip(),
        created_by=user,
    )
    update.full_clean()
    update.save()
    _section_touch(section=actions_section(plan), user=user)
    return update


def next_plan(plan: Plan) -> Plan | None:
    """The service's next plan: the first one starting after this one starts."""
    return (
        Plan.objects.filter(service_id=plan.service_id, first_year__gt=plan.first_year)
        .order_by("first_year")
        .first()
    )


def carryable_actions(plan: Plan):
    """Actions of the plan that are neither achieved, cancelled nor carried forward already."""
    return (
        with_current_status(Action.objects.filter(plan=plan))
        .exclude(current__in=CLOSED)
        .select_related("objective")
    )


@transaction.atomic
def actions_carry_forward(
    *, from_plan: Plan, to_plan: Plan, actions, user: User, today=None
) -> list[Action]:
    """Copy actions not achieved into the service's later plan, each keeping a link to where it
    came from, and report them as carried forward in the plan they leave.

    Objectives are matched by title in the later plan, or copied with their priorities.
    """
    today = today or timezone.localdate()
    if to_plan.service_id != from_plan.service_id:
        raise ValidationError(
            "Actions can only be carried forward into a plan of the same service."
        )
    if to_plan.first_year <= from_plan.first_year:
        raise ValidationError(
            f"Actions can only be carried forward into a later plan than {from_plan.period_label}."
        )
    actions = list(actions)
    eligible = {
        a.pk: a for a in carryable_actions(from_plan).filter(pk__in=[a.pk for a in actions])
    }
    refused = [a for a in actions if a.pk not in eligible]
    if refused:
        raise ValidationError(
            "These actions are achieved, cancelled, already carried forward or not in "
            f"the {from_plan.period_label} plan: " + "; ".join(str(a) for a in refused)
        )
    already = set(
        Action.objects.filter(plan=to_plan, carried_from__in=eligible).values_list(
            "carried_from_id", flat=True
        )
    )
    if already:
        raise ValidationError(
            f"Already carried forward into {to_plan.period_label}: "
            + "; ".join(str(eligible[pk]) for pk in already)
        )
    if not actions:
        raise ValidationError("Select the actions to carry forward")
    to_section = actions_section(to_plan)
    from_section = actions_section(from_plan)
    created: list[Action] = []

    def write():
        objectives = {o.title: o for o in ServiceObjective.objects.filter(plan=to_plan)}
        # An objective keeps its action list where the next plan has one of that title.
        lists = {s.pk: s.title for s in from_plan.sections.filter(kind=SectionKind.ACTIONS)}
        to_lists = {s.title: s for s in to_plan.sections.filter(kind=SectionKind.ACTIONS)}
        next_position = 1 + max(
            Action.objects.filter(plan=to_plan).values_list("position", flat=True), default=0
        )
        for source in sorted(eligible.values(), key=lambda a: (a.objective.position, a.position)):
            objective = objectives.get(source.objective.title)
            if objective is None:
                objective = ServiceObjective.objects.create(
                    plan=to_plan,
                    position=source.objective.position,
                    title=source.objective.title,
                    description=source.objective.description,
                    section=to_lists.get(lists.get(source.objective.section_id)),
                )
                objective.priorities.set(source.objective.priorities.all())
                objective.corporate_objectives.set(source.objective.corporate_objectives.all())
                objectives[objective.title] = objective
            copy = Action(
                plan=to_plan,
                objective=objective,
                position=next_position,
                carried_from=source,
                **{name: getattr(source, name) for name in CARRIED_FIELDS},
            )
            next_position += 1
            copy.full_clean()
            copy.save()
            copy.co_owners.set(source.co_owners.all())
            copy.priorities.set(source.priorities.all())
            created.append(copy)

    section_save(section=to_section, expected_version=to_section.version, user=user, write=write)
    year, quarter = _reporting_quarter(from_plan, today)
    for source in eligible.values():
        ProgressUpdate.objects.create(
            action=source,
            year=year,
            quarter=quarter,
            status=DeliveryStatus.CARRIED_FORWARD,
            note=f"Carried forward to the {to_plan.period_label} plan.",
            created_by=user,
        )
    _section_touch(section=from_section, user=user)
    return created


# What a carried-forward action keeps of the one it continues (not its progress or its plan).
CARRIED_FIELDS = [
    "reference",
    "title",
    "measure",
    "baseline",
    "target_date",
    "target_text",
    "lead_officer",
    "other_owners",
    "responsible",
    "resources",
    "risks",
    "savings",
    "cross_service",
    "links",
    "data_source",
    "reporting_frequency",
    "measured_by",
    "processes",
    "reporting_timescale",
]
