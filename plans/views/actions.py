"""Actions and projects of a plan, progress reports, carry forward, and delivery at a glance.

Every change to a plan's objectives, actions or projects is saved through
`plans.services.editing.section_save` on the plan's actions section, so that its "last changed by"
line and optimistic locking work as for any other section.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from council import periods
from council.access import in_scope, require
from council.models import CorporatePriority, FinancialYear, Service
from plans.delivery import delivery_summary, golden_thread
from plans.document import action_queryset
from plans.forms.actions import (
    ActionForm,
    CarryForwardForm,
    ConfirmForm,
    ProgressForm,
    ProjectForm,
    ServiceObjectiveForm,
)
from plans.models import (
    Action,
    DeliveryStatus,
    Plan,
    Project,
    Section,
    SectionKind,
    ServiceObjective,
)
from plans.services.actions import (
    action_progress_record,
    actions_carry_forward,
    carryable_actions,
    next_plan,
)
from plans.services.editing import SectionConflict, section_save
from plans.views.access import PLANS, editable_plan
from plans.views.plans import plan_crumbs

FORM_TEMPLATE = "plans/actions/record_form.html"


def _actions_sections(plan: Plan) -> list[Section]:
    """The plan's actions sections (its action lists), in order; 404 when it has none."""
    sections = list(plan.sections.filter(kind=SectionKind.ACTIONS).order_by("position", "pk"))
    if not sections:
        raise Http404("This plan has no actions section.")
    return sections


def _actions_section(plan: Plan) -> Section:
    """The plan's first actions section, which locks its actions (whichever section prints
    them)."""
    return _actions_sections(plan)[0]


def _posted_version(request, section: Section) -> int:
    if request.method != "POST":
        return section.version
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # a tampered or missing version never matches: treated as a conflict


def _data(request):
    """The posted data, bound even when empty (no box ticked is still an answer)."""
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class SectionSave:
    """A save of the actions section through plans.services.section_save, expecting the
    version the page was drawn from. When someone saved the section since, `conflict` is
    what they saved and `version` moves on to it: the page comes back (409) with what was
    typed, and saving again keeps it."""

    def __init__(self, request, section: Section):
        self.user = request.user
        self.section = section
        self.version = _posted_version(request, section)
        self.conflict = None

    def __call__(self, write) -> bool:
        """Run write() under the section's lock; False on a conflict. A ValidationError from
        the save is the caller's to show."""
        try:
            section_save(
                section=self.section, expected_version=self.version, user=self.user, write=write
            )
        except SectionConflict as error:
            self.conflict = error.current
            self.version = error.current.version
            return False
        return True

    @property
    def back_url(self) -> str:
        return f"{self.section.plan.get_absolute_url()}#{self.section.anchor}"

    @property
    def status(self) -> int:
        return 409 if self.conflict else 200

    def context(self) -> dict:
        return {
            "section": self.section,
            "version": self.version,
            "conflict": self.conflict,
            "cancel_url": self.back_url,
        }


def _record_page(request, *, plan, form, title, submit, write, success, intro=""):
    """Show a form of the actions section and save it through section_save.

    `write()` does the change and returns the anchor on the plan page to go back to.
    """
    saving = SectionSave(request, _actions_section(plan))
    anchors = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = saving(write=lambda: anchors.append(write()))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if saved:
                messages.success(request, success)
                return redirect(f"{plan.get_absolute_url()}#{anchors[0] or saving.section.anchor}")
    context = {"plan": plan, "form": form, "title": title, "intro": intro, "submit": submit}
    context["breadcrumbs"] = plan_crumbs(plan, title)
    return render(request, FORM_TEMPLATE, {**context, **saving.context()}, status=saving.status)


@require_http_methods(["GET", "POST"])
def objective_create(request, pk):
    """Add a service objective to the plan, linked to corporate priorities."""
    plan = editable_plan(request, pk)
    # From an action list's "Add a service objective": the new objective is in that list.
    form = ServiceObjectiveForm(
        _data(request), plan=plan, initial={"section": request.GET.get("section")}
    )

    def write():
        return f"objective-{form.save().pk}"

    return _record_page(
        request,
        plan=plan,
        form=form,
        title="Add a service objective",
        submit="Save objective",
        write=write,
        success="The objective has been added.",
        intro="Group the plan's actions under objectives, each serving corporate priorities.",
    )


