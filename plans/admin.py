"""Admin for the performance lead: the council's plan template, and plans' document details."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from council.admin import COUNCIL_LOOKUPS, CouncilScopedAdmin
from plans.columns import tables_of
from plans.models import Plan, TemplateSection, TemplateSignOff

COUNCIL_LOOKUPS[TemplateSection] = "council"
COUNCIL_LOOKUPS[Plan] = "service__directorate__council"
COUNCIL_LOOKUPS[TemplateSignOff] = "council"


@admin.register(TemplateSignOff)
class TemplateSignOffAdmin(CouncilScopedAdmin):
    """The signatures every new plan needs before it is approved, in the order they sign."""

    list_display = ["position", "title"]
    list_display_links = ["title"]
    list_editable = ["position"]
    ordering = ["position", "pk"]
    fields = ["position", "title"]


@admin.register(TemplateSection)
class TemplateSectionAdmin(CouncilScopedAdmin):
    """The ordered sections every new plan of the council starts with."""

    list_display = ["position", "number", "level", "title", "kind", "column_layout", "required"]
    list_display_links = ["title"]
    list_editable = ["position", "number", "level", "required"]
    list_filter = ["kind", "required"]
    ordering = ["position", "pk"]
    fields = ["position", "number", "level", "title", "kind", "required", "guidance"]

    @admin.display(description="columns")
    def column_layout(self, section):
        """A link to the page where the section's table columns are labelled and ordered."""
        if not tables_of(section.kind):
            return "–"
        url = reverse("plans:template_columns", args=[section.pk])
        label = "Change (the council's)" if section.columns else "Change (the default)"
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> the columns of {}</span></a>',
            url,
            label,
            section.title,
        )


@admin.register(Plan)
class PlanAdmin(CouncilScopedAdmin):
    """Plans' document details. Content is written on the plan pages, not here."""

    list_display = ["service", "period_label", "status", "reference"]
    list_filter = ["status", "service__directorate", "first_year"]
    search_fields = ["service__name", "reference"]
    fields = ["service", "first_year", "last_year", "status", "reference"]
    readonly_fields = ["service", "first_year", "last_year", "status"]

    def has_add_permission(self, request, *args):
        return False  # plans are started by officers, from the template, on the plans pages

    @admin.display(description="period")
    def period_label(self, plan):
        return plan.period_label
