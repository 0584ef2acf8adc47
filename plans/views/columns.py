"""The columns of a section's tables, in the council's words and order: for a plan's section
(its officers) and for the template section new plans copy (the performance lead)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from council.access import in_scope, require
from plans.columns import (
    hidden_in_plans,
    hidden_with_entries,
    save_template_columns,
    tables_of,
)
from plans.forms.columns import ColumnLayoutForm, TemplateColumnLayoutForm
from plans.models import Section, TemplateSection
from plans.views.access import editable_plan
from plans.views.plans import plan_crumbs


def _require_table(section) -> None:
    if not tables_of(section.kind):
        raise Http404("This section has no table.")


def confirmed(request, hidden) -> bool:
    """The user saw the warning about these columns' entries and saved again."""
    seen = set(request.POST.get("confirm_hidden", "").split(","))
    return all(f"{table}.{column.key}" in seen for table, column, _ in hidden)


@require_http_methods(["GET", "POST"])
def section_columns(request, pk, section_pk):
    """Relabel, hide and order the columns one plan's section prints."""
    plan = editable_plan(request, pk)
    section = get_object_or_404(Section, plan=plan, pk=section_pk)
    _require_table(section)
    data = request.POST if request.method == "POST" else None
    form = ColumnLayoutForm(data, kind=section.kind, layout=section.columns)
    hidden = []
    if request.method == "POST" and form.is_valid():
        layout = form.layout_value()
        hidden = hidden_with_entries(plan, section.columns, layout, section)
        if confirmed(request, hidden):
            section.columns = layout
            section.save(update_fields=["columns"])
            messages.success(request, f"The columns of {section} have been saved.")
            return redirect(f"{plan.get_absolute_url()}#{section.anchor}")
    return render(
        request,
        "plans/section_columns.html",
        {
            "form": form,
            "section": section,
            "hidden": hidden,
            "caption": f"{plan.service.name} · {plan.period_label}",
            "breadcrumbs": plan_crumbs(plan, f"Columns of {section.title}"),
        },
    )


def template_sections_url(template_id: int) -> str:
    """The Set up page of one template's sections."""
    return reverse("setup:template_detail", args=[template_id])


@require_http_methods(["GET", "POST"])
def template_columns(request, pk):
    """Relabel, hide and order the columns of a template section, for the plans made from
    it and, when asked, for the plans already made that are not yet published."""
    user = request.user
    section = in_scope(user, TemplateSection.objects.select_related("template"), pk=pk)
    require(user.is_performance_lead, "Only the performance lead changes the council's template.")
    _require_table(section)
    data = request.POST if request.method == "POST" else None
    form = TemplateColumnLayoutForm(data, kind=section.kind, layout=section.columns)
    hidden = []
    if request.method == "POST" and form.is_valid():
        hidden = _template_layout_save(request, section, form)
        if hidden is None:
            return redirect(template_sections_url(section.template_id))
    return render(
        request,
        "plans/section_columns.html",
        {
            "form": form,
            "section": section,
            "hidden": hidden,
            "hidden_where": " in the plans made from this template that are not yet published",
            "caption": "Plan template",
            "breadcrumbs": [
                ("Dashboard", reverse("dashboard")),
                ("Set up", reverse("setup:task_list")),
                ("Plan templates", reverse("setup:template_list")),
                (section.template.name, template_sections_url(section.template_id)),
                (f"Columns of {section.title}", ""),
            ],
        },
    )


def _template_layout_save(request, section: TemplateSection, form) -> list | None:
    """Save the template's layout (and the plans' it is given to) unless it hides columns
    with entries not yet confirmed: those columns, or None once saved."""
    layout = form.layout_value()
    hidden = hidden_in_plans(section, layout) if form.cleaned_data.get("apply_to_plans") else []
    if not confirmed(request, hidden):
        return hidden
    changed = save_template_columns(section, layout, form.cleaned_data)
    extra = f" and in {changed} plan{'s' if changed != 1 else ''}" if changed else ""
    messages.success(request, f"The columns of {section.title} have been saved{extra}.")
    return None
