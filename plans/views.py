"""Pages of the plans app: dashboard, plan list, the plan document, creating and editing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView

from council.models import Service
from plans.document import plan_document, plan_queryset
from plans.forms.parts import EDITORS, OrgChartForm
from plans.forms.plan import NarrativeForm, PlanCreateForm, PlanFilterForm
from plans.models import OrgChart, Plan, Section, SectionKind
from plans.services import SectionConflict, plan_create, section_save


def visible_plan(request, pk, queryset=None) -> Plan:
    """The plan if this user may read it; 404 otherwise (never reveal that it exists)."""
    queryset = Plan.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), pk=pk)


def editable_plan(request, pk) -> Plan:
    """The plan if this user may change it: 404 when invisible, 403 when read-only to them."""
    plan = visible_plan(request, pk, Plan.objects.select_related("service__directorate"))
    if not request.user.can_edit_service(plan.service):
        raise PermissionDenied("Only officers of this service can change its plan.")
    if not plan.is_editable:
        raise PermissionDenied("This plan has been published and can no longer be changed.")
    return plan


def dashboard(request):
    """What this person can see and do: their services, their plans and their status."""
    user = request.user
    services = (
        Service.objects.visible_to(user)
        .select_related("directorate")
        .annotate(plan_count=Count("plans"))
        .order_by("directorate__name", "name")
    )
    plans = (
        Plan.objects.visible_to(user)
        .select_related("service__directorate")
        .order_by("service__name", "-first_year")
    )
    editable_ids = set(Service.objects.editable_by(user).values_list("pk", flat=True))
    status_counts = dict(
        plans.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return render(
        request,
        "plans/dashboard.html",
        {
            "services": services,
            "plans": plans[:50],
            "plan_total": sum(status_counts.values()),
            "status_counts": [
                (value, label, status_counts.get(value, 0)) for value, label in Plan.Status.choices
            ],
            "editable_ids": editable_ids,
            "can_create": bool(editable_ids),
        },
    )


class PlanListView(ListView):
    """Every plan the user may read, filterable by service, year and status."""

    template_name = "plans/plan_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = PlanFilterForm(self.request.GET or None, user=self.request.user)
        plans = Plan.objects.visible_to(self.request.user).select_related("service__directorate")
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data.get("service"):
                plans = plans.filter(service=data["service"])
            if data.get("status"):
                plans = plans.filter(status=data["status"])
            if data.get("year"):
                plans = plans.filter(first_year__lte=data["year"], last_year__gte=data["year"])
            if data.get("q"):
                plans = plans.filter(
                    Q(service__name__icontains=data["q"]) | Q(reference__icontains=data["q"])
                )
        return plans.order_by("service__name", "-first_year")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["breadcrumbs"] = [("Dashboard", reverse("dashboard")), ("Plans", "")]
        context["can_create"] = Service.objects.editable_by(self.request.user).exists()
        return context


@require_http_methods(["GET", "POST"])
def plan_create_view(request):
    """Start a plan for one of the officer's services from the council's template."""
    if not Service.objects.editable_by(request.user).exists():
        raise PermissionDenied("Only officers can start a plan.")
    form = PlanCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(
                service=form.cleaned_data["service"],
                first_year=form.cleaned_data["first_year"],
                last_year=form.cleaned_data["last_year"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_validation_error(error)
        else:
            messages.success(request, f"{plan.title} has been created.")
            return redirect(plan)
    return render(
        request,
        "plans/plan_form.html",
        {
            "form": form,
            "breadcrumbs": [("Plans", reverse("plans:plan_list")), ("Start a plan", "")],
        },
    )


def plan_detail(request, pk):
    """The whole plan as one document, with an edit link on each part the user may change."""
    plan = visible_plan(request, pk, plan_queryset())
    document = plan_document(plan)
    can_edit = plan.is_editable and request.user.can_edit_service(plan.service)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "document": document,
            "can_edit": can_edit,
            "breadcrumbs": [("Plans", reverse("plans:plan_list")), (plan.title, "")],
        },
    )


def org_chart_image(request, pk):
    """The organisation chart image, to people who may read the plan only."""
    plan = visible_plan(request, pk)
    chart = get_object_or_404(OrgChart, plan=plan)
    if not chart.image:
        raise Http404
    response = FileResponse(chart.image.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_http_methods(["GET", "POST"])
def section_edit(request, pk, section_pk):
    """Edit one section: its rich text, or the rows of its tables, saved in one go."""
    plan = editable_plan(request, pk)
    section = get_object_or_404(Section, plan=plan, pk=section_pk)
    editor = SectionEditor(request, plan, section)
    if request.method == "POST" and editor.is_valid():
        try:
            section_save(
                section=section,
                expected_version=editor.version,
                user=request.user,
                body=editor.body(),
                write=editor.write,
            )
        except SectionConflict as conflict:
            editor.conflict = conflict.current
            editor.version = conflict.current.version
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(plan)
        else:
            messages.success(request, f"Section {section} has been saved.")
            if "add_rows" in request.POST:
                return redirect(request.path)
            return redirect(f"{plan.get_absolute_url()}#{section.anchor}")
    context = editor.context()
    context["breadcrumbs"] = [
        ("Plans", reverse("plans:plan_list")),
        (plan.title, plan.get_absolute_url()),
        (str(section), ""),
    ]
    if editor.conflict is not None:
        current = plan_queryset().get(pk=plan.pk)
        context["conflict"] = editor.conflict
        context["current_part"] = next(
            (s for s in plan_document(current).sections if s.section.pk == section.pk), None
        )
    return render(
        request, "plans/section_form.html", context, status=409 if editor.conflict else 200
    )


class SectionEditor:
    """The forms of one section's edit page, bound together so they validate and save as one."""

    def __init__(self, request, plan: Plan, section: Section):
        self.plan = plan
        self.section = section
        self.conflict = None
        data = request.POST if request.method == "POST" else None
        files = request.FILES if request.method == "POST" else None
        self.version = self._posted_version(data)
        self.narrative = None
        self.formsets = []
        self.org_chart = None
        if section.kind == SectionKind.NARRATIVE:
            self.narrative = NarrativeForm(data, initial={"body": section.body})
        for table in EDITORS.get(section.kind, []):
            self.formsets.append(
                (table, table.formset_class(data, files, plan=plan, prefix=table.prefix))
            )
        if section.kind == SectionKind.WORKFORCE:
            chart = OrgChart.objects.filter(plan=plan).first() or OrgChart(plan=plan)
            self.org_chart = OrgChartForm(data, files, instance=chart, plan=plan, prefix="chart")

    def _posted_version(self, data) -> int:
        if data is None:
            return self.section.version
        try:
            return int(data.get("version", ""))
        except ValueError:
            return -1  # a tampered or missing version can never match: treated as a conflict

    @property
    def forms(self):
        items = [self.narrative, self.org_chart] + [formset for _, formset in self.formsets]
        return [item for item in items if item is not None]

    def is_valid(self) -> bool:
        # A list, not a generator: every form is validated so that every error is shown.
        return all([form.is_valid() for form in self.forms])  # noqa: C419

    def body(self) -> str | None:
        return self.narrative.cleaned_data["body"] if self.narrative else None

    @transaction.atomic
    def write(self):
        for _, formset in self.formsets:
            formset.save_rows()
        if self.org_chart is not None:
            self.org_chart.save_chart()

    def error_links(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in page order."""
        links = []
        for form in [self.narrative, self.org_chart]:
            if form is not None and form.is_bound:
                links += form_error_links(form)
        for table, formset in self.formsets:
            if not formset.is_bound:
                continue
            for error in formset.non_form_errors():
                links.append((f"{table.prefix}-heading", f"{table.title}: {error}"))
            for index, form in enumerate(formset.forms, start=1):
                links += form_error_links(form, prefix=f"{table.row_title} {index}: ")
        return links

    def context(self) -> dict:
        links = self.error_links()
        return {
            "plan": self.plan,
            "section": self.section,
            "editor": self,
            "version": self.version,
            "has_errors": bool(links),
            "error_links": links,
        }


def form_error_links(form, prefix: str = "") -> list[tuple[str, str]]:
    links = []
    first_field = next(iter(form.fields), None)
    for name, errors in form.errors.items():
        field_name = name if name in form.fields else first_field
        anchor = form[field_name].auto_id if field_name else ""
        for error in errors:
            links.append((anchor, f"{prefix}{error}"))
    return links
