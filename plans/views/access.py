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


def block_to_sign(user, plan: Plan) -> int:
    """The pk of the plan's next signature block if this user may sign it now, else 0.

    Only a plan in review is signed, so only its page spends the query on its blocks. Whoever
    signed one block of the plan signs no other (segregation of duties)."""
    if plan.status != Plan.Status.IN_REVIEW:
        return 0
    blocks = list(plan.sign_offs.order_by("position", "pk"))
    if any(block.signed_by_id == user.pk for block in blocks):
        return 0
    block = next((block for block in blocks if not block.is_signed), None)
    return block.pk if block and block.may_be_signed_by(user, plan.service) else 0


def plan_rights(user, plan: Plan) -> dict[str, bool | int]:
    """What the user may do with a plan they can read: the plan page's buttons."""
    is_officer = user.can_edit_service(plan.service)
    is_manager = user.can_approve_service(plan.service)
    return {
        "can_edit": plan.is_editable and is_officer,
        "can_review": is_manager,
        "can_sign": block_to_sign(user, plan),
        "can_report": is_officer,  # progress is reported all year, after publication too
        "can_publish": is_manager or user.is_performance_lead,
        "can_revise": is_officer or is_manager or user.is_performance_lead,
        "can_roll_forward": is_officer,
    }
