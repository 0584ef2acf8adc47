"""Who may read or change a plan: every plan view starts here."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from plans.models import Plan


def visible_plan(request, pk, queryset=None) -> Plan:
    """The plan if this user may read it; 404 otherwise (never reveal that it exists)."""
    queryset = Plan.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), pk=pk)


def editable_plan(request, pk) -> Plan:
    """The plan if this user may change it: 404 when invisible, 403 when read-only to them."""
    plan = visible_plan(request, pk, Plan.objects.select_related("service__directorate"))
    if not request.user.can_edit_service(plan.service):
        raise PermissionDenied("Only officers of this service can change its plan.")
    if not plan.is_editable:
        raise PermissionDenied("This plan has been published and can no longer be changed.")
    return plan
