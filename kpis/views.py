"""Performance pages: a service's indicators, one indicator, targets and results, the
council dashboard, and the spreadsheet round trip.

Every view starts from the user's scope: indicators of services they may not read are
404, changes by people who may only read are 403.
"""

import datetime as dt
import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import CreateView, UpdateView

from council import page_cache, stamps
from council import periods as years
from council.access import in_scope, require, service_in_scope
from council.error_summary import add_service_errors, error_links, summary_context
from council.models import FinancialYear, QuarterLock, Service
from kpis import periods, reports, spreadsheets
from kpis.forms import (
    DashboardFilterForm,
    ImportReasonForm,
    IndicatorForm,
    IndicatorGrid,
    RatingRuleForm,
    ResultForm,
    TargetReasonForm,
    TargetsForm,
    UploadForm,
)
from kpis.grid import grid_error_links, not_validated, posted_grid
from kpis.models import (
    COMMENTARY_NEEDED,
    ImportBatch,
    Indicator,
    Rating,
    Result,
    Target,
)
from kpis.reports import dashboard_rows, quarter_ratings, rating_counts
from kpis.services import locked_quarter, result_record, results_import

# --- Access -----------------------------------------------------------------------------

ONLY_REPORTERS = "Only officers of this service or the performance lead can change its indicators."


def editable_indicator(user, pk, queryset=None) -> Indicator:
    """The indicator if this user may change it: 404 out of scope, 403 when read-only."""
    queryset = Indicator.objects.all() if queryset is None else queryset
    indicator = in_scope(user, queryset.select_related("service__directorate__council"), pk=pk)
    require(user.can_report_for(indicator.service), ONLY_REPORTERS)
    return indicator


def today() -> dt.date:
    return timezone.localdate()


# --- A service's indicators -------------------------------------------------------------


@require_GET
def indicator_list(request, service_pk):
    """The indicators of one service with their latest result and rating."""
    service = service_in_scope(request.user, service_pk)
    as_at = today()
    indicators = list(
        Indicator.objects.filter(service=service).with_figures().order_by("kind", "code")
    )
    rows = []
    for indicator in indicators:
        latest = indicator.latest_result(as_at)
        status = indicator.status_at(latest.period_obj) if latest else None
        rows.append((indicator, status))
    return render(
        request,
        "kpis/indicator_list.html",
        {
            "service": service,
            "rows": rows,
            "can_edit": request.user.can_report_for(service),
            "breadcrumbs": [
                ("Performance", reverse("kpis:dashboard")),
                (service.name, ""),
            ],
        },
    )


class IndicatorCreateView(CreateView):
    """Define a new indicator for a service the user reports for."""

    form_class = IndicatorForm
    template_name = "form_page.html"

    def dispatch(self, request, *args, **kwargs):
        self.service = service_in_scope(request.user, kwargs["service_pk"])
        require(request.user.can_report_for(self.service), ONLY_REPORTERS)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "service": self.service}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Indicator {self.object} has been added.")
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            caption=self.service.name,
            heading=f"Add an indicator to {self.service.name}",
            breadcrumbs=_service_crumbs(self.service, "Add an indicator"),
            **kwargs,
        )


class IndicatorUpdateView(UpdateView):
    """Change what an indicator measures and how it is rated."""

    form_class = IndicatorForm
    template_name = "form_page.html"

    def get_object(self, queryset=None):
        return editable_indicator(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "service": self.object.service}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Indicator {self.object} has been saved.")
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            caption=self.object.service.name,
            heading=f"Edit {self.object.handle}",
            breadcrumbs=_indicator_crumbs(self.object, "Edit"),
            **kwargs,
        )


class RatingRuleUpdateView(UpdateView):
    """The rating rule of an indicator: for its officers and the performance lead."""

    form_class = RatingRuleForm
    template_name = "kpis/rating_rule_form.html"

    def get_object(self, queryset=None):
        return editable_indicator(self.request.user, self.kwargs["pk"])

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"The rating rule of {self.object.handle} has been saved.")
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            caption=str(self.object),
            heading="Rating rule",
            title=f"Rating rule of {self.object.handle}",
            breadcrumbs=_indicator_crumbs(self.object, "Rating rule"),
            **kwargs,
        )


