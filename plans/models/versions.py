"""Published versions: what went to committee, frozen with its PDF."""

from django.conf import settings
from django.db import models

from plans.models.base import PlanRecord
from plans.models.plan import Plan


def version_pdf_path(instance, filename):
    return f"published/plan-{instance.plan_id}/version-{instance.number}.pdf"


class PlanVersion(models.Model):
    """A numbered, published version of a plan. Never changed after it is made."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    reason = models.CharField("reason for update", max_length=300)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to=version_pdf_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    snapshot_html = models.TextField(help_text="The plan document as published.")
    # The print HTML as published, pictures inlined: the PDF is made from it after the
    # publishing transaction (plans/snapshot.py). Blank for versions made before.
    print_html = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="version_unique_number"),
        ]

    def __str__(self):
        return f"Version {self.number} of {self.plan}"


class EarlierVersion(PlanRecord):
    """A row of the version control table from before the plan came into the app (the
    Word file's own table), typed as printed: version 1, 12/10/20, First Draft, BH. It
    prints before the versions published here."""

    number = models.CharField("version", max_length=20)
    date = models.CharField(
        "date", max_length=30, blank=True, help_text="As printed, like 12/10/20."
    )
    reason = models.CharField("reason for update", max_length=300, blank=True)
    made_by = models.CharField("made by", max_length=200, blank=True)

    # Read by the version control table beside published versions (PlanVersion).
    is_typed = True

    class Meta(PlanRecord.Meta):
        verbose_name = "version before this app"

    def __str__(self):
        return f"Version {self.number} (before this app)"
