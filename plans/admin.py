"""Admin for the performance lead: the council's plan template, and plans' document details."""

from django.contrib import admin

from council.admin import COUNCIL_LOOKUPS, CouncilScopedAdmin
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

    list_display = ["position", "number", "level", "title", "kind", "required"]
    list_display_links = ["title"]
    list_editable = ["position", "number", "level", "required"]
    list_filter = ["kind", "required"]
    ordering = ["position", "pk"]
    fields = ["position", "number", "level", "title", "kind", "required", "guidance"]


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
