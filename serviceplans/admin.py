"""The Django admin, opened to the council's performance lead."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SiteWideOnly:
    """For admins of records that belong to no council (auth's groups, django-axes' sign-in
    logs, the task results): every council's people are in them, so only a superuser of
    no council may use them. A performance lead gets 403 and does not see them listed,
    whatever model permissions they hold."""

    def is_site_wide(self, request):
        user = request.user
        return user.is_active and user.is_superuser and user.council_id is None

    def has_module_permission(self, request):
        return self.is_site_wide(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.is_site_wide(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self.is_site_wide(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.is_site_wide(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.is_site_wide(request) and super().has_delete_permission(request, obj)


class AdminSite(admin.AdminSite):
    """The admin for performance leads: configures one council (see council.admin).

    Admins that are not scoped to a council (council.admin.CouncilScopedMixin sets
    `council_scoped`), including those other apps register, are made SiteWideOnly.
    """

    site_header = "serviceplans administration"
    site_title = "serviceplans admin"
    index_title = "Set up your council"
    # The lists need the page's width (a template's sections, people); "Home" lists it all.
    enable_nav_sidebar = False

    def each_context(self, request):
        context = super().each_context(request)
        council = getattr(request.user, "council", None)
        if council is not None:
            context["site_header"] = f"{council.name}: service plans set-up"
            context["site_title"] = f"{council.display_name} set-up"
        return context

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not getattr(admin_class, "council_scoped", False):
            admin_class = type(admin_class.__name__, (SiteWideOnly, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request):
        user = request.user
        return user.is_active and (
            user.is_superuser or (user.is_authenticated and user.is_performance_lead)
        )


class ServicePlansAdminConfig(AdminConfig):
    default_site = "serviceplans.admin.AdminSite"
