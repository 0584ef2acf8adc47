"""
Risk registers: the council-wide list, a service's register and its risks, the service's
appetite, and the council's matrix and appetite scale (set by the performance lead).

Every view starts from the user's scope: services they may not read are 404, pages they
may read but not change are 403.
"""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import CreateView, UpdateView

from council import page_cache, stamps
from council.access import council_of, in_scope, require, service_in_scope
from council.error_summary import formset_error_links, summary_context
from council.models import Service
from risks.forms import (
    ANY_STATUS,
    MatrixEditor,
    RiskFilterForm,
    RiskForm,
    RiskScoresForm,
    ServiceAppetiteFormSet,
    appetite_data,
    scale_formset,
)
from risks.heatmap import register_summary
from risks.models import CellRating, RatingBand, Risk, RiskMatrix, ServiceAppetite
from risks.services import (
    appetite_scale,
    appetite_scale_save,
    matrix_current,
    matrix_save,
    next_reference,
    risk_reassess,
)

# -- Who may do what -----------------------------------------------------------------------

ONLY_OFFICERS = "Only officers of this service can change its risk register."
ONLY_THE_LEAD = "Only the performance lead can change the risk matrix."
# A risk with what its pages and the access rule read.
RISKS = Risk.objects.for_display().select_related("service__directorate__council", "owner_user")


def editable_risk(user, pk) -> Risk:
    """The risk if this user may change it: 404 out of scope, 403 when read-only."""
    risk = in_scope(user, RISKS, pk=pk)
    require(user.can_edit_service(risk.service), ONLY_OFFICERS)
    return risk


def risks_crumb():
    return ("Risks", reverse("risks:risk_list"))


def register_crumbs(service, *trail) -> list:
    """Risks > the service's register > trail ("Add a risk", "")."""
    register = (f"{service.name} risk register", reverse("risks:register", args=[service.pk]))
    return [risks_crumb(), register, *trail]


def matrix_crumbs(last: str) -> list:
    return [risks_crumb(), ("Risk matrix and appetite", reverse("risks:matrix_detail")), (last, "")]


# -- Council-wide list ---------------------------------------------------------------------


def with_residual_band(risks):
    """Annotate each risk with the name of its residual band, worked out in the database."""
    score = F("residual_likelihood") * F("residual_impact")
    by_cell = CellRating.objects.filter(
        matrix=OuterRef("matrix"),
        likelihood=OuterRef("residual_likelihood"),
        impact=OuterRef("residual_impact"),
    ).values("band__name")[:1]
    by_score = RatingBand.objects.filter(
        matrix=OuterRef("matrix"),
        min_score__lte=OuterRef("residual_score_db"),
        max_score__gte=OuterRef("residual_score_db"),
    ).values("name")[:1]
    return risks.annotate(residual_score_db=score).annotate(
        residual_band_name=Coalesce(Subquery(by_cell), Subquery(by_score))
    )


RISK_LIST_PAGE = 50


@require_safe
def risk_list(request):
    """Every risk the user may read across the council, with filters; overdue reviews flagged.

    The list is kept (council/page_cache.py) until a risk or appetite of one of the reader's
    services changes, or the set-up (names, matrices), the day or the filters do: the list
    and its filters show nothing else about the reader than which services they read."""
    council = council_of(request.user)
    today = timezone.localdate()
    services = Service.objects.visible_to(request.user)
    service_ids = list(services.values_list("pk", flat=True))
    content = page_cache.kept(
        "risks",
        stamps.tokens([(stamps.SERVICE, pk) for pk in service_ids] + [(stamps.SETUP, 0)]),
        # The council too: its matrix names the bands, even for a reader of no service.
        [today.isoformat(), council.pk, service_ids, sorted(request.GET.lists())],
        lambda: render_to_string(
            "risks/includes/risk_list_content.html",
            risk_list_context(request, today, services),
            request=request,
        ),
    )
    return render(
        request,
        "risks/risk_list.html",
        {
            "content": mark_safe(content),  # noqa: S308 - our own template's output, escaped
            "breadcrumbs": [("Dashboard", reverse("dashboard")), ("Risks", "")],
        },
    )


def risk_list_context(request, today, services) -> dict:
    """The filtered risks, highest residual score first, a page of them at a time."""
    filter_form = RiskFilterForm(request.GET or None, user=request.user)
    risks = with_residual_band(
        Risk.objects.visible_to(request.user).for_display().select_related("owner_user")
    )
    status = Risk.Status.OPEN
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        status = data.get("status") or Risk.Status.OPEN
        if data.get("directorate"):
            risks = risks.filter(service__directorate=data["directorate"])
        if data.get("service"):
            risks = risks.filter(service=data["service"])
        if data.get("band"):
            risks = risks.filter(residual_band_name=data["band"])
        if data.get("category"):
            risks = risks.filter(category=data["category"])
        if data.get("owner"):
            risks = risks.filter(owner=data["owner"])
        if data.get("overdue"):
            risks = risks.filter(review_date__lt=today, status=Risk.Status.OPEN)
    if status != ANY_STATUS:
        risks = risks.filter(status=status)
    risks = risks.order_by(
        F("residual_score_db").desc(nulls_last=True),
        "service__directorate__name",
        "service__name",
        "reference",
    )
    paginator = Paginator(risks, RISK_LIST_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(f"There is no such page of risks ({error}).") from error
    return {
        "filter_form": filter_form,
        "today": today,
        "paginator": paginator,
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "object_list": page.object_list,
        "services": services.select_related("directorate").order_by("name"),
    }


# -- A service's register ------------------------------------------------------------------


@require_safe
def register(request, service_pk):
    """A service's risk register: heat maps, appetite, open and closed risks."""
    service = service_in_scope(request.user, service_pk)
    matrix = matrix_current(service.directorate.council)
    risks = list(Risk.objects.filter(service=service).for_display())
    appetites = list(ServiceAppetite.objects.filter(service=service).select_related("level"))
    summary = register_summary(
        risks=risks, appetites=appetites, today=timezone.localdate(), matrices=[matrix]
    )
    return render(
        request,
        "risks/register.html",
        {
            "service": service,
            "summary": summary,
            "matrix": matrix,
            "closed": [r for r in risks if r.status == Risk.Status.CLOSED],
            "can_edit": request.user.can_edit_service(service),
            "breadcrumbs": [risks_crumb(), (f"{service.name} risk register", "")],
        },
    )


@require_safe
def risk_detail(request, pk):
    """One risk with its scores in words and its change history."""
    risk = in_scope(request.user, RISKS, pk=pk)
    history = risk.history.select_related("history_user").order_by("-history_date")[:50]
    current = matrix_current(risk.service.directorate.council)
    return render(
        request,
        "risks/risk_detail.html",
        {
            "risk": risk,
            "history": history,
            "current_matrix": current,
            "can_edit": request.user.can_edit_service(risk.service),
            "overdue": risk.review_overdue(timezone.localdate()),
            "breadcrumbs": register_crumbs(risk.service, (str(risk), "")),
        },
    )


def warn_past_review(request, risk: Risk, today: dt.date) -> None:
    """A past review date on a new risk is worth a warning, never a refusal."""
    if risk.review_date and risk.review_date < today:
        messages.warning(
            request,
            f"The review date of {risk.reference} ({risk.review_date:%d/%m/%Y}) is in the past. "
            "Review the risk now or set a new review date.",
        )


class RiskFormPage:
    """What the add and change pages of a risk share: its form, saved or refused whole (the
    database's constraints), on the shared form page with the matrix's ratings beside it."""

    form_class = RiskForm
    template_name = "risks/risk_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "service": self.service, "matrix": self.matrix}

    def form_valid(self, form):
        try:
            self.object = form.save()
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return self.saved()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            service=self.service,
            matrix=self.matrix,
            caption=f"{self.service.name} risk register",
            **kwargs,
        )


class RiskCreateView(RiskFormPage, CreateView):
    """Add a risk to a service's register, scored against the council's current matrix."""

    def dispatch(self, request, *args, **kwargs):
        self.service = service_in_scope(request.user, kwargs["service_pk"])
        require(request.user.can_edit_service(self.service), ONLY_OFFICERS)
        self.matrix = matrix_current(self.service.directorate.council)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"reference": next_reference(self.service), "owner": self.service.head_of_service}

    def saved(self):
        messages.success(self.request, f"Risk {self.object} has been added to the register.")
        warn_past_review(self.request, self.object, timezone.localdate())
        return redirect("risks:register", self.service.pk)

    def get_context_data(self, **kwargs):
        crumbs = register_crumbs(self.service, ("Add a risk", ""))
        return super().get_context_data(heading="Add a risk", breadcrumbs=crumbs, **kwargs)


class RiskUpdateView(RiskFormPage, UpdateView):
    """Change a risk; it stays scored against the matrix version it was assessed on."""

    def get_object(self, queryset=None):
        risk = editable_risk(self.request.user, self.kwargs["pk"])
        self.service, self.matrix = risk.service, risk.matrix
        return risk

    def saved(self):
        messages.success(self.request, f"Risk {self.object} has been saved.")
        return redirect(self.object)

    def get_context_data(self, **kwargs):
        risk = self.object
        return super().get_context_data(
            heading=f"Change risk {risk.reference}",
            current_matrix=matrix_current(self.service.directorate.council),
            breadcrumbs=register_crumbs(
                self.service, (str(risk), risk.get_absolute_url()), ("Change", "")
            ),
            **kwargs,
        )


def _reassessed(request, form: RiskScoresForm, risk: Risk, matrix) -> bool:
    """Score the risk on the current matrix: whether it was (if not, the form says why)."""
    try:
        risk_reassess(risk=risk, scores=form.scores())
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, f"Risk {risk} has been scored against {matrix}.")
    return True


@require_http_methods(["GET", "POST"])
def risk_reassess_view(request, pk):
    """Score a risk again against the council's current matrix version."""
    risk = editable_risk(request.user, pk)
    current = matrix_current(risk.service.directorate.council)
    if current.pk == risk.matrix_id:
        messages.info(request, f"{risk.reference} is already scored against the current matrix.")
        return redirect(risk)
    form = RiskScoresForm(request.POST or None, instance=risk, service=risk.service, matrix=current)
    if request.method == "POST" and form.is_valid() and _reassessed(request, form, risk, current):
        return redirect(risk)
    return render(
        request,
        "risks/risk_form.html",
        {
            "form": form,
            "risk": risk,
            "service": risk.service,
            "matrix": current,
            "reassess": True,
            "caption": f"{risk.service.name} risk register",
            "heading": f"Score {risk.reference} against the current matrix",
            "breadcrumbs": [
                risks_crumb(),
                (str(risk), risk.get_absolute_url()),
                ("Score again", ""),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def appetite_edit(request, service_pk):
    """A service's risk appetite for each area of its work, with the reason."""
    service = service_in_scope(request.user, service_pk)
    require(request.user.can_edit_service(service), ONLY_OFFICERS)
    council = service.directorate.council
    formset = ServiceAppetiteFormSet(
        request.POST or None,
        queryset=ServiceAppetite.objects.filter(service=service).select_related("level"),
        form_kwargs={"council": council},
        prefix="appetite",
    )
    if request.method == "POST" and formset.is_valid():
        formset.save_for(service)
        messages.success(request, f"The risk appetite of {service.name} has been saved.")
        return redirect("risks:register", service.pk)
    links = formset_error_links(formset, "Area", fallback="area")
    return render(
        request,
        "risks/appetite_form.html",
        {
            "service": service,
            "formset": formset,
            "scale": appetite_scale(council),
            **summary_context(links),
            "breadcrumbs": register_crumbs(service, ("Risk appetite", "")),
        },
    )


# -- The council's matrix and appetite scale -----------------------------------------------


@require_safe
def matrix_detail(request):
    """The council's risk matrix (current and earlier versions) and its appetite scale."""
    council = council_of(request.user)
    current = matrix_current(council)
    versions = list(
        RiskMatrix.objects.filter(council=council)
        .prefetch_related("levels", "bands", "cells")
        .order_by("-version")
    )
    counts = dict(
        Risk.objects.filter(matrix__council=council)
        .values_list("matrix")
        .annotate(n=Count("pk"))
        .values_list("matrix", "n")
    )
    return render(
        request,
        "risks/matrix_detail.html",
        {
            "matrix": current,
            "versions": [(m, counts.get(m.pk, 0)) for m in versions],
            "empty_map": register_summary(risks=[], appetites=[], matrices=[current]).heat_maps[0],
            "scale": appetite_scale(council),
            "is_lead": request.user.is_performance_lead,
            "breadcrumbs": [risks_crumb(), ("Risk matrix and appetite", "")],
        },
    )


def _matrix_saved(matrix, is_new: bool, before, in_use: int) -> str:
    if not is_new:
        return "The risk matrix has been saved."
    return (
        f"The matrix has been saved as version {matrix.version}. New assessments "
        f"use it; the {in_use} risk{'s' if in_use != 1 else ''} scored against "
        f"version {before.version} keep their scores until they are scored again."
    )


@require_http_methods(["GET", "POST"])
def matrix_edit(request):
    """The performance lead sets the matrix: size, axis words, level labels, bands and cell
    ratings."""
    council = council_of(request.user)
    require(request.user.is_performance_lead, ONLY_THE_LEAD)
    current = matrix_current(council)
    editor = MatrixEditor(request.POST if request.method == "POST" else None, current)
    in_use = current.risks.count()
    if request.method == "POST" and editor.is_valid():
        try:
            matrix, is_new = matrix_save(council=council, user=request.user, **editor.matrix_data())
        except ValidationError as error:
            editor.non_field_errors = error.messages
        else:
            messages.success(request, _matrix_saved(matrix, is_new, current, in_use))
            return redirect("risks:matrix_detail")
    links = editor.error_links() if request.method == "POST" else []
    return render(
        request,
        "risks/matrix_form.html",
        {
            "editor": editor,
            "matrix": current,
            "in_use": in_use,
            **summary_context(links),
            "breadcrumbs": matrix_crumbs("Change the matrix"),
        },
    )


@require_http_methods(["GET", "POST"])
def appetite_scale_edit(request):
    """The performance lead sets the council's appetite scale, least appetite first."""
    council = council_of(request.user)
    require(request.user.is_performance_lead, ONLY_THE_LEAD)
    formset = scale_formset(request.POST or None, appetite_scale(council))
    problems: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            appetite_scale_save(council=council, levels=appetite_data(formset))
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, "The risk appetite scale has been saved.")
            return redirect("risks:matrix_detail")
    links = [("levels-heading", p) for p in problems]
    links += formset_error_links(formset, "Level", fallback="area")
    return render(
        request,
        "risks/appetite_scale_form.html",
        {
            "formset": formset,
            **summary_context(links),
            "breadcrumbs": matrix_crumbs("Change the appetite scale"),
        },
    )
