"""The Django admin, opened to the council's performance lead."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class AdminSite(admin.AdminSite):
    """The admin for performance leads: configures one council (see council.admin)."""

    site_header = "serviceplans administration"
    site_title = "serviceplans admin"
    index_title = "Set up your council"

    def each_context(self, request):
        context = super().each_context(request)
        council = getattr(request.user, "council", None)
        if council is not None:
            context["site_header"] = f"{council.name}: service plans set-up"
            context["site_title"] = f"{council.display_name} set-up"
        return context

    def has_permission(self, request):
        user = request.user
        return user.is_active and (
            user.is_superuser or (user.is_authenticated and user.is_performance_lead)
        )


class ServicePlansAdminConfig(AdminConfig):
    default_site = "serviceplans.admin.AdminSite"
