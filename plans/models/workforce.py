"""Workforce: single points of failure, skills and qualifications, the organisation chart."""

from django.db import models
from simple_history.models import HistoricalRecords

from plans.models.base import PlanRecord, read_stored_picture
from plans.models.plan import Plan


class SinglePointOfFailure(PlanRecord):
    """A post whose loss would stop the service, and how the service would cope."""

    post = models.CharField("job title of the post", max_length=200)
    succession_plan = models.TextField("succession planning for this post", blank=True)
    risks_skills = models.TextField("risks and skills required", blank=True)
    knowledge_networks = models.TextField("knowledge and networks", blank=True)
    impact = models.TextField("impact on service", blank=True)
    future_options = models.TextField("future options for providing the service", blank=True)

    class Meta(PlanRecord.Meta):
        verbose_name = "single point of failure"

    def __str__(self):
        return self.post


class SkillRequirement(PlanRecord):
    """The qualifications a job needs and the continuing professional development it calls for."""

    job_title = models.CharField(max_length=200)
    qualifications = models.TextField(blank=True)
    cpd_required = models.TextField("continuing professional development required", blank=True)

    def __str__(self):
        return self.job_title


def org_chart_path(instance, filename):
    # The name is never the uploader's: uploads are re-encoded and stored under a fixed name.
    return f"org-charts/plan-{instance.plan_id}/chart-{instance.uploaded_at:%Y%m%d%H%M%S}.png"


class OrgChart(models.Model):
    """The service's organisation chart: an image re-encoded on upload, with a text alternative."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="org_chart")
    image = models.ImageField(upload_to=org_chart_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.TextField(
        "text alternative",
        help_text="Describe the structure for people who cannot see the chart, e.g. "
        "'The Customer Services Manager leads two team managers, each with …'.",
    )
    uploaded_at = models.DateTimeField()

    history = HistoricalRecords()

    def __str__(self):
        return f"Organisation chart of {self.plan}"

    def read_image(self) -> bytes | None:
        return read_stored_picture(self, "organisation chart")
