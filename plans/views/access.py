"""The plans' own rule on top of council.access: who may change a plan, and when."""

from council.access import in_scope, require, require_open
from plans.models import Plan

# What the access rules and every plan page's heading read: the service and its directorate.
PLANS = Plan.objects.select_related("service__directorate")


def editable_plan(request, pk) -> Plan:
    """The plan if this user may change it: 404 when out of scope, 403 when read-only to
    them, 403 (closed) when it is published."""
    plan = in_scope(request.user, PLANS, pk=pk)
    require(
        request.user.can_edit_service(plan.service),
        "Only officers of this service can change its plan.",
    )
    require_open(plan.is_editable, "This plan has been published and can no longer be changed.")
    return plan


def plan_rights(user, plan: Plan) -> dict[str, bool]:
    """What the user may do with a plan they can read: the plan page's buttons."""
    is_officer = user.can_edit_service(plan.service)
    is_manager = user.can_approve_service(plan.service)
    return {
        "can_edit": plan.is_editable and is_officer,
        "can_review": is_manager,
        "can_sign": is_manager,
        "can_report": is_officer,  # progress is reported all year, after publication too
        "can_publish": is_manager or user.is_performance_lead,
        "can_revise": is_officer or is_manager or user.is_performance_lead,
        "can_roll_forward": is_officer,
    }
