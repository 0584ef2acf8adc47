"""The plan list, starting a plan, the plan document and its organisation chart."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import ListView

from council.models import Service
from plans.cache.pages import plan_body
from plans.forms.plan import PlanCreateForm, PlanDetailsForm, PlanFilterForm
from plans.models import OrgChart, Plan, SectionFigure
from plans.services.editing import plan_create
from plans.views.access import editable_plan, visible_plan


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
    form = PlanCreateForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(
                service=form.cleaned_data["service"],
                first_year=form.cleaned_data["first_year"],
                last_year=form.cleaned_data["last_year"],
                user=request.user,
                template=form.cleaned_data.get("template"),
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


@require_http_methods(["GET", "POST"])
def plan_details(request, pk):
    """Change the plan's title and reference as the council prints them."""
    plan = editable_plan(request, pk)
    form = PlanDetailsForm(request.POST if request.method == "POST" else None, instance=plan)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        messages.success(request, f"{plan.title}: the title and reference have been saved.")
        return redirect(plan)
    return render(
        request,
        "plans/plan_details_form.html",
        {
            "form": form,
            "plan": plan,
            "breadcrumbs": [
                ("Plans", reverse("plans:plan_list")),
                (plan.title, plan.get_absolute_url()),
                ("Title and reference", ""),
            ],
        },
    )


@require_safe
def plan_detail(request, pk):
    """The whole plan as one document, with an edit link on each part the user may change.

    The body comes from the page cache (plans/cache/pages.py) while nothing in it changes;
    this view loads only what the heading and the buttons above it need."""
    plan = visible_plan(
        request, pk, Plan.objects.select_related("service__directorate__council", "created_by")
    )
    user = request.user
    is_officer = user.can_edit_service(plan.service)
    is_manager = user.can_approve_service(plan.service)
    flags = {
        "can_edit": plan.is_editable and is_officer,
        "can_review": is_manager,
        "can_sign": is_manager,
        # Progress is reported all year, after the plan is published too.
        "can_report": is_officer,
    }
    versions = list(plan.versions.order_by("number"))
    sections = plan.sections.only("plan", "kind", "title", "number", "required", "review_status")
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "body": plan_body(request, plan, flags),
            **flags,
            "can_publish": is_manager or user.is_performance_lead,
            "can_revise": is_officer or is_manager or user.is_performance_lead,
            "can_roll_forward": is_officer,
            "latest_version": versions[-1] if versions else None,
            "next_sign_off": next((b for b in plan.sign_offs.all() if not b.is_signed), None),
            "awaiting_approval": [
                section
                for section in sections
                if section.required
                and section.is_editable_part
                and section.review_status != section.ReviewStatus.APPROVED
            ],
            "breadcrumbs": [("Plans", reverse("plans:plan_list")), (plan.title, "")],
        },
    )


@require_safe
def org_chart_image(request, pk):
    """The organisation chart image, to people who may read the plan only."""
    plan = visible_plan(request, pk)
    return _png(get_object_or_404(OrgChart, plan=plan))


@require_safe
def section_figure_image(request, pk, section_pk):
    """A section's picture, to people who may read the plan only."""
    plan = visible_plan(request, pk)
    return _png(get_object_or_404(SectionFigure, section__plan=plan, section_id=section_pk))


def _png(picture) -> HttpResponse:
    png = picture.read_image()
    if png is None:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response
