"""The plan list, starting a plan, the plan document and its organisation chart."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import UpdateView

from council import stamps
from council.access import in_scope, require
from council.models import Service
from council.page_cache import kept
from plans.cache.pages import plan_content
from plans.forms.plan import PlanCreateForm, PlanDetailsForm, PlanFilterForm
from plans.models import OrgChart, Plan, SectionFigure
from plans.services.editing import plan_create
from plans.views.access import editable_plan, plan_rights


def plan_crumbs(plan: Plan, title: str) -> list[tuple[str, str]]:
    """Plans > the plan > title: the breadcrumbs of every page about one plan."""
    return [
        ("Plans", reverse("plans:plan_list")),
        (plan.title, plan.get_absolute_url()),
        (title, ""),
    ]


PLAN_LIST_PAGE = 50


@require_safe
def plan_list(request):
    """Every plan the user may read, filterable by service, year and status.

    The list is kept (council/page_cache.py) until one of the reader's plans changes, is
    added or goes, or the set-up (names, years) or the filters change: the list and its
    filters show nothing else about the reader than which services they read."""
    user = request.user
    read = Service.objects.visible_to(user).values_list("pk", "plans__pk").order_by("pk", "plans")
    pairs = list(read)
    plan_ids = [plan_id for _, plan_id in pairs if plan_id is not None]
    content = kept(
        "plans",
        stamps.tokens([(stamps.PLAN, pk) for pk in plan_ids] + [(stamps.SETUP, 0)]),
        [user.council_id, pairs, sorted(request.GET.lists())],
        lambda: render_to_string(
            "plans/includes/plan_list_content.html", plan_list_context(request), request=request
        ),
    )
    return render(
        request,
        "plans/plan_list.html",
        {
            "content": mark_safe(content),  # noqa: S308 - our own template's output, escaped
            "can_create": Service.objects.editable_by(user).exists(),
            "breadcrumbs": [("Dashboard", reverse("dashboard")), ("Plans", "")],
        },
    )


def plan_list_context(request) -> dict:
    """The filtered plans by service name, a page of them at a time."""
    filter_form = PlanFilterForm(request.GET or None, user=request.user)
    plans = Plan.objects.visible_to(request.user).select_related("service__directorate")
    if filter_form.is_valid():
        data = filter_form.cleaned_data
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
    paginator = Paginator(plans.order_by("service__name", "-first_year"), PLAN_LIST_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(f"There is no such page of plans ({error}).") from error
    return {
        "filter_form": filter_form,
        "paginator": paginator,
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "object_list": page.object_list,
    }


@require_http_methods(["GET", "POST"])
def plan_create_view(request):
    """Start a plan for one of the officer's services from the council's template."""
    require(Service.objects.editable_by(request.user).exists(), "Only officers can start a plan.")
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
        "form_page.html",
        {
            "form": form,
            "heading": "Start a plan",
            "intro": "The plan gets the sections of your council's plan template, in order. "
            "You can then write each one.",
            "breadcrumbs": [("Plans", reverse("plans:plan_list")), ("Start a plan", "")],
        },
    )


class PlanDetailsView(UpdateView):
    """Change the plan's title and reference as the council prints them."""

    form_class = PlanDetailsForm
    template_name = "form_page.html"

    def get_object(self, queryset=None):
        return editable_plan(self.request, self.kwargs["pk"])

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, f"{self.object.title}: the title and reference have been saved."
        )
        return response

    def get_context_data(self, **kwargs):
        plan = self.object
        return super().get_context_data(
            caption=f"{plan.service.name} · {plan.period_label}",
            heading="Title and reference",
            title=f"Title and reference: {plan.title}",
            intro="The title is printed on the cover of the PDF, at the top of every page and "
            "in the plan lists, exactly as you type it.",
            breadcrumbs=plan_crumbs(plan, "Title and reference"),
            **kwargs,
        )


@require_safe
def plan_detail(request, pk):
    """The whole plan as one document, with an edit link on each part the user may change.

    The content comes from the page cache (plans/cache/pages.py) while nothing in it
    changes; this view loads only what the reader's rights and the page's title need."""
    plan = in_scope(
        request.user,
        Plan.objects.select_related("service__directorate").only(
            "printed_title",
            "first_year",
            "last_year",
            "status",
            "service__name",
            "service__directorate__council",
        ),
        pk=pk,
    )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "content": plan_content(request, plan, plan_rights(request.user, plan)),
            "breadcrumbs": [("Plans", reverse("plans:plan_list")), (plan.title, "")],
        },
    )


@require_safe
def org_chart_image(request, pk):
    """The organisation chart image, to people who may read the plan only."""
    plan = in_scope(request.user, Plan.objects, pk=pk)
    return _png(get_object_or_404(OrgChart, plan=plan))


@require_safe
def section_figure_image(request, pk, section_pk):
    """A section's picture, to people who may read the plan only."""
    plan = in_scope(request.user, Plan.objects, pk=pk)
    return _png(get_object_or_404(SectionFigure, section__plan=plan, section_id=section_pk))


def _png(picture) -> HttpResponse:
    png = picture.read_image()
    if png is None:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response
