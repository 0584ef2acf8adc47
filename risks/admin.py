"""
Read-only admin pages of risk records, scoped to the performance lead's council.

The matrix, the appetite scale and the registers are changed in the app's own pages, which
keep matrix versions and scores consistent; the admin only shows them and their history.
"""

from django.contrib import admin

from council.admin import COUNCIL_LOOKUPS, CouncilScopedAdmin
from risks.models import AppetiteLevel, Risk, RiskMatrix, ServiceAppetite

COUNCIL_LOOKUPS.update(
    {
        RiskMatrix: "council",
        AppetiteLevel: "council",
        ServiceAppetite: "service__directorate__council",
        Risk: "service__directorate__council",
    }
)


class ReadOnlyAdmin(CouncilScopedAdmin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RiskMatrix)
class RiskMatrixAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "council", "created_at"]


@admin.register(AppetiteLevel)
class AppetiteLevelAdmin(ReadOnlyAdmin):
    list_display = ["name", "position", "tolerance"]


@admin.register(ServiceAppetite)
class ServiceAppetiteAdmin(ReadOnlyAdmin):
    list_display = ["service", "area", "level"]
    list_filter = ["service"]


@admin.register(Risk)
class RiskAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "service", "owner", "status", "review_date"]
    list_filter = ["status", "category", "service"]
    search_fields = ["reference", "title", "owner"]
