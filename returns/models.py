"""Returns: what each service must report for a quarter or a month, by a deadline.

A return asks its services for some of three things: results of their indicators due in
its period, progress on the open actions of their current plan, and a review of the risks
due for review by the deadline. Whether a service has provided them is read from those
records (returns/progress.py), never stored here; only the submission is.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from council import periods
from council.models import Council, Service
from kpis import periods as kpi_periods

# Latest period first: by year, then quarter, a quarter's own return before its months'.
PERIOD_ORDER = ["-year", "-quarter", F("month").desc(nulls_first=True)]


def month_quarter_valid() -> Q:
    """A monthly return's quarter is the one its month falls in (month 1 = April is in Q1)."""
    return (
        Q(month__gte=1, month__lte=3, quarter=1)
        | Q(month__gte=4, month__lte=6, quarter=2)
        | Q(month__gte=7, month__lte=9, quarter=3)
        | Q(month__gte=10, month__lte=12, quarter=4)
    )


def period_label(period: kpi_periods.Period) -> str:
    """A return's period in words: 'Q2 2026/27', or 'May 2026' for a month (in full, where
    an indicator's result for it is 'May 2026' too but 'Sep 2026' for September)."""
    if period.frequency == kpi_periods.MONTHLY:
        return f"{period.start:%B %Y}"
    return period.label


class ReturnQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReturnQuerySet":
        """Returns of the user's council (each page then shows only the services in scope)."""
        if not user.is_authenticated or user.council_id is None:
            return self.none()
        return self.filter(council_id=user.council_id)


class ServiceReturnQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ServiceReturnQuerySet":
        """Services' parts of the user's council's returns, for the services in their scope."""
        if not user.is_authenticated or user.council_id is None:
            return self.none()
        return self.filter(
            parent__council_id=user.council_id, service__in=Service.objects.visible_to(user)
        )


class Return(models.Model):
    """The performance lead's call for one quarter's or one month's results, progress and
    risk reviews.

    `quarter` is always the quarter the return's period falls in, for a monthly return too:
    locks (council.models.QuarterLock) and action progress (plans.ProgressUpdate) are kept
    per quarter, and a monthly return follows its quarter's."""

    class Frequency(models.TextChoices):
        QUARTERLY = kpi_periods.QUARTERLY, "Quarterly"
        MONTHLY = kpi_periods.MONTHLY, "Monthly"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="returns")
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    year = models.PositiveSmallIntegerField(help_text="Start year of the financial year.")
    quarter = models.PositiveSmallIntegerField(
        help_text="The quarter of the return, or the one its month falls in."
    )
    month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Month of the financial year of a monthly return (1 = April, 12 = March).",
    )
    deadline = models.DateField()
    asks_results = models.BooleanField("results of indicators due", default=True)
    asks_progress = models.BooleanField("progress on open actions", default=True)
    asks_risks = models.BooleanField("review of risks due", default=True)
    services = models.ManyToManyField(Service, through="ServiceReturn", related_name="returns")
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = PERIOD_ORDER
        verbose_name = "return"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "quarter"],
                condition=Q(frequency="quarterly"),
                name="return_unique_quarter",
                violation_error_message="The council already has a return for that quarter.",
            ),
            models.UniqueConstraint(
                fields=["council", "year", "month"],
                condition=Q(frequency="monthly"),
                name="return_unique_month",
                violation_error_message="The council already has a return for that month.",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["quarterly", "monthly"]),
                name="return_frequency_valid",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="return_quarter_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency="quarterly", month__isnull=True)
                | (Q(frequency="monthly", month__isnull=False) & month_quarter_valid()),
                name="return_month_valid",
                violation_error_message="A monthly return is for a month from 1 (April) to 12 "
                "(March) and no other return has a month.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=periods.EARLIEST_YEAR, year__lte=periods.LATEST_YEAR),
                name="return_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(asks_results=True) | Q(asks_progress=True) | Q(asks_risks=True),
                name="return_asks_something",
                violation_error_message="Choose at least one thing services must provide.",
            ),
        ]

    def __str__(self):
        return f"Return for {self.period_label}"

    def get_absolute_url(self):
        return reverse("returns:return_detail", args=[self.pk])

    @property
    def is_monthly(self) -> bool:
        return self.frequency == self.Frequency.MONTHLY

    @property
    def period(self) -> kpi_periods.Period:
        """The month or quarter the return is for, as the indicators' periods are counted."""
        if self.is_monthly:
            return kpi_periods.Period(kpi_periods.MONTHLY, self.year, self.month)
        return kpi_periods.Period(kpi_periods.QUARTERLY, self.year, self.quarter)

    @property
    def period_label(self) -> str:
        """'Q2 2026/27', or 'May 2026' for a monthly return."""
        return period_label(self.period)

    @property
    def quarter_label(self) -> str:
        """The quarter of the return, or the one its month falls in: 'Q1 2026/27'."""
        return periods.quarter_label(self.year, self.quarter)

    @property
    def period_start(self):
        return self.period.start

    @property
    def period_end(self):
        return self.period.end

    def is_open(self, today) -> bool:
        """Open until its deadline has passed; late returns are still taken after it."""
        return today <= self.deadline


class Review(models.TextChoices):
    """Where a service's return stands with its reviewer (a manager or the performance lead)."""

    WAITING = "waiting", "Not reviewed"
    ACCEPTED = "accepted", "Accepted"
    SENT_BACK = "sent_back", "Sent back"


class ServiceReturn(models.Model):
    """One service's part of a return: made when the return opens, submitted when complete,
    then accepted or sent back by a manager of the service or the performance lead."""

    parent = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="service_returns")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="service_returns")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The last review (returns/services.py): a sent-back return is no longer submitted, and
    # keeps its comment for the officer; resubmitting makes it wait for review again.
    review_status = models.CharField(max_length=20, choices=Review.choices, default=Review.WAITING)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(blank=True)

    objects = ServiceReturnQuerySet.as_manager()

    class Meta:
        ordering = ["service__name"]
        verbose_name = "service's return"
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "service"],
                name="service_return_unique",
                violation_error_message="The service is already part of this return.",
            ),
            models.CheckConstraint(
                condition=Q(review_status__in=Review.values),
                name="service_return_review_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(review_status=Review.ACCEPTED) | Q(submitted_at__isnull=False),
                name="service_return_accepted_is_submitted",
                violation_error_message="Only a submitted return can be accepted.",
            ),
            models.CheckConstraint(
                condition=~Q(review_status=Review.SENT_BACK)
                | (Q(submitted_at__isnull=True) & ~Q(review_comment="")),
                name="service_return_sent_back_has_comment",
                violation_error_message="A return sent back needs a comment and is no longer "
                "submitted.",
            ),
            models.CheckConstraint(
                condition=Q(review_status=Review.WAITING) | Q(reviewed_at__isnull=False),
                name="service_return_reviewed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.service} – {self.parent.period_label}"

    def get_absolute_url(self):
        return reverse("returns:service_return", args=[self.parent_id, self.service_id])

    @property
    def is_accepted(self) -> bool:
        return self.review_status == Review.ACCEPTED

    @property
    def is_sent_back(self) -> bool:
        return self.review_status == Review.SENT_BACK


class ReminderKind(models.TextChoices):
    BEFORE = "before", "Before the deadline"
    ON = "on", "On the deadline"
    AFTER = "after", "After the deadline"
    ESCALATION = "escalation", "Escalated to managers"


class Reminder(models.Model):
    """An e-mail sent by itself to a service that still owes part of a return: recorded so
    that each kind goes once per service and return however often the job runs, and so that
    the performance lead can see when it went (returns/reminders.py)."""

    Kind = ReminderKind

    # The service's part of the return: the return and the service in one, and a reminder
    # can only be for a service the return asks.
    service_return = models.ForeignKey(
        ServiceReturn, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField()
    recipients = models.TextField(
        blank=True, help_text="The addresses it went to, as sent; blank when nobody had one."
    )

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = "reminder"
        constraints = [
            models.UniqueConstraint(
                fields=["service_return", "kind"],
                name="reminder_once_per_kind",
                violation_error_message="This reminder has already gone to the service.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.service_return}"
