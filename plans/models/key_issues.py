"""Key issues and risks of the plan year, one text per category, as the plan template asks."""

from django.db import models
from django.db.models import Q

from plans.models.base import PlanRecord


class KeyIssueCategory(models.TextChoices):
    WORKFORCE = "workforce", "Workforce planning issues and training requirements"
    COMMUNICATION = "communication", "Communication and consultation"
    LEGAL = "legal", "Legal issues (likely to need legal support)"
    DATA_PROTECTION = "data_protection", "Data protection (GDPR)"
    PROCUREMENT = "procurement", "Procurement or contracts"
    ICT = "ict", "ICT"
    CLIMATE = "climate", "Climate change"
    SERVICE_RISKS = "service_risks", "Service risks"
    NON_LEGAL = "non_legal", "Non-legal issues"
    EQUALITY = "equality", "Equality and diversity"


class KeyIssue(PlanRecord):
    """What the service expects in one area (workforce, legal, ICT …) that may affect others."""

    Category = KeyIssueCategory

    category = models.CharField(max_length=20, choices=Category.choices)
    # The category as the council's plan heads it ('WORKFORCE PLANNING ISSUES/TRAINING
    # REQUIREMENTS'); blank prints the category's name.
    heading = models.CharField(
        "heading as printed",
        max_length=300,
        blank=True,
        help_text="As your plan heads this category, e.g. 'GDPR'. Leave blank for the "
        "category's name.",
    )
    text = models.TextField("key issues and risks")

    class Meta(PlanRecord.Meta):
        verbose_name = "key issue"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "category"],
                name="keyissue_unique_category",
                violation_error_message="This plan already has key issues for that category.",
            ),
            models.CheckConstraint(
                condition=Q(category__in=KeyIssueCategory.values), name="keyissue_category_valid"
            ),
        ]

    def __str__(self):
        return self.printed_heading

    @property
    def printed_heading(self) -> str:
        return self.heading or self.get_category_display()
