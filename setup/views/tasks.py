"""The set-up task list."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from council.access import lead_council
from setup.checklist import council_tasks
from setup.views.pages import setup_crumbs


@require_safe
def task_list(request):
    """Everything the lead sets up, with how far each has got."""
    council = lead_council(request.user)
    return render(
        request,
        "setup/task_list.html",
        {"tasks": council_tasks(council), "breadcrumbs": setup_crumbs()[:-1] + [("Set up", "")]},
    )
