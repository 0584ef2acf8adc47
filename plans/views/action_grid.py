"""A plan's actions entered and changed as one grid, saved in one go.

Like every change to the actions section (plans/views/actions.py) the grid is saved through
`plans.services.editing.section_save`: only officers of the service, never a published plan, and
refused with the typed rows kept when someone saved the section since the page was opened.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kpis.grid import grid_error_links, not_validated, with_one_more_row
from plans.forms.action_grid import ActionGrid
from plans.services.editing import SectionConflict, section_save
from plans.views.access import editable_plan
from plans.views.actions import _actions_sections, _breadcrumbs, _posted_version


@require_http_methods(["GET", "POST"])
def action_grid(request, pk):
    """Every action of the plan as a row: add, change, reorder and remove them together.

    "Add another row" shows the grid again with a blank row more and saves nothing, so it
    works without JavaScript. A save lands whole or not at all: one bad cell and the grid
    comes back with what was typed and an error summary that links to the cell. The columns
    are headed in the council's words: the labels of the section the actions print in."""
    plan = editable_plan(request, pk)
    sections = _actions_sections(plan)
    section = sections[0]  # locks the actions, whichever section prints them
    version = _posted_version(request, section)
    data = request.POST if request.method == "POST" else None
    adding = data is not None and "add_row" in data
    if adding:
        data = with_one_more_row(data, "form")
    grid = ActionGrid(data, plan=plan, sections=sections, prefix="form")
    conflict, failure = None, None
    if adding:
        not_validated(grid)
    elif data is not None and grid.is_valid():
        try:
            section_save(
                section=section, expected_version=version, user=request.user, write=grid.save_rows
            )
        except SectionConflict as error:
            conflict = error.current
            version = conflict.version
        except ValidationError as error:
            failure = " ".join(error.messages)
        else:
            saved = [f for f in grid.forms if f.has_changed() and f not in grid.deleted_forms]
            outside = [f for f in saved if f.instance.target_outside(plan)]
            if outside:
                messages.warning(
                    request,
                    f"{len(outside)} target date{'s are' if len(outside) > 1 else ' is'} "
                    f"outside the plan's period ({plan.period_label}). "
                    "They have been saved: check they are right.",
                )
            messages.success(request, "The actions have been saved.")
            return redirect(f"{plan.get_absolute_url()}#{section.anchor}")
    links = [("actions-heading", failure)] if failure else []
    if data is not None and not adding:
        links += grid_error_links(grid, "actions-heading")
    return render(
        request,
        "plans/actions/action_grid.html",
        {
            "plan": plan,
            "section": section,
            "grid": grid,
            "columns": [label for _, label in grid.headings],
            "version": version,
            "conflict": conflict,
            "has_errors": bool(links),
            "error_links": links,
            "cancel_url": f"{plan.get_absolute_url()}#{section.anchor}",
            "breadcrumbs": _breadcrumbs(plan, "Actions as a table"),
        },
        status=409 if conflict else 200,
    )
