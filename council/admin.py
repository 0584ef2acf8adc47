"""
Admin for the performance lead: the council's structure, people and roles, years, priorities.

Every admin page is scoped to the signed-in user's council: lists show only its records,
drop-downs offer only its records, new records are put in it, and a record of another
council is a 404 on every page (change, delete, history, a past version). Other apps'
admins use CouncilScopedAdmin too; admins of models of no council are for superusers of
no council only (serviceplans.admin).
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from council.models import (
    VISION_HEADING_MAX_LENGTH,
    VISION_MAX_LENGTH,
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


def is_site_wide(user) -> bool:
    """A superuser of no council sees and changes every council's records."""
    return user.is_superuser and user.council_id is None


def scope_to_council(queryset, user):
    """Limit a queryset of any registered model to the user's council."""
    lookup = COUNCIL_LOOKUPS.get(queryset.model)
    if lookup is None or is_site_wide(user):
        return queryset
    return queryset.filter(**{lookup: user.council_id})


def council_lookup(model) -> str:
    try:
        return COUNCIL_LOOKUPS[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model.__name__} has a council-scoped admin but no entry in COUNCIL_LOOKUPS."
        ) from None


def council_id_of(obj):
    """The council an instance belongs to, following its COUNCIL_LOOKUPS path through the
    related records as they are now; None if one of them is gone. Works on a past version
    (a historical record's .instance) as well as on a live record."""
    *path, last = council_lookup(type(obj)).split("__")
    for name in path:
        obj = getattr(obj, name, None)  # a deleted related record reads as None
        if obj is None:
            return None
    field = obj._meta.pk if last == "pk" else obj._meta.get_field(last)
    return getattr(obj, field.attname)


def in_council(obj, user) -> bool:
    """True if obj is None (the model as a whole) or a record of the user's council."""
    if obj is None or is_site_wide(user):
        return True
    return user.council_id is not None and council_id_of(obj) == user.council_id


def council_form(form_class, council_id):
    """The admin's form class, checking unique constraints that involve the council.

    The admin forms leave the council out (it is the user's), and Django skips uniqueness
    and constraint checks on fields a form leaves out, so a duplicate only failed on save
    (an IntegrityError, a 500). Here the new record gets its council before validation and
    the council takes part in those checks, so a duplicate is a form error.
    """

    class CouncilForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.council_id is None:
                self.instance.council_id = council_id

        def _get_validation_exclusions(self):
            # Django's (private) list of fields that uniqueness and constraints leave out.
            exclusions = super()._get_validation_exclusions()
            exclusions.discard("council")
            return exclusions

    CouncilForm.__name__ = form_class.__name__
    return CouncilForm


