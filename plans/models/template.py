"""A council's plan templates: the sections and sign-offs a new plan starts with.

A council keeps one or several: one for every plan, or one per directorate, or a new one
from a year on. A new plan starts from the template for its service's directorate and its
first year (`template_for`); a council's first template is made with the council."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from council.models import Council, Directorate

FIRST_TEMPLATE_NAME = "Service plan"


class Template(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="templates")
    name = models.CharField(
        max_length=200, help_text="How the council knows it, e.g. 'Service plan 2025 onwards'."
    )
    directorates = models.ManyToManyField(
        Directorate,
        blank=True,
        related_name="templates",
        help_text="New plans of these directorates' services start from this template. "
        "Choose none for any directorate.",
    )
    from_year = models.PositiveSmallIntegerField(
        "from the year starting",
        null=True,
        blank=True,
        help_text="New plans starting in this year or later use it, e.g. 2025 for 2025/26. "
        "Leave blank for any year.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "name", "pk"]
        verbose_name = "plan template"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"],
                name="template_unique_name",
                violation_error_message="The council already has a template with this name.",
            )
        ]

    def __str__(self):
        return self.name


def template_for(council_id: int, directorate_id: int, first_year: int) -> Template | None:
    """The template a new plan starts from: one naming the plan's directorate before one for
    any directorate, then the one from the latest year not after the plan's first year."""
    candidates = (
        Template.objects.filter(council_id=council_id)
        .filter(Q(from_year__isnull=True) | Q(from_year__lte=first_year))
        .annotate(
            named=models.Count("directorates", filter=Q(directorates=directorate_id)),
            any_directorate=models.Count("directorates", distinct=True),
        )
        .filter(Q(named__gt=0) | Q(any_directorate=0))
        .order_by("-named", models.F("from_year").desc(nulls_last=True), "name", "pk")
    )
    return candidates.first() or Template.objects.filter(council_id=council_id).first()


def give_council_its_first_template(sender, instance, created, raw=False, **kwargs):
    """A new council starts with one (empty) template, so its lead can add sections to it
    straight away."""
    if created and not raw:
        Template.objects.get_or_create(council=instance, name=FIRST_TEMPLATE_NAME)