def _service_crumbs(service, last: str) -> list:
    return [
        ("Performance", reverse("kpis:dashboard")),
        (service.name, reverse("kpis:indicator_list", args=[service.pk])),
        (last, ""),
    ]


def _indicator_crumbs(indicator, last: str) -> list:
    return [
        ("Performance", reverse("kpis:dashboard")),
        (indicator.service.name, reverse("kpis:indicator_list", args=[indicator.service_id])),
        (indicator.handle, indicator.get_absolute_url()),
        (last, ""),
    ]


# --- A service's indicators as a grid ---------------------------------------------------

GRID_YEARS = 3  # shown unless asked: this year and the next two, as a three-year plan has


def grid_years(request, known: list[FinancialYear]) -> list[int]:
    """The years whose targets the grid shows: ?from=2026&to=2028 (at most six years), else
    this year and the next two; only the council's financial years when it has set them."""
    starts = [year.start_year for year in known]
    first = next((y.start_year for y in known if y.is_current), None) or years.year_of(today())
    last = first + GRID_YEARS - 1
    asked = request.GET.get("from", ""), request.GET.get("to", "")
    if all(re.fullmatch(r"[0-9]{4}", value) for value in asked):
        asked_first, asked_last = int(asked[0]), int(asked[1])
        if asked_first <= asked_last <= asked_first + 5:
            first, last = asked_first, asked_last
    chosen = [year for year in range(first, last + 1) if not starts or year in starts]
    return chosen or starts[-GRID_YEARS:]


@require_http_methods(["GET", "POST"])
def indicator_grid(request, service_pk, council_headings=None):
    """Every indicator of the service as a row with its targets for the years shown: add,
    change, reorder and remove them together, saved whole or not at all, with the reason
    for a changed target (IndicatorGridFormSet.save_with_reason). "Add another row" saves
    nothing. kpis does not read plans: plans.views.indicator_grid serves the URL and passes
    council_headings(service, plan_years), the column headings in the plan's words."""
    service = service_in_scope(request.user, service_pk)
    require(request.user.can_report_for(service), ONLY_REPORTERS)
    known = list(FinancialYear.objects.filter(council_id=service.directorate.council_id))
    plan_years = grid_years(request, known)
    data, adding = posted_grid(request)
    headings = council_headings(service, plan_years) if council_headings else None
    grid = IndicatorGrid(
        data, service=service, plan_years=plan_years, headings=headings, prefix="form"
    )
    reason = TargetReasonForm(data)
    if adding:
        not_validated(grid)
    elif (
        data is not None
        and all([grid.is_valid(), reason.is_valid()])  # noqa: C419 (each shows its errors)
        and grid.save_with_reason(reason, user=request.user)
    ):
        messages.success(request, f"The indicators of {service.name} have been saved.")
        return redirect("kpis:indicator_list", service.pk)
    links = []
    if data is not None and not adding:
        links = grid_error_links(grid, "indicators-heading") + error_links(reason)
    return render(request, "kpis/indicator_grid.html", _grid_page(grid, reason, known, links))


def _grid_page(grid, reason, known: list[FinancialYear], links) -> dict:
    service, plan_years = grid.service, grid.plan_years
    return {
        "service": service,
        "grid": grid,
        "reason": reason,
        "columns": [label for _, label in grid.headings],
        "period_label": years.range_label(plan_years[0], plan_years[-1]),
        "year_choices": [(year.start_year, year.label) for year in known],
        "plan_years": plan_years,
        **summary_context(links),
        "breadcrumbs": _service_crumbs(service, "Indicators as a table"),
    }


# --- One indicator ------------------------------------------------------------------------


def detail_queryset():
    return Indicator.objects.prefetch_related(
        Prefetch(
            "targets",
            queryset=Target.objects.prefetch_related("revisions__changed_by"),
        ),
        Prefetch(
            "results",
            queryset=Result.objects.select_related("entered_by").prefetch_related(
                "corrections__corrected_by"
            ),
        ),
        "priorities",
        "objectives",
    )


CHART_PERIODS = 24


