"""
Admin for the performance lead: the council's structure, people and roles, years, priorities.

Every admin page is scoped to the signed-in user's council: lists show only its records,
drop-downs offer only its records, and new records are put in it. Other apps' admins use
CouncilScopedAdmin too.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from council.models import (
    CorporatePriority,
    Council,
    Directorate,
    FinancialYear,
    Objective,
    Role,
    Service,
    User,
)

# How to get from a model to its council, for scoping querysets and drop-downs.
# Other apps add their models here from their own admin modules.
COUNCIL_LOOKUPS: dict[type, str] = {
    Council: "pk",
    Directorate: "council",
    Service: "directorate__council",
    FinancialYear: "council",
    CorporatePriority: "council",
    Objective: "priority__council",
    User: "council",
    Role: "user__council",
}


def scope_to_council(queryset, user):
    """Limit a queryset of any registered model to the user's council."""
    lookup = COUNCIL_LOOKUPS.get(queryset.model)
    if lookup is None or (user.is_superuser and user.council_id is None):
        return queryset
    return queryset.filter(**{lookup: user.council_id})


class CouncilScopedMixin:
    """Lists, drop-downs and new records limited to the signed-in user's council.

    Whoever may use the admin at all (the performance lead, see serviceplans.admin) may
    view, add, change and delete these council records; model permissions are not used.
    """

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request, *args):
        return self.admin_site.has_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def get_queryset(self, request):
        return scope_to_council(super().get_queryset(request), request.user)

    def get_list_filter(self, request):
        """Filters on related records offer only those of the listed (council's) records:
        Django's plain related filter would name every council's directorates or services."""
        scoped = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and get_fields_from_path(self.model, item)[-1].is_relation:
                item = (item, admin.RelatedOnlyFieldListFilter)
            scoped.append(item)
        return scoped

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scope_to_council(field.queryset, request.user)
        if db_field.name == "council" and field is not None and request.user.council_id:
            # Shown but fixed: kept in the form (not excluded) so that unique constraints
            # involving the council are checked by the form instead of failing on save.
            field.initial = request.user.council_id
            field.disabled = True
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scope_to_council(field.queryset, request.user)
        return field

    def save_model(self, request, obj, form, change):
        if hasattr(obj, "council_id") and not obj.council_id:
            obj.council_id = request.user.council_id
        super().save_model(request, obj, form, change)


class CouncilScopedAdmin(CouncilScopedMixin, SimpleHistoryAdmin):
    """Base admin for council-owned models, with the change history button."""


class CouncilScopedInline(CouncilScopedMixin, admin.TabularInline):
    extra = 0


@admin.register(Council)
class CouncilAdmin(CouncilScopedAdmin):
    list_display = ["name", "short_name", "protective_marking"]

    def has_add_permission(self, request):
        return request.user.is_superuser and request.user.council_id is None

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and request.user.council_id is None


class ServiceInline(CouncilScopedInline):
    model = Service
    fields = ["name", "code", "head_of_service"]


@admin.register(Directorate)
class DirectorateAdmin(CouncilScopedAdmin):
    list_display = ["name", "director"]
    search_fields = ["name"]
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(CouncilScopedAdmin):
    list_display = ["name", "code", "directorate", "head_of_service"]
    list_filter = ["directorate"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(FinancialYear)
class FinancialYearAdmin(CouncilScopedAdmin):
    list_display = ["label", "is_current"]


class ObjectiveInline(CouncilScopedInline):
    model = Objective
    fields = ["title", "position"]


@admin.register(CorporatePriority)
class CorporatePriorityAdmin(CouncilScopedAdmin):
    list_display = ["title", "position"]
    inlines = [ObjectiveInline]


class RoleInline(CouncilScopedInline):
    model = Role
    fields = ["name", "directorate", "service"]


@admin.register(User)
class UserAdmin(CouncilScopedMixin, DjangoUserAdmin, SimpleHistoryAdmin):
    """People of the council and their roles. Only a superuser can grant admin flags."""

    list_display = ["username", "first_name", "last_name", "email", "job_title", "is_active"]
    list_filter = ["is_active", "roles__name"]
    inlines = [RoleInline]
    council_fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email", "job_title", "phone")}),
        ("Access", {"fields": ("is_active",)}),
    )
    superuser_fieldsets = DjangoUserAdmin.fieldsets + (
        ("Council", {"fields": ("council", "job_title", "phone")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if request.user.is_superuser:
            return self.superuser_fieldsets
        return self.council_fieldsets

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []
