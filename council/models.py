"""The ground floor: councils, their structure, people and roles, years and priorities."""

import secrets
from decimal import Decimal
from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import strip_tags
from simple_history.models import HistoricalRecords

from council import periods
from council.richtext import clean_html

# A vision and values fill a cover or a page at most; this is far beyond that.
VISION_MAX_LENGTH = 10_000
VISION_HEADING_MAX_LENGTH = 200


class CommentaryRule(models.TextChoices):
    """When a council asks officers to explain a result (kpis.models.commentary_reason)."""

    NEVER = "never", "Never"
    RED = "red", "When a result is off target (red)"
    NOT_GREEN = "not_green", "When a result is not on target (red or amber)"


class ToleranceKind(models.TextChoices):
    """How an indicator's tolerance is measured (kpis.models.rate). It lives here, on the
    ground floor, because a council's rating defaults use it too; kpis.models re-exports it."""

    ABSOLUTE = "absolute", "Absolute (in the indicator's unit)"
    PERCENTAGE = "percentage", "Percentage of the target"


# The returns calendar's limits (Council): a deadline up to three months after the period,
# reminders up to two months either side of it.
MAX_DEADLINE_DAYS = 90
MAX_REMINDER_DAYS = 60


class Council(models.Model):
    """A local authority. Everything else hangs off one council and is invisible to others."""

    CommentaryRule = CommentaryRule
    ToleranceKind = ToleranceKind

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=60, blank=True, help_text="Used in running headers, e.g. 'Elmbridge'."
    )
    protective_marking = models.CharField(
        max_length=60,
        blank=True,
        help_text="Printed in every PDF footer when set, e.g. 'OFFICIAL'.",
    )
    numbers_sections = models.BooleanField(
        "number sections automatically",
        default=False,
        help_text="New plans number their sections from the template's levels (1, 1.1, "
        "1.1.1). A number typed in the template is printed as typed instead.",
    )
    vision_heading = models.CharField(
        "heading of the vision",
        max_length=VISION_HEADING_MAX_LENGTH,
        blank=True,
        default="Our vision",
        help_text="Printed above the vision as you type it, e.g. 'Our vision' or 'Our "
        "ambition for the borough'. Leave it blank to print no heading.",
    )
    vision = models.TextField(
        "vision",
        max_length=VISION_MAX_LENGTH,
        blank=True,
        help_text="The council's vision statement, printed as written under its heading. "
        "Leave a blank line between paragraphs. Headings, lists, bold, italic "
        "and links are kept; scripts, styles and images are removed.",
    )
    values_heading = models.CharField(
        "heading of the values",
        max_length=VISION_HEADING_MAX_LENGTH,
        blank=True,
        default="Our values",
        help_text="Printed above the values as you type it, e.g. 'Our values' or 'How we "
        "work'. Leave it blank to print no heading.",
    )
    values = models.TextField(
        "values",
        max_length=VISION_MAX_LENGTH,
        blank=True,
        help_text="The council's values, e.g. Respect, Integrity, printed as written under "
        "their heading. Put each value on its own line.",
    )
    vision_on_cover = models.BooleanField(
        "show the vision and values on each plan's cover",
        default=False,
        help_text="Plans also print them in a section of the kind 'Council vision and values', "
        "wherever the plan template puts one.",
    )
    commentary_required = models.CharField(
        "commentary required",
        max_length=10,
        choices=CommentaryRule.choices,
        default=CommentaryRule.RED,
        help_text="When a result must come with commentary saying what explains it and what "
        "is being done. It applies wherever results are entered: the result page and the "
        "spreadsheet upload. A result of an indicator with no target, polarity or tolerance "
        "is not rated, so it never needs commentary.",
    )
    percentages_up_to_100 = models.BooleanField(
        "percentage results cannot be over 100%",
        default=False,
        help_text="Refuse a result over 100% for an indicator measured as a percentage, "
        "wherever results are entered. Leave it off if some of your percentages can be "
        "higher (spend against budget, growth on last year).",
    )
    # Rating defaults: what a new indicator of the council starts with (kpis.models.Indicator
    # .save). An indicator's own rule is changed on its page; changing these changes none.
    default_tolerance_kind = models.CharField(
        "how the tolerance is measured",
        max_length=10,
        choices=ToleranceKind.choices,
        default=ToleranceKind.PERCENTAGE,
    )
    default_tolerance = models.DecimalField(
        "tolerance",
        max_digits=10,
        decimal_places=2,
        default=Decimal("5"),
        null=True,
        blank=True,
        help_text="A result this close to its target, or closer, is amber instead of red. Leave "
        "it blank and new indicators are not rated until their own tolerance is set.",
    )
    # The returns calendar: when a return is due by default, and when reminders go.
    return_deadline_days = models.PositiveSmallIntegerField(
        "days after the end of the quarter or month",
        default=20,
        help_text="The deadline proposed when you open a return. You can change it each time.",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        "days before the deadline", default=7, help_text="The first reminder goes then."
    )
    reminder_days_after = models.PositiveSmallIntegerField(
        "days after the deadline",
        default=3,
        help_text="A service whose return is late is reminded then.",
    )
    escalation_days_after = models.PositiveSmallIntegerField(
        "days after the deadline, to managers too",
        default=7,
        help_text="A return still not in is then reminded to the service's managers as well. "
        "More days than the late reminder.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(commentary_required__in=CommentaryRule.values),
                name="council_commentary_required_valid",
            ),
            models.CheckConstraint(
                condition=Q(default_tolerance_kind__in=ToleranceKind.values),
                name="council_default_tolerance_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(default_tolerance__gte=0),
                name="council_default_tolerance_not_negative",
                violation_error_message="The tolerance cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(
                    return_deadline_days__gte=1, return_deadline_days__lte=MAX_DEADLINE_DAYS
                ),
                name="council_return_deadline_days_range",
                violation_error_message=f"The deadline must be 1 to {MAX_DEADLINE_DAYS} days "
                "after the end of the period.",
            ),
            models.CheckConstraint(
                condition=Q(
                    reminder_days_before__gte=1, reminder_days_before__lte=MAX_REMINDER_DAYS
                ),
                name="council_reminder_days_before_range",
                violation_error_message=f"The first reminder must go 1 to {MAX_REMINDER_DAYS} "
                "days before the deadline.",
            ),
            models.CheckConstraint(
                condition=Q(
                    reminder_days_after__gte=1,
                    reminder_days_after__lt=models.F("escalation_days_after"),
                    escalation_days_after__lte=MAX_REMINDER_DAYS,
                ),
                name="council_reminder_days_after_in_order",
                violation_error_message="The reminder to managers must go after the late "
                f"reminder, which goes 1 day or more after the deadline, up to {MAX_REMINDER_DAYS}.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # Printed as HTML on every plan's page and PDF: kept only once sanitised, and
        # nothing at all when no words are left (an emptied editor leaves "<p></p>").
        for name in ("vision", "values"):
            html = clean_html(getattr(self, name))
            setattr(self, name, html if strip_tags(html).strip() else "")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Directorate(models.Model):
    """A directorate of a council, e.g. 'Community and Environment'."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="directorates")
    name = models.CharField(max_length=200)
    director = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="directorate_unique_name")
        ]

    def __str__(self):
        return self.name


class ServiceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ServiceQuerySet":
        """Services whose plans, indicators and risks this user may read."""
        if not user.is_authenticated or user.council_id is None:
            return self.none()
        qs = self.filter(directorate__council_id=user.council_id)
        if user.reads_whole_council:
            return qs
        return qs.filter(user.scope_q(Role.Name.values))

    def editable_by(self, user) -> "ServiceQuerySet":
        """Services whose plans this user may write: officers of the service."""
        if not user.is_authenticated or user.council_id is None:
            return self.none()
        return self.filter(directorate__council_id=user.council_id).filter(
            user.scope_q([Role.Name.OFFICER])
        )

    def reported_by(self, user) -> "ServiceQuerySet":
        """Services whose indicators, targets and results this user may write: officers of
        the service, and the council's performance lead (who corrects any service's)."""
        if not user.is_authenticated or user.council_id is None:
            return self.none()
        if user.is_performance_lead:
            return self.filter(directorate__council_id=user.council_id)
        return self.editable_by(user)

    def approvable_by(self, user) -> "ServiceQuerySet":
        """Services whose plans this user may sign off: managers of the service or directorate."""
        if not user.is_authenticated or user.council_id is None:
            return self.none()
        return self.filter(directorate__council_id=user.council_id).filter(
            user.scope_q([Role.Name.MANAGER])
        )


class Service(models.Model):
    """A council service that writes a plan each year, e.g. Customer Services."""

    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    code = models.SlugField(
        max_length=30, help_text="Short code, unique in the council, e.g. 'customer-services'."
    )
    head_of_service = models.CharField(max_length=200, blank=True)
    purpose = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["directorate", "name"], name="service_unique_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def council(self) -> Council:
        return self.directorate.council


class FinancialYear(models.Model):
    """A financial year a council plans for: April to March, labelled '2024/25'."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="years")
    start_year = models.PositiveSmallIntegerField(help_text="The calendar year it starts in April.")
    is_current = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_year"]
        verbose_name = "financial year"
        constraints = [
            models.UniqueConstraint(fields=["council", "start_year"], name="year_unique"),
            models.CheckConstraint(
                condition=Q(start_year__gte=2000, start_year__lte=2100), name="year_in_range"
            ),
            models.UniqueConstraint(
                fields=["council"], condition=Q(is_current=True), name="one_current_year"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return periods.year_label(self.start_year)

    @property
    def short_label(self) -> str:
        return periods.year_short_label(self.start_year)

    @property
    def start_date(self):
        return periods.year_start(self.start_year)

    @property
    def end_date(self):
        return periods.year_end(self.start_year)


class QuarterLockQuerySet(models.QuerySet):
    def in_force(self) -> "QuarterLockQuerySet":
        """Locks not undone: the quarters whose figures are locked now."""
        return self.filter(unlocked_at__isnull=True)

    def quarters(self, service_ids, years) -> set[tuple[int, int, int]]:
        """(service id, year, quarter) of each lock in force on these services in these
        years: one query for a whole page or upload."""
        return set(
            self.in_force()
            .filter(service_id__in=service_ids, year__in=years)
            .values_list("service_id", "year", "quarter")
        )

    def holding(self, service_id: int, year: int, quarter: int) -> "QuarterLock | None":
        """The lock in force on the service's quarter, with who locked it, or None."""
        return (
            self.in_force()
            .filter(service_id=service_id, year=year, quarter=quarter)
            .select_related("locked_by", "service")
            .first()
        )


class QuarterLock(models.Model):
    """A service's figures for one quarter, locked by the performance lead once the
    quarter's return was accepted (returns/services.py writes it). While it is in force
    the quarter's results change only as corrections with a reason, made by the lead
    (kpis.services.result_record), and its progress reports not at all
    (plans.services.actions). It lives on the ground floor because kpis and plans both
    honour it and neither may import returns. Unlocking keeps the row, with who, when and
    why: a quarter locked again has a new row."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="quarter_locks")
    year = models.PositiveSmallIntegerField(help_text="Start year of the financial year.")
    quarter = models.PositiveSmallIntegerField()
    locked_at = models.DateTimeField()
    locked_by = models.ForeignKey(
        "council.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    unlocked_at = models.DateTimeField(null=True, blank=True)
    unlocked_by = models.ForeignKey(
        "council.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unlock_reason = models.TextField(blank=True)

    objects = QuarterLockQuerySet.as_manager()

    class Meta:
        ordering = ["-locked_at", "pk"]
        verbose_name = "locked quarter"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "year", "quarter"],
                condition=Q(unlocked_at__isnull=True),
                name="quarterlock_one_in_force",
                violation_error_message="This quarter is already locked for the service.",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarterlock_quarter_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=periods.EARLIEST_YEAR, year__lte=periods.LATEST_YEAR),
                name="quarterlock_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(unlocked_at__isnull=True, unlock_reason="")
                | (Q(unlocked_at__isnull=False) & ~Q(unlock_reason="")),
                name="quarterlock_unlocked_with_reason",
                violation_error_message="Enter the reason for unlocking the quarter.",
            ),
        ]

    def __str__(self):
        return f"{self.service} – {self.period_label}"

    @property
    def period_label(self) -> str:
        return periods.quarter_label(self.year, self.quarter)

    @property
    def locked_words(self) -> str:
        """'Q2 2026/27 of Customer Services was locked on 12 November 2026 by Pat Lead'."""
        return (
            f"{self.period_label} of {self.service} was locked on "
            f"{timezone.localtime(self.locked_at):%-d %B %Y} by {self.locked_by or 'someone'}"
        )


class CorporatePriority(models.Model):
    """A theme of the council's corporate plan, e.g. 'Sustainable Environment'."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = "corporate priority"
        verbose_name_plural = "corporate priorities"
        constraints = [
            models.UniqueConstraint(fields=["council", "title"], name="priority_unique_title")
        ]

    def __str__(self):
        return self.title


class Objective(models.Model):
    """An objective under a corporate priority, e.g. 'Deliver a Climate Change Strategy'."""

    priority = models.ForeignKey(
        CorporatePriority, on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "title"], name="objective_unique_title")
        ]

    def __str__(self):
        return self.title


# Indicator.clean and Risk.clean: an owner with an account is one of the service's council.
OWNER_OF_ANOTHER_COUNCIL = "Select an owner from the people of the service's council"


class CouncilUserManager(UserManager):
    def with_service_role(self, service, *names: str):
        """Active people whose roles (of these names) cover the service: who to notify."""
        covering = Role.objects.filter(
            name__in=names, user__council_id=service.directorate.council_id
        ).filter(
            Q(service=service)
            | Q(directorate_id=service.directorate_id)
            | Q(service__isnull=True, directorate__isnull=True)
        )
        return self.filter(is_active=True, pk__in=covering.values("user_id"))

    def owners_for(self, service):
        """Who may be named as the owner of a service's indicators and risks, so that their
        returns and reminders find them: the service's officers, its managers (of the
        service or its directorate) and the council's performance lead."""
        return self.with_service_role(
            service, Role.Name.OFFICER, Role.Name.MANAGER, Role.Name.PERFORMANCE_LEAD
        )


class User(AbstractUser):
    """A person who signs in. Belongs to one council; what they may do comes from roles."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = CouncilUserManager()

    class Meta(AbstractUser.Meta):
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def role_assignments(self) -> list["Role"]:
        """This user's roles, read once per request."""
        if not self.pk:
            return []
        return list(self.roles.all())

    def has_role(self, *names: str) -> bool:
        return any(role.name in names for role in self.role_assignments)

    @property
    def is_performance_lead(self) -> bool:
        return self.has_role(Role.Name.PERFORMANCE_LEAD)

    @property
    def reads_whole_council(self) -> bool:
        """Clerks and the performance lead read every plan of their council."""
        if self.has_role(Role.Name.CLERK, Role.Name.PERFORMANCE_LEAD):
            return True
        return any(r.directorate_id is None and r.service_id is None for r in self.role_assignments)

    def scope_q(self, role_names) -> Q:
        """A filter on Service for the services these roles of the user cover."""
        q = Q(pk__in=[])
        for role in self.role_assignments:
            if role.name not in role_names:
                continue
            if role.service_id:
                q |= Q(pk=role.service_id)
            elif role.directorate_id:
                q |= Q(directorate_id=role.directorate_id)
            else:
                q |= Q(directorate__council_id=self.council_id)
        return q

    def has_service_role(self, service, *names: str) -> bool:
        """Whether one of these roles of the user covers the service (no query)."""
        if self.council_id is None or service.directorate.council_id != self.council_id:
            return False
        return any(
            role.name in names
            and (
                role.service_id == service.pk
                or role.directorate_id == service.directorate_id
                or (role.service_id is None and role.directorate_id is None)
            )
            for role in self.role_assignments
        )

    def can_edit_service(self, service) -> bool:
        return self.has_service_role(service, Role.Name.OFFICER)

    def can_report_for(self, service) -> bool:
        """May write the service's indicators, targets and results (Service.reported_by)."""
        if self.is_performance_lead:
            return service.directorate.council_id == self.council_id
        return self.can_edit_service(service)

    def can_approve_service(self, service) -> bool:
        return self.has_service_role(service, Role.Name.MANAGER)

    def role_names(self) -> list[str]:
        return sorted({role.get_name_display() for role in self.role_assignments})


class RoleName(models.TextChoices):
    OFFICER = "officer", "Officer"
    MANAGER = "manager", "Manager"
    CLERK = "clerk", "Committee clerk"
    PERFORMANCE_LEAD = "performance_lead", "Performance lead"


class Role(models.Model):
    """A role a user holds in their council, over the whole council, a directorate or a service."""

    Name = RoleName

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField("role", max_length=20, choices=Name.choices)
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text="Limit the role to one directorate. Leave both blank for the whole council.",
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text="Limit the role to one service.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(name__in=RoleName.values), name="role_name_valid"),
            models.CheckConstraint(
                condition=Q(directorate__isnull=True) | Q(service__isnull=True),
                name="role_one_scope",
                violation_error_message="Choose a directorate or a service, not both.",
            ),
            # Coalesce so that two whole-council roles of one name also clash (NULLs differ).
            models.UniqueConstraint(
                "user",
                "name",
                Coalesce("directorate", Value(0)),
                Coalesce("service", Value(0)),
                name="role_unique",
                violation_error_message="This person already has this role.",
            ),
        ]

    def __str__(self):
        return f"{self.get_name_display()} – {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.service_id:
            return str(self.service)
        if self.directorate_id:
            return str(self.directorate)
        return "whole council"

    def clean(self):
        try:
            user = self.user  # an unsaved person too (the admin's roles of a new user)
        except User.DoesNotExist:
            # A role on a page that adds its person (setup.views.people.person_add) has none
            # yet; it is checked again, with its person, before it is saved.
            return
        council_id = user.council_id
        if self.directorate_id and self.directorate.council_id != council_id:
            raise ValidationError({"directorate": "Choose a directorate of the user's council."})
        if self.service_id and self.service.directorate.council_id != council_id:
            raise ValidationError({"service": "Choose a service of the user's council."})


# --- Change stamps (council/stamps.py) -------------------------------------------------------

# A stamp's random part: 48 bits, so that the sum over a scope's rows fits a 64-bit integer
# (SQLite's SUM fails on overflow) with thousands of rows to spare.
NONCE_BITS = 48


def new_nonce() -> int:
    return secrets.randbits(NONCE_BITS)


class ChangeStamp(models.Model):
    """One change to what a plan, a service or the council set-up shows: a row is added in
    the transaction that makes the change. council/stamps.py adds them and reads them.

    The nonce is random, so that a row numbered again after a backup is restored (the
    sequence goes back with the rows) still makes a token never seen before."""

    scope = models.CharField(max_length=20)
    key = models.PositiveBigIntegerField()
    nonce = models.BigIntegerField(default=new_nonce, editable=False)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "id"], name="change_stamp_lookup")]

    def __str__(self):
        return f"{self.scope} {self.key}: change {self.pk}"
