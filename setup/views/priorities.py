"""Corporate priorities and their objectives: list, add or change a priority with its
objectives on one page, delete a priority nothing links to."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from council.access import lead_council
from council.error_summary import error_links, formset_error_links, summary_context
from council.models import CorporatePriority
from setup.forms.priorities import ObjectiveFormSet, PriorityForm
from setup.priorities import priority_delete
from setup.views.pages import setup_crumbs

TITLE = "Corporate priorities and objectives"


@require_safe
def priority_list(request):
    """The council's priorities in their order, each with its objectives."""
    council = lead_council(request.user)
    priorities = CorporatePriority.objects.filter(council=council).prefetch_related("objectives")
    return render(
        request,
        "setup/corporatepriority_list.html",
        {"priorities": priorities, "breadcrumbs": setup_crumbs((TITLE, ""))},
    )


@require_http_methods(["GET", "POST"])
def priority_edit(request, pk=None):
    """Add a priority, or change one, with its objectives (add, change, remove), saved as
    one or not at all."""
    council = lead_council(request.user)
    if pk is None:
        priority, heading = CorporatePriority(council=council), "Add a corporate priority"
    else:
        priority = get_object_or_404(CorporatePriority, council=council, pk=pk)
        heading = f"Change {priority}"
    data = request.POST if request.method == "POST" else None
    form = PriorityForm(data, instance=priority, council=council)
    objectives = ObjectiveFormSet(data, instance=priority, prefix="objectives")
    if data is not None and form.is_valid() and objectives.is_valid():
        with transaction.atomic():
            priority = form.save()
            objectives.instance = priority
            objectives.save()
        messages.success(request, f"{priority} has been saved.")
        return redirect("setup:priority_list")
    links = error_links(form) + formset_error_links(objectives, "Objective")
    links += [("objectives-heading", error) for error in objectives.non_form_errors()]
    return render(
        request,
        "setup/corporatepriority_form.html",
        {
            "form": form,
            "objectives": objectives,
            "priority": priority if pk else None,
            "heading": heading,
            **summary_context(links),
            "breadcrumbs": setup_crumbs((TITLE, reverse("setup:priority_list")), (heading, "")),
        },
    )


@require_POST
def priority_delete_view(request, pk):
    """Delete a priority and its objectives when nothing links to them; say what does."""
    council = lead_council(request.user)
    priority = get_object_or_404(CorporatePriority, council=council, pk=pk)
    try:
        priority_delete(priority=priority)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("setup:priority_change", priority.pk)
    messages.success(request, f"{priority} has been deleted.")
    return redirect("setup:priority_list")
