"""Review and sign-off: each section reviewed by a manager, each plan signed off in the blocks
its council's template asks for, and every move of a plan's status recorded."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from council.models import Role
from plans.models.plan import Plan, PlanStatus, Section
from plans.models.template import Template


class ReviewDecision(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for review"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Sent back"
    WITHDRAWN = "withdrawn", "Approval withdrawn after an edit"


class SectionReview(models.Model):
    """One step of a section's review: submitted, approved, sent back, or approval withdrawn."""

    Decision = ReviewDecision

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    section_version = models.PositiveIntegerField(
        help_text="The version of the section the decision was about."
    )
    comment = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=ReviewDecision.values), name="review_decision_valid"
            ),
            models.CheckConstraint(
                condition=~Q(decision="returned") | ~Q(comment=""),
                name="review_return_has_comment",
                violation_error_message="Say why the section is sent back.",
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.section}"


class PlanTransition(models.Model):
    """A move of a plan's status: who, when, from what to what, and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=20, choices=PlanStatus.choices)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.plan}: {self.from_status} → {self.to_status}"


class SignerRole(models.TextChoices):
    """Who may sign a block: people of a role, or one named person."""

    MANAGER = "manager", "A manager of the service"
    DIRECTORATE_MANAGER = "directorate_manager", "A manager of the service's whole directorate"
    PERFORMANCE_LEAD = "performance_lead", "The performance lead"
    PERSON = "person", "A named person"


class Signer(models.Model):
    """Who may sign a block: the fields a template's block and a plan's copy of it share."""

    signer_role = models.CharField(
        "who may sign", max_length=30, choices=SignerRole.choices, default=SignerRole.MANAGER
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The one person who may sign, when the block names a person.",
    )

    class Meta:
        abstract = True

    @property
    def who_may_sign(self) -> str:
        """'A manager of the service', or the named person."""
        if self.signer_role == SignerRole.PERSON and self.signer_id:
            return str(self.signer)
        if self.signer_role in SignerRole.values and self.signer_role != SignerRole.PERSON:
            return SignerRole(self.signer_role).label
        return SignerRole.MANAGER.label

    def may_be_signed_by(self, user, service) -> bool:
        """Whether this user may sign the block for a plan of this service (no query: the
        user's roles are read once per request). A block naming a person who has since been
        removed falls back to the managers of the service, as blocks did before they named
        anyone."""
        if self.signer_role == SignerRole.PERSON and self.signer_id:
            return user.pk == self.signer_id
        if self.signer_role == SignerRole.PERFORMANCE_LEAD:
            return user.is_performance_lead and user.council_id == service.directorate.council_id
        if self.signer_role == SignerRole.DIRECTORATE_MANAGER:
            return user.council_id == service.directorate.council_id and any(
                role.name == Role.Name.MANAGER
                and role.service_id is None
                and role.directorate_id in (None, service.directorate_id)
                for role in user.role_assignments
            )
        return user.can_approve_service(service)


class TemplateSignOff(Signer):
    """A signature a council's plans need before approval, e.g. 'Head of Service', and who may
    give it."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="sign_offs")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(
        max_length=200, help_text="Who signs, e.g. 'Group Head' or 'Deputy Chief Executive'."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = "plan template sign-off"
        constraints = [
            models.UniqueConstraint(
                fields=["template", "title"],
                name="template_signoff_unique",
                violation_error_message="The template already has a sign-off with this title.",
            ),
            models.CheckConstraint(
                condition=Q(signer_role__in=SignerRole.values),
                name="template_signoff_signer_role_valid",
            ),
        ]

    def __str__(self):
        return self.title


class SignOff(Signer):
    """One signature block of a plan: the title it needs, who may sign it (copied from the
    template's block when the plan was made), and who signed, when, with what comment."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sign_offs")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_name = models.CharField(max_length=200, blank=True, help_text="As printed.")
    signed_role = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="signoff_unique_title"),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | Q(signed_by__isnull=False),
                name="signoff_signed_by_someone",
            ),
            models.CheckConstraint(
                condition=Q(signer_role__in=SignerRole.values), name="signoff_signer_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.title} sign-off of {self.plan}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None