def _mark_locked(indicator: Indicator, statuses) -> None:
    """Mark each period whose quarter is locked: only the performance lead corrects its
    results (result_edit)."""
    locks = QuarterLock.objects.quarters(
        [indicator.service_id], {status.period.year for status in statuses}
    )
    for status in statuses:
        status.locked = (indicator.service_id, status.period.year, status.period.quarter) in locks


@require_GET
def indicator_detail(request, pk):
    """An indicator with its targets, results, ratings, trend chart and change records."""
    indicator = in_scope(
        request.user,
        detail_queryset().select_related("service__directorate__council", "owner_user"),
        pk=pk,
    )
    as_at = today()
    statuses = reports.indicator_statuses(indicator, as_at)
    chart = reports.indicator_chart(indicator, statuses[-CHART_PERIODS:])
    targets = sorted(indicator.targets.all(), key=lambda t: t.year)
    corrections = [(res, c) for res in indicator.results.all() for c in res.corrections.all()]
    can_edit = request.user.can_report_for(indicator.service)
    _mark_locked(indicator, statuses)
    return render(
        request,
        "kpis/indicator_detail.html",
        {
            "indicator": indicator,
            "statuses": list(reversed(statuses)),
            "chart_rows": statuses[-CHART_PERIODS:],
            "chart": chart,
            "targets": targets,
            "revisions": [(t, r) for t in targets for r in t.revisions.all()],
            "corrections": corrections,
            "can_edit": can_edit,
            "can_edit_rule": can_edit,
            "corrects_locked": request.user.is_performance_lead,
            "breadcrumbs": _service_crumbs(indicator.service, indicator.handle),
        },
    )


@require_http_methods(["GET", "POST"])
def targets_edit(request, pk):
    """Set the target of each year; changing one keeps the old target and the reason."""
    indicator = editable_indicator(request.user, pk, Indicator.objects.prefetch_related("targets"))
    form = TargetsForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            form.save_targets(user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"The targets of {indicator.handle} have been saved.")
            return redirect(indicator)
    return render(
        request,
        "kpis/targets_form.html",
        {
            "form": form,
            "indicator": indicator,
            **summary_context(error_links(form)),
            "breadcrumbs": _indicator_crumbs(indicator, "Targets"),
        },
    )


def _started_period(indicator, year: int, number: int) -> periods.Period:
    """The indicator's period, once it has started: 404 for one that is not, or not yet."""
    if not periods.is_valid(indicator.frequency, number) or not 2000 <= year <= 2100:
        raise Http404("No such period for this indicator.")
    period = indicator.period(year, number)
    if period.start > today():
        raise Http404("Results can be entered once a period has started.")
    return period


@require_http_methods(["GET", "POST"])
def result_edit(request, pk, year, period):
    """Enter the result of one period, or correct it with a reason."""
    indicator = editable_indicator(
        request.user, pk, Indicator.objects.with_figures().select_related("council")
    )
    this_period = _started_period(indicator, year, period)
    lock = locked_quarter(indicator, this_period)
    require(
        lock is None or request.user.is_performance_lead,
        lock and f"{lock.locked_words}: only the performance lead can correct its results.",
    )
    result = indicator.result_for(this_period)
    form = ResultForm(
        request.POST or None, indicator=indicator, period=this_period, result=result, lock=lock
    )
    if request.method == "POST" and form.is_valid() and _recorded(request, form, result):
        return redirect(indicator)
    return render(
        request,
        "kpis/result_form.html",
        {
            "form": form,
            "indicator": indicator,
            "period": this_period,
            "result": result,
            "lock": lock,
            "target": indicator.target_for(year),
            **summary_context(error_links(form)),
            "breadcrumbs": _indicator_crumbs(indicator, this_period.label),
        },
    )


