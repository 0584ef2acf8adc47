"""Admin for the performance lead: indicators (with their rating rules), targets and results.

Scoped to the lead's council through council.admin's CouncilScopedAdmin. Targets and results
are changed on the performance pages, where revisions and corrections are recorded; here
they are read-only.
"""

from django.contrib import admin

from council.admin import COUNCIL_LOOKUPS, CouncilScopedAdmin, CouncilScopedInline
from kpis.models import ImportBatch, Indicator, Result, Target, TargetRevision

COUNCIL_LOOKUPS.update(
    {
        Indicator: "council",
        Target: "indicator__council",
        TargetRevision: "target__indicator__council",
        Result: "indicator__council",
        ImportBatch: "council",
    }
)


class ReadOnlyInline(CouncilScopedInline):
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TargetInline(ReadOnlyInline):
    model = Target
    fields = ["year", "kind", "value"]
    readonly_fields = fields


@admin.register(Indicator)
class IndicatorAdmin(CouncilScopedAdmin):
    list_display = ["code", "title", "service", "kind", "frequency", "tolerance_kind", "tolerance"]
    list_filter = ["kind", "frequency", "service__directorate"]
    search_fields = ["code", "title"]
    list_editable = ["tolerance_kind", "tolerance"]
    filter_horizontal = ["priorities", "objectives"]
    inlines = [TargetInline]


@admin.register(ImportBatch)
class ImportBatchAdmin(CouncilScopedAdmin):
    list_display = ["filename", "uploaded_by", "uploaded_at", "status", "applied_count"]
    list_filter = ["status"]
    readonly_fields = ["filename", "uploaded_by", "uploaded_at", "status", "applied_count"]
    exclude = ["rows"]

    def has_add_permission(self, request, *args):
        return False
