"""What waits for someone: plans and sections to review, sections sent back, plans not started."""

from django.db.models import Count, Q

from council.models import FinancialYear, Service
from plans.models import Plan, Section


def outstanding_for(user) -> dict:
    """Work waiting for this user, in constant queries.

    Managers: sections waiting for their review, plans ready for their signature. Officers:
    sections sent back to them. Everyone who reads plans: services in scope with no plan
    for the current financial year, and plans of the current year not yet submitted.
    """
    visible = Plan.objects.visible_to(user).select_related("service__directorate")
    approvable = Service.objects.approvable_by(user)
    editable = Service.objects.editable_by(user)
    current = FinancialYear.objects.filter(council_id=user.council_id, is_current=True).first()
    waiting_sections = (
        Section.objects.filter(
            plan__service__in=approvable,
            review_status=Section.ReviewStatus.SUBMITTED,
        )
        .exclude(plan__status=Plan.Status.PUBLISHED)
        .select_related("plan__service")
        .order_by("plan__service__name", "position")
    )
    ready_to_sign = (
        visible.filter(service__in=approvable, status=Plan.Status.IN_REVIEW)
        .annotate(
            waiting=Count(
                "sections",
                filter=Q(sections__required=True)
                & ~Q(sections__review_status=Section.ReviewStatus.APPROVED)
                & ~Q(sections__kind__in=["sign_off", "versions"]),
            )
        )
        .filter(waiting=0)
    )
    sent_back = (
        Section.objects.filter(
            plan__service__in=editable, review_status=Section.ReviewStatus.RETURNED
        )
        .select_related("plan__service", "reviewed_by")
        .order_by("plan__service__name", "position")
    )
    not_submitted, without_plan = [], []
    if current:
        year = current.start_year
        this_year = visible.filter(first_year__lte=year, last_year__gte=year)
        not_submitted = list(this_year.filter(status=Plan.Status.DRAFT))
        without_plan = list(
            Service.objects.visible_to(user)
            .exclude(
                pk__in=Plan.objects.filter(first_year__lte=year, last_year__gte=year).values(
                    "service_id"
                )
            )
            .select_related("directorate")
            .order_by("name")
        )
    return {
        "current_year": current,
        "waiting_sections": list(waiting_sections),
        "ready_to_sign": list(ready_to_sign),
        "sent_back": list(sent_back),
        "not_submitted": not_submitted,
        "without_plan": without_plan,
    }