def _recorded(request, form: ResultForm, result: Result | None) -> bool:
    """Save the result typed (a correction when there was one): whether it was saved (if
    not, the form says why)."""
    period = form.period
    try:
        result_record(
            indicator=form.indicator,
            year=period.year,
            period=period.number,
            user=request.user,
            **form.recorded(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    verb = "corrected" if result else "saved"
    messages.success(request, f"The result for {period.label} has been {verb}.")
    return True


# --- The council dashboard ----------------------------------------------------------------

DASHBOARD_PAGE = 100


def ended_quarters(as_at: dt.date, count: int = 8) -> list[tuple[int, int]]:
    year, quarter = years.quarter_of(as_at)
    out = []
    for _ in range(count):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        out.append((year, quarter))
    return out


@require_GET
def dashboard(request):
    """All indicators the user may read, rated for a quarter, with counts and what is overdue.

    The content is kept (council/page_cache.py) until a result, target or indicator of one of
    the reader's services changes, or the set-up, the day or the filters do."""
    as_at = today()
    services = Service.objects.visible_to(request.user).order_by("name")
    service_ids = list(services.values_list("pk", flat=True))
    can_upload = Service.objects.reported_by(request.user).exists()
    filters = sorted(request.GET.lists())
    content = page_cache.kept(
        "dashboard",
        stamps.tokens([(stamps.SERVICE, pk) for pk in service_ids] + [(stamps.SETUP, 0)]),
        # The council too: its directorates and priorities head the filters, even for a
        # reader of no service.
        [as_at.isoformat(), request.user.council_id, can_upload, service_ids, filters],
        lambda: render_to_string(
            "kpis/includes/dashboard_content.html",
            dashboard_context(request, as_at, services, can_upload),
            request=request,
        ),
    )
    return render(request, "kpis/dashboard.html", {"content": mark_safe(content)})  # noqa: S308


def dashboard_context(request, as_at, services, can_upload) -> dict:
    quarters = ended_quarters(as_at)
    form = DashboardFilterForm(request.GET or None, user=request.user, quarters=quarters)
    quarter = form.quarter_chosen(default=quarters[0])
    indicators = form.filter_indicators(
        Indicator.objects.visible_to(request.user).select_related("service__directorate")
    ).order_by("service__directorate__name", "service__name", "code")
    # Counts and filters over every indicator from plain values; full rows for one page.
    ratings = quarter_ratings(indicators, quarter, as_at)
    counts = rating_counts(ratings)
    overdue_count = sum(1 for rated in ratings if rated.overdue)
    ratings = form.filter_ratings(ratings)
    page = Paginator(ratings, DASHBOARD_PAGE).get_page(request.GET.get("page"))
    shown = [rated.indicator_id for rated in page.object_list]
    loaded = indicators.filter(pk__in=shown).with_figures_due(years.quarter_end(*quarter))
    by_pk = {indicator.pk: indicator for indicator in loaded}
    page.object_list = dashboard_rows([by_pk[pk] for pk in shown], quarter, as_at)
    return {
        "form": form,
        "filter_errors": form.is_bound and not form.is_valid(),
        "quarter_label": years.quarter_label(*quarter),
        "counts": [(value, Rating(value).label, counts[value]) for value in Rating.values],
        "total": sum(counts.values()),
        "overdue_count": overdue_count,
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "services": services,
        "can_upload": can_upload,
        "query": request.GET.copy(),
    }


# --- Spreadsheets ---------------------------------------------------------------------------


def _scoped_indicators(request):
    """Indicators the user may read, or those of one service when ?service= is given."""
    indicators = Indicator.objects.visible_to(request.user)
    service = None
    if request.GET.get("service"):
        try:
            service_pk = int(request.GET["service"])
        except ValueError:
            raise Http404("No such service.") from None
        service = service_in_scope(request.user, service_pk)
        indicators = indicators.filter(service=service)
    return indicators.select_related("service"), service


def _download(content, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def template_download(request):
    """The .xlsx template: a row per indicator, a column per period of the year."""
    indicators, service = _scoped_indicators(request)
    year = years.year_of(today())
    asked = request.GET.get("year", "")
    if re.fullmatch(r"[0-9]+", asked):
        # No year has more than 4 digits, and int() of thousands of them raises.
        year = int(asked) if len(asked) <= 4 else 0
        if not years.EARLIEST_YEAR <= year <= years.LATEST_YEAR:
            raise Http404("No such year.")
    indicators = list(indicators.with_figures([year]).order_by("service__name", "code"))
    name = service.code if service else "council"
    return _download(
        spreadsheets.template_workbook(
            indicators, year, commentary_rule=request.user.council.commentary_required
        ),
        f"results-{name}-{year}.xlsx",
        XLSX,
    )


@require_GET
def export(request, fmt):
    """Indicators with their targets and results, as .xlsx or CSV."""
    indicators, service = _scoped_indicators(request)
    indicators = list(indicators.with_figures().order_by("service__name", "code"))
    name = service.code if service else "council"
    if fmt == "csv":
        return _download(
            spreadsheets.export_csv(indicators), f"indicators-{name}.csv", "text/csv; charset=utf-8"
        )
    target_years = sorted({t.year for i in indicators for t in i.targets.all()})
    return _download(
        spreadsheets.export_xlsx(indicators, target_years), f"indicators-{name}.xlsx", XLSX
    )


@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Upload a filled-in template; nothing is saved until the preview is confirmed."""
    require(
        Service.objects.reported_by(request.user).exists(),
        "Only officers and the performance lead can upload results.",
    )
    posted = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = UploadForm(*posted, user=request.user, today=today())
    if form.is_valid():
        batch = ImportBatch.objects.create(
            council_id=request.user.council_id,
            uploaded_by=request.user,
            filename=form.cleaned_data["file"].name[:255],
            rows=form.rows,
        )
        return redirect(batch)
    return render(
        request,
        "kpis/import_form.html",
        {
            "form": form,
            "services": Service.objects.reported_by(request.user).order_by("name"),
            "commentary_needed": COMMENTARY_NEEDED.get(
                request.user.council.commentary_required, ""
            ),
            "breadcrumbs": [("Performance", reverse("kpis:dashboard")), ("Upload results", "")],
        },
    )


PREVIEW_ROWS = 500


@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    """Every change and every refused row of an upload; confirm to apply, or cancel."""
    batch = get_object_or_404(
        ImportBatch, pk=pk, uploaded_by=request.user, council_id=request.user.council_id
    )
    if request.method == "POST":
        return _import_decision(request, batch)
    return render(request, "kpis/import_preview.html", _preview_page(batch))


def _import_decision(request, batch: ImportBatch):
    """Apply the upload (all of it, or only its rows without errors) or cancel it."""
    action = request.POST.get("action")
    if batch.status != ImportBatch.Status.PREVIEW:
        messages.error(request, "This upload has already been applied or cancelled.")
        return redirect(batch)
    if action == "cancel":
        batch.status = ImportBatch.Status.CANCELLED
        batch.save(update_fields=["status"])
        messages.success(request, "The upload has been cancelled. Nothing was saved.")
        return redirect("kpis:import_upload")
    if action not in {"apply", "apply_valid"}:
        messages.error(request, "Choose whether to apply the changes or cancel.")
        return redirect(batch)
    form = ImportReasonForm(request.POST)
    if form.is_valid():
        try:
            count = results_import(
                batch=batch,
                user=request.user,
                valid_only=action == "apply_valid",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{count} result{'s' if count != 1 else ''} saved.")
            return redirect(batch)
    # Refused: the page again, the refusal in its error summary and the reason as typed.
    return render(request, "kpis/import_preview.html", _preview_page(batch, form))


def _preview_page(batch: ImportBatch, form: ImportReasonForm | None = None) -> dict:
    changes, errors = batch.change_rows, batch.error_rows
    kinds = [row["change"] for row in changes]
    form = form or ImportReasonForm()
    apply_errors = [
        ("id_reason" if name == "reason" else "apply-changes", message)
        for name, messages_ in form.errors.items()
        for message in messages_
    ]
    return {
        "batch": batch,
        "form": form,
        "apply_errors": apply_errors,
        "locked_count": sum(bool(row.get("locked")) for row in changes),
        "errors": errors[:PREVIEW_ROWS],
        "error_count": len(errors),
        "changes": changes[:PREVIEW_ROWS],
        "change_count": len(changes),
        "new_count": kinds.count("new"),
        "changed_count": kinds.count("changed"),
        "commentary_count": kinds.count("commentary"),
        "unchanged_count": len(batch.valid_rows) - len(changes),
        "preview_limit": PREVIEW_ROWS,
        "breadcrumbs": [
            ("Performance", reverse("kpis:dashboard")),
            ("Upload results", reverse("kpis:import_upload")),
            ("Check your changes", ""),
        ],
    }
