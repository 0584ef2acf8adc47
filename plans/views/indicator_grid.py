"""The indicators grid (kpis) headed in the council's words: the labels its plan gives the
columns of the indicators table, in the kpis section of the service's plan for the years shown.

kpis does not read plans (serviceplans -> plans -> kpis), so this view serves the grid's URL
(serviceplans/urls.py lists it before kpis's own) and passes the labels in as data; without a
plan, or where the plan keeps the app's words, the grid keeps its own headings. Every column
stays in the grid, printed or not, so nothing typed before is out of reach.
"""

from django.views.decorators.http import require_http_methods

from council import periods
from kpis import views as kpi_views
from kpis.forms import IndicatorRowForm
from plans.columns import relabelled
from plans.models import Section, SectionKind

# The grid's fields (kpis.forms.GRID_COLUMNS) that a column of the indicators table prints;
# the targets are the table's "targets", a column for each year.
FIELD_COLUMNS = {
    "reference": "reference",
    "title": "title",
    "frequency": "frequency",
    "baseline": "baseline",
}


@require_http_methods(["GET", "POST"])
def indicator_grid(request, service_pk):
    """kpis.views.indicator_grid, headed in the words of the service's plan."""
    return kpi_views.indicator_grid(request, service_pk, council_headings=plan_headings)


def plan_headings(service, plan_years: list[int]) -> dict[str, str]:
    """The council's headings of the grid's columns, by field, as the plan prints them: from
    the first kpis section of the service's plan for the years shown (the plan that starts
    nearest the first of them, the earlier of two as near). One query."""
    first, last = plan_years[0], plan_years[-1]
    sections = list(
        Section.objects.filter(
            kind=SectionKind.KPIS,
            plan__service=service,
            plan__first_year__lte=last,
            plan__last_year__gte=first,
        )
        .select_related("plan")
        .order_by("position", "pk")
    )
    if not sections:
        return {}
    section = min(sections, key=lambda s: (abs(s.plan.first_year - first), s.plan.first_year))
    plan_first = section.plan.first_year
    council = relabelled(section.columns, "indicators")
    year_before = periods.year_label(plan_first - 1)  # as the plan's table head prints it
    headings = {
        name: council[key].year_label(0, year_before)
        for name, key in FIELD_COLUMNS.items()
        if key in council
    }
    targets = council.get("targets")
    for year in plan_years:
        if targets is not None and year >= plan_first:  # a year before the plan is not its own
            name = IndicatorRowForm.target_name(year)
            headings[name] = targets.year_label(year - plan_first, periods.year_label(year))
    return headings