class CouncilScopedMixin:
    """Lists, drop-downs, records and their history limited to the signed-in user's council.

    Whoever may use the admin at all (the performance lead, see serviceplans.admin) may
    view, add, change and delete their own council's records; model permissions are not
    used. Every object is loaded through get_queryset (scoped), every has_*_permission
    checks the object's council, and another council's record is a 404 (not Django's
    "does not exist" redirect).

    History: the history page lists only the versions whose council is the user's, so a
    deleted record's history is shown to the council it belonged to (a past version's
    council is read through its related records as they are now; if one of them is gone
    too, only a superuser of no council sees it). Past versions are read-only while
    SIMPLE_HISTORY_REVERT_DISABLED is set: simple_history only hides the Revert button,
    so history_form_view refuses the POST as well.
    """

    council_scoped = True  # serviceplans.admin.AdminSite leaves these admins open to leads

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request) and in_council(obj, request.user)

    def has_add_permission(self, request, *args):
        # An inline is asked with the record it is part of.
        parent = args[0] if args else None
        return self.admin_site.has_permission(request) and in_council(parent, request.user)

    def has_change_permission(self, request, obj=None):
        return self.admin_site.has_permission(request) and in_council(obj, request.user)

    def has_delete_permission(self, request, obj=None):
        return self.admin_site.has_permission(request) and in_council(obj, request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        council_lookup(queryset.model)  # a model without a lookup must not be listed whole
        return scope_to_council(queryset, request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with the ID {object_id!r}.")
        return obj

    def get_fields(self, request, obj=None):
        """A superuser of no council chooses the council of a record they add or change."""
        fields = list(super().get_fields(request, obj))
        choosable = any(f.name == "council" and f.editable for f in self.opts.fields)
        if is_site_wide(request.user) and choosable and "council" not in fields:
            fields.insert(0, "council")
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return self.with_council_checks(form, request)

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)
        return self.with_council_checks(form, request)

    def pk_or_404(self, pk_field, value):
        """An ID from the URL as its field's type (simple_history would 500 on 'abc')."""
        try:
            return pk_field.to_python(unquote(value))
        except ValidationError:
            raise Http404(f"No {self.opts.verbose_name} with the ID {value!r}.") from None

    def with_council_checks(self, form, request):
        fields = {field.name for field in self.opts.fields}
        if "council" not in fields or request.user.council_id is None:
            return form
        return council_form(form, request.user.council_id)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """The record's versions that belong to the user's council (simple_history's
        history_view shows a record that get_queryset does not find from these)."""
        versions = super().get_history_queryset(request, history_manager, pk_name, object_id)
        if is_site_wide(request.user):
            return versions
        lookup = council_lookup(self.model)
        if lookup == "pk":
            lookup = self.opts.pk.name  # a historical record's own pk is its history_id
        return versions.filter(**{lookup: request.user.council_id})

    def history_view(self, request, object_id, extra_context=None):
        self.pk_or_404(self.opts.pk, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One past version, found among the versions the history page would list:
        simple_history loads it by its IDs alone."""
        history = getattr(self.model, self.opts.simple_history_manager_attribute)
        versions = self.get_history_queryset(
            request, history, self.opts.pk.attname, self.pk_or_404(self.opts.pk, object_id)
        )
        version_id = self.pk_or_404(history.model._meta.pk, version_id)
        if not versions.filter(history_id=version_id).exists():
            raise Http404(f"No such version of the {self.opts.verbose_name}.")
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

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


class CouncilForm(forms.ModelForm):
    """The council's details; its vision and values are sanitised by Council.clean()."""

    class Meta:
        model = Council
        fields = [
            "name",
            "short_name",
            "protective_marking",
            "numbers_sections",
            "vision_heading",
            "vision",
            "values_heading",
            "values",
            "vision_on_cover",
            "commentary_required",
        ]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 6}),
            "values": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            **{
                name: {
                    "max_length": f"The {name} must be {VISION_MAX_LENGTH:,} characters or fewer"
                }
                for name in ("vision", "values")
            },
            **{
                f"{name}_heading": {
                    "max_length": f"The heading of the {name} must be "
                    f"{VISION_HEADING_MAX_LENGTH} characters or fewer"
                }
                for name in ("vision", "values")
            },
        }


@admin.register(Council)
class CouncilAdmin(CouncilScopedAdmin):
    """The performance lead's own council: its names, how plans are numbered and printed,
    the vision and values plans print where the template or the cover says, and when a
    result needs commentary."""

    form = CouncilForm
    list_display = ["name", "short_name", "protective_marking"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "protective_marking", "numbers_sections"]}),
        (
            "Vision and values",
            {
                "fields": [
                    "vision_heading",
                    "vision",
                    "values_heading",
                    "values",
                    "vision_on_cover",
                ],
                "description": "Set once for the whole council. Every plan prints them as "
                "written, under their headings as you word them, in its section of the kind "
                "'Council vision and values' (add one to the plan template), and on its cover "
                "when you choose.",
            },
        ),
        (
            "Results",
            {
                "fields": ["commentary_required"],
                "description": "Officers explain results that are off target; choose when "
                "commentary must be given before a result can be saved.",
            },
        ),
    ]

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
        if is_site_wide(request.user):  # a council's own superuser makes no others
            return self.superuser_fieldsets
        return self.council_fieldsets

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []
