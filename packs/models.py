"""Quarterly performance packs: a job per request, a chapter per service, one stitched PDF."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from council import periods
from council.models import Council, Service
from plans.models.plan import Plan

# A running pack that has made no progress for this long lost its worker (a chapter being
# rendered is judged sooner, by its lease: settings.PACK_LEASE_SECONDS).
PACK_STALE_AFTER = dt.timedelta(minutes=15)
# A queued pack no worker has picked up for this long will not be picked up (its page says
# sooner, after settings.PACK_QUEUE_TIMEOUT minutes, when no worker is running at all).
PACK_QUEUE_GIVE_UP_AFTER = dt.timedelta(hours=2)


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being made"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


def pack_file_path(instance, filename):
    return f"packs/pack-{instance.pk}/{filename}"


def chapter_file_path(instance, filename):
    return f"packs/pack-{instance.job_id}/chapters/{filename}"


class PackJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PackJobQuerySet":
        """Packs this user asked for, while they can still see every service in them."""
        if not user.is_authenticated:
            return self.none()
        hidden = Service.objects.exclude(pk__in=Service.objects.visible_to(user))
        return self.filter(requested_by=user, council_id=user.council_id).exclude(
            chapters__service__in=hidden
        )


class PackJob(models.Model):
    """A committee pack someone asked for: the quarter, the services, its progress and file."""

    Status = PackStatus

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pack_jobs"
    )
    year = models.PositiveSmallIntegerField(help_text="Start year of the financial year.")
    quarter = models.PositiveSmallIntegerField()
    scope_label = models.CharField(
        max_length=300, help_text="What was asked for, e.g. 'All services'."
    )
    # Results not yet accepted with their service's return print only when the clerk asks,
    # each marked "provisional" (packs/checked.py).
    include_provisional = models.BooleanField("include provisional results", default=False)
    status = models.CharField(max_length=20, choices=PackStatus.choices, default=PackStatus.QUEUED)
    services_total = models.PositiveIntegerField(default=0)
    services_done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    file = models.FileField(upload_to=pack_file_path, blank=True)
    pages = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Moved on by every chapter: a running job whose heartbeat stops has lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The lease of the worker making the summary and the final file (packs.services.job_lease).
    finishing_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = PackJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "performance pack"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PackStatus.values), name="packjob_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="packjob_quarter_valid"
            ),
            models.CheckConstraint(
                condition=Q(services_done__lte=models.F("services_total")),
                name="packjob_progress_in_range",
            ),
        ]

    def __str__(self):
        return f"Performance pack {self.quarter_label}: {self.scope_label}"

    def get_absolute_url(self):
        return reverse("packs:detail", args=[self.pk])

    @property
    def quarter_label(self) -> str:
        return periods.quarter_label(self.year, self.quarter)

    @property
    def is_finished(self) -> bool:
        return self.status in (PackStatus.DONE, PackStatus.FAILED)

    @property
    def percent_done(self) -> int:
        if self.status == PackStatus.DONE:
            return 100
        if not self.services_total:
            return 0
        return int(100 * self.services_done / self.services_total)

    def waiting_long(self, now: dt.datetime | None = None) -> bool:
        """Queued for longer than a worker takes to pick a pack up (PACK_QUEUE_TIMEOUT)."""
        now = now or timezone.now()
        waited = now - self.created_at
        return self.status == PackStatus.QUEUED and waited > dt.timedelta(
            minutes=settings.PACK_QUEUE_TIMEOUT
        )

    def is_stale(self, now: dt.datetime | None = None) -> bool:
        """A job no worker is making progress on any more."""
        now = now or timezone.now()
        if self.status == PackStatus.RUNNING:
            return (
                self.heartbeat_at or self.started_at or self.created_at
            ) < now - PACK_STALE_AFTER
        if self.status == PackStatus.QUEUED:
            return self.created_at < now - PACK_QUEUE_GIVE_UP_AFTER
        return False


class PackChapter(models.Model):
    """One service's chapter of a pack: that service's plan for the year, rendered alone."""

    job = models.ForeignKey(PackJob, on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveSmallIntegerField()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done = models.BooleanField(default=False)
    file = models.FileField(upload_to=chapter_file_path, blank=True)
    pages = models.PositiveIntegerField(default=0)
    # The render's lease: set when a worker starts the chapter, renewed while it renders.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "service"], name="packchapter_unique_service"),
        ]

    def __str__(self):
        return f"{self.job}: {self.service}"
