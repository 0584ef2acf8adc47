"""The Django admin, for the site's operators (superusers) only: a council's performance lead
sets the council up in /setup/ and never needs it."""

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
    """The admin for superusers. A superuser who belongs to a council (a council running
    its own copy) is still kept to that council's records (council.admin); only a superuser
    of no council sees every council.

    Admins that are not scoped to a council (council.admin.CouncilScopedMixin sets
    `council_scoped`), including those other apps register, are made SiteWideOnly.
    """

    site_header = "serviceplans administration"
    site_title = "serviceplans admin"
    index_title = "Site administration"
    # The lists need the page's width (a template's sections, people); "Home" lists it all.
    enable_nav_sidebar = False

    def each_context(self, request):
        context = super().each_context(request)
        council = getattr(request.user, "council", None)
        if council is not None:
            context["site_header"] = f"{council.name}: serviceplans administration"
            context["site_title"] = f"{council.display_name} admin"
        return context

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not getattr(admin_class, "council_scoped", False):
            admin_class = type(admin_class.__name__, (SiteWideOnly, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request):
        """Superusers only: the lead's set-up is /setup/, where each page checks what it
        changes; the admin's forms are Django's own and would open more than the lead's
        council needs (permissions, last sign-in, the raw template columns)."""
        return request.user.is_active and request.user.is_superuser


class ServicePlansAdminConfig(AdminConfig):
    default_site = "serviceplans.admin.AdminSite"
