"""Published versions: what went to committee, frozen with its PDF."""

from django.conf import settings
from django.db import models

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

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="version_unique_number"),
        ]

    def __str__(self):
        return f"Version {self.number} of {self.plan}"
