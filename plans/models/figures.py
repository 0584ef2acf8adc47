"""A figure in a section: a picture the council prints there (a strategy map, a diagram),
with its caption and a text alternative."""

from django.db import models
from simple_history.models import HistoricalRecords

from plans.models.base import read_stored_picture
from plans.models.plan import Section


def figure_path(instance, filename):
    # The name is never the uploader's: uploads are re-encoded and stored under a fixed name.
    return f"figures/section-{instance.section_id}/figure-{instance.uploaded_at:%Y%m%d%H%M%S}.png"


class SectionFigure(models.Model):
    """The picture a section prints after its text, re-encoded as PNG on upload."""

    section = models.OneToOneField(Section, on_delete=models.CASCADE, related_name="figure")
    image = models.ImageField(upload_to=figure_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(
        max_length=300, blank=True, help_text="Printed under the picture, e.g. 'Strategy map'."
    )
    alt_text = models.TextField(
        "text alternative",
        help_text="Describe what the picture shows for people who cannot see it.",
    )
    uploaded_at = models.DateTimeField()

    history = HistoricalRecords()

    def __str__(self):
        return self.caption or f"Figure of {self.section}"

    def read_image(self) -> bytes | None:
        return read_stored_picture(self, "figure")