@require_http_methods(["GET", "POST"])
def objective_edit(request, pk, objective_pk):
    """Change a service objective and the priorities it serves."""
    plan = editable_plan(request, pk)
    objective = get_object_or_404(ServiceObjective, plan=plan, pk=objective_pk)
    form = ServiceObjectiveForm(_data(request), instance=objective, plan=plan)

    def write():
        return f"objective-{form.save().pk}"

    return _record_page(
        request,
        plan=plan,
        form=form,
        title=f"Edit objective: {objective}",
        submit="Save objective",
        write=write,
        success="The objective has been saved.",
    )


def _action_saved_message(request, plan, action):
    if action.target_outside(plan):
        messages.warning(
            request,
            f"The target date {action.target_date:%d/%m/%Y} is outside the plan's period "
            f"({plan.period_label}). It has been saved: check it is right.",
        )


@require_http_methods(["GET", "POST"])
def action_create(request, pk, objective_pk):
    """Add an action (a measure card) under an objective."""
    plan = editable_plan(request, pk)
    objective = get_object_or_404(ServiceObjective, plan=plan, pk=objective_pk)
    form = ActionForm(_data(request), plan=plan, initial={"objective": objective})

    def write():
        action = form.save(commit=False)
        action.plan = plan
        action.position = 1 + max(
            Action.objects.filter(objective=action.objective).values_list("position", flat=True),
            default=0,
        )
        action.save()
        form.save_m2m()
        _action_saved_message(request, plan, action)
        return action.anchor

    return _record_page(
        request,
        plan=plan,
        form=form,
        title="Add an action",
        submit="Save action",
        write=write,
        success="The action has been added.",
        intro=f"Objective: {objective}",
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, pk, action_pk):
    """Change an action's measure card, or move it to another objective."""
    plan = editable_plan(request, pk)
    action = get_object_or_404(Action, plan=plan, pk=action_pk)
    form = ActionForm(_data(request), instance=action, plan=plan)

    def write():
        saved = form.save()
        _action_saved_message(request, plan, saved)
        return saved.anchor

    return _record_page(
        request,
        plan=plan,
        form=form,
        title="Edit action",
        submit="Save action",
        write=write,
        success="The action has been saved.",
    )


@require_http_methods(["GET", "POST"])
def project_create(request, pk):
    """Add a project with its milestones."""
    plan = editable_plan(request, pk)
    form = ProjectForm(_data(request), plan=plan)
    return _record_page(
        request,
        plan=plan,
        form=form,
        title="Add a project",
        submit="Save project",
        write=lambda: f"project-{form.save_with_milestones().pk}",
        success="The project has been added.",
        intro="Milestones are by quarter for the plan's first year, then by year.",
    )


@require_http_methods(["GET", "POST"])
def project_edit(request, pk, project_pk):
    """Change a project, its milestones and their statuses."""
    plan = editable_plan(request, pk)
    project = get_object_or_404(Project, plan=plan, pk=project_pk)
    form = ProjectForm(_data(request), instance=project, plan=plan)
    return _record_page(
        request,
        plan=plan,
        form=form,
        title=f"Edit project: {project}",
        submit="Save project",
        write=lambda: f"project-{form.save_with_milestones().pk}",
        success="The project has been saved.",
        intro="Milestones are by quarter for the plan's first year, then by year.",
    )


DELETABLE = {
    "objective": (ServiceObjective, "objective"),
    "action": (Action, "action"),
    "project": (Project, "project"),
}


@require_http_methods(["GET", "POST"])
def record_delete(request, pk, kind, record_pk):
    """Remove an objective (once it has no actions), an action or a project, after a confirm."""
    plan = editable_plan(request, pk)
    model, noun = DELETABLE[kind]
    record = get_object_or_404(model, plan=plan, pk=record_pk)
    form = ConfirmForm(_data(request))

    def write():
        try:
            record.delete()
        except ProtectedError:
            raise ValidationError(
                "Remove the actions under this objective, or move them to another objective, "
                "before removing it"
            ) from None
        return ""

    return _record_page(
        request,
        plan=plan,
        form=form,
        title=f"Remove {noun}: {str(record)[:80]}",
        submit=f"Remove {noun}",
        write=write,
        success=f"The {noun} has been removed.",
        intro=f"The {noun} will be removed from the plan. Its history is kept.",
    )


