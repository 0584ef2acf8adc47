"""Admin for the performance lead: the council's plan template, and plans' document details."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from council.admin import COUNCIL_LOOKUPS, CouncilScopedAdmin
from plans.columns import tables_of
from plans.models import Plan, Template, TemplateSection, TemplateSignOff
from plans.plan_templates import template_copy

COUNCIL_LOOKUPS[Template] = "council"
COUNCIL_LOOKUPS[TemplateSection] = "template__council"
COUNCIL_LOOKUPS[Plan] = "service__directorate__council"
COUNCIL_LOOKUPS[TemplateSignOff] = "template__council"


class InTemplateAdmin(CouncilScopedAdmin):
    """A part of a template: chosen among the council's templates, its first by default."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "template" and field is not None:
            field.empty_label = None
            field.initial = field.queryset.first()
        return field


@admin.register(Template)
class TemplateAdmin(CouncilScopedAdmin):
    """The council's plan templates: one for every plan, or one per directorate, or a new
    one from a year on. Copy one to start the next."""

    list_display = ["name", "for_directorates", "from_year", "section_list"]
    fields = ["name", "directorates", "from_year"]
    filter_horizontal = ["directorates"]
    actions = ["copy"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("directorates")

    @admin.display(description="directorates")
    def for_directorates(self, template):
        return ", ".join(d.name for d in template.directorates.all()) or "Any"

    @admin.display(description="sections")
    def section_list(self, template):
        url = reverse("admin:plans_templatesection_changelist")
        return format_html(
            '<a href="{}?template__id__exact={}">Sections<span class="visually-hidden"> '
            "of {}</span></a>",
            url,
            template.pk,
            template.name,
        )

    @admin.action(description="Copy the chosen templates")
    def copy(self, request, queryset):
        for template in queryset:
            made = template_copy(template)
            self.message_user(request, f"Made '{made.name}', a copy of '{template.name}'.")


@admin.register(TemplateSignOff)
class TemplateSignOffAdmin(InTemplateAdmin):
    """The signatures a template's new plans need before approval, in the order they sign."""

    list_display = ["position", "title", "template"]
    list_display_links = ["title"]
    list_editable = ["position"]
    list_filter = ["template"]
    ordering = ["template", "position", "pk"]
    fields = ["template", "position", "title", "signer_role", "signer"]


@admin.register(TemplateSection)
class TemplateSectionAdmin(InTemplateAdmin):
    """The ordered sections a template's new plans start with."""

    list_display = [
        "position", "number", "outline_level", "title", "kind", "column_layout", "required",
        "template",
    ]  # fmt: skip
    list_display_links = ["title"]
    list_editable = ["position", "number"]
    list_filter = ["template", "kind", "required"]
    ordering = ["template", "position", "pk"]
    fields = ["template", "position", "number", "level", "title", "kind", "required", "guidance"]

    # The list's editable cells are as wide as what they hold, so the titles fit beside them.
    NARROW = {"position": 3, "number": 6}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.NARROW:
            kwargs["widget"] = forms.TextInput(attrs={"size": self.NARROW[db_field.name]})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="level", ordering="level")
    def outline_level(self, section):
        return section.level

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
