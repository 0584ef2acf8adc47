"""A plan's actions entered and changed as one grid, saved in one go.

Like every change to the actions section (plans/views/actions.py) the grid is saved through
`plans.services.editing.section_save`: only officers of the service, never a published plan, and
refused with the typed rows kept when someone saved the section since the page was opened.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from council.error_summary import summary_context
from kpis.grid import grid_error_links, not_validated, posted_grid, refuse_grid
from plans.forms.action_grid import ActionGrid
from plans.views.access import editable_plan
from plans.views.actions import SectionSave, _actions_sections
from plans.views.plans import plan_crumbs


@require_http_methods(["GET", "POST"])
def action_grid(request, pk):
    """Every action of the plan as a row: add, change, reorder and remove them together.

    "Add another row" shows the grid again with a blank row more and saves nothing, so it
    works without JavaScript. A save lands whole or not at all: one bad cell and the grid
    comes back with what was typed and an error summary that links to the cell. The columns
    are headed in the council's words: the labels of the section the actions print in."""
    plan = editable_plan(request, pk)
    sections = _actions_sections(plan)
    saving = SectionSave(request, sections[0])  # the first locks the actions, wherever printed
    data, adding = posted_grid(request)
    grid = ActionGrid(data, plan=plan, sections=sections, prefix="form")
    if adding:
        not_validated(grid)
    elif data is not None and grid.is_valid():
        try:
            saved = saving(write=grid.save_rows)
        except ValidationError as error:
            refuse_grid(grid, error)
        else:
            if saved:
                _warn_outside_period(request, plan, grid.outside_period())
                messages.success(request, "The actions have been saved.")
                return redirect(saving.back_url)
    links = grid_error_links(grid, "actions-heading") if data is not None and not adding else []
    context = {"plan": plan, "grid": grid, "columns": [label for _, label in grid.headings]}
    context["breadcrumbs"] = plan_crumbs(plan, "Actions as a table")
    context.update(saving.context(), **summary_context(links))
    return render(request, "plans/actions/action_grid.html", context, status=saving.status)


def _warn_outside_period(request, plan, rows: list) -> None:
    """Target dates outside the plan's period are saved, with a warning to check them."""
    if rows:
        messages.warning(
            request,
            f"{len(rows)} target date{'s are' if len(rows) > 1 else ' is'} "
            f"outside the plan's period ({plan.period_label}). "
            "They have been saved: check they are right.",
        )