def _reporting_plan(request, pk) -> Plan:
    """The plan if this user reports on it: officers of the service, published or not."""
    plan = in_scope(request.user, PLANS, pk=pk)
    require(
        request.user.can_edit_service(plan.service),
        "Only officers of this service can report progress.",
    )
    return plan


@require_http_methods(["GET", "POST"])
def action_progress(request, pk, action_pk):
    """Report an action's progress for a quarter. Earlier reports are kept, never changed."""
    plan = _reporting_plan(request, pk)
    action = get_object_or_404(action_queryset(), plan=plan, pk=action_pk)
    form = ProgressForm(_data(request), plan=plan, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            action_progress_record(action=action, user=request.user, **form.recorded())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            quarter = periods.quarter_label(*form.year_quarter)
            messages.success(request, f"Progress for {quarter} has been saved.")
            return redirect(f"{plan.get_absolute_url()}#{action.anchor}")
    updates = sorted(
        action.progress_updates.all(), key=lambda u: (u.year, u.quarter, u.created_at, u.pk)
    )
    return render(
        request,
        "plans/actions/progress_form.html",
        {
            "plan": plan,
            "action": action,
            "updates": updates,
            "form": form,
            "breadcrumbs": plan_crumbs(plan, "Report progress"),
        },
    )


@require_http_methods(["GET", "POST"])
def carry_forward(request, pk):
    """Carry actions not achieved into the service's next plan, keeping the link back."""
    plan = _reporting_plan(request, pk)
    target = next_plan(plan)
    form = CarryForwardForm(_data(request), actions=carryable_actions(plan))
    posted = request.method == "POST" and target is not None and form.is_valid()
    if posted and _carried(request, form, plan, target):
        return redirect(target)
    return render(
        request,
        "plans/actions/carry_forward.html",
        {
            "plan": plan,
            "target": target,
            "form": form,
            "breadcrumbs": plan_crumbs(plan, "Carry actions forward"),
        },
    )


def _carried(request, form: CarryForwardForm, plan: Plan, target: Plan) -> bool:
    """Carry the chosen actions forward: whether they went (if not, the form says why)."""
    try:
        created = actions_carry_forward(
            from_plan=plan, to_plan=target, actions=form.cleaned_data["actions"], user=request.user
        )
    except ValidationError as error:
        _add_errors(form, error)
        return False
    count = len(created)
    messages.success(
        request,
        f"{count} action{'s' if count != 1 else ''} carried forward into the "
        f"{target.period_label} plan.",
    )
    return True


def _year(request) -> tuple[int, list]:
    years = list(FinancialYear.objects.filter(council_id=request.user.council_id))
    current = next((y.start_year for y in years if y.is_current), None)
    fallback = current or periods.year_of(timezone.localdate())
    try:
        chosen = int(request.GET.get("year", fallback))
    except ValueError:
        chosen = fallback
    if years and chosen not in {y.start_year for y in years}:
        chosen = fallback
    return chosen, years


@require_safe
def delivery(request):
    """Delivery at a glance: actions by status per service and per priority, and overdue ones.

    Everyone reads it for the services they can see: officers their own, managers their
    directorate, clerks and the performance lead the whole council.
    """
    year, years = _year(request)
    services = Service.objects.visible_to(request.user).select_related("directorate")
    priorities = CorporatePriority.objects.filter(council_id=request.user.council_id)
    summary = delivery_summary(
        services=services, priorities=priorities, year=year, today=timezone.localdate()
    )
    return render(
        request,
        "plans/actions/delivery.html",
        {
            "summary": summary,
            "year": year,
            "year_label": periods.year_label(year),
            "years": years,
            "statuses": DeliveryStatus.choices,
            "breadcrumbs": [("Dashboard", reverse("dashboard")), ("Delivery", "")],
        },
    )


@require_safe
def golden_thread_view(request):
    """Each corporate priority and, beneath it, what the services deliver towards it."""
    year, years = _year(request)
    services = Service.objects.visible_to(request.user)
    thread = golden_thread(
        council_id=request.user.council_id,
        services=services,
        year=year,
        today=timezone.localdate(),
    )
    return render(
        request,
        "plans/actions/golden_thread.html",
        {
            "thread": thread,
            "year": year,
            "year_label": periods.year_label(year),
            "years": years,
            "breadcrumbs": [
                ("Dashboard", reverse("dashboard")),
                ("Delivery", reverse("plans:delivery")),
                ("Golden thread", ""),
            ],
        },
    )
