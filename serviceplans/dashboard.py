"""The home page: what this person can see and do, across every app."""

from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from council.models import Service
from packs.services import pack_services_for
from plans.models import Plan
from plans.outstanding import outstanding_for
from returns.outstanding import returns_due_for


def today():
    return timezone.localdate()


@require_safe
def dashboard(request):
    """What this person can see and do: the returns due from their services, their services,
    their plans and their status. Someone with no role yet (a first single sign-on not yet
    mapped, or a leaver's roles taken away) has nothing here: they are told what happens
    next, on every visit, not only right after signing in."""
    user = request.user
    if not user.role_assignments and not user.is_superuser:
        return redirect("signin:waiting")
    services = (
        Service.objects.visible_to(user)
        .select_related("directorate")
        .annotate(plan_count=Count("plans"))
        .order_by("directorate__name", "name")
    )
    editable_ids = set(Service.objects.editable_by(user).values_list("pk", flat=True))
    return render(
        request,
        "dashboard.html",
        {
            "work": outstanding_for(user),
            "due_returns": returns_due_for(user, today()),
            "services": services,
            **_plans(user),
            "editable_ids": editable_ids,
            "can_create": bool(editable_ids),
            "can_make_packs": pack_services_for(user).exists(),
        },
    )


def _plans(user) -> dict:
    """The first plans the user may read, and how many there are of each status."""
    plans = (
        Plan.objects.visible_to(user)
        .select_related("service__directorate")
        .order_by("service__name", "-first_year")
    )
    counts = dict(
        plans.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "plans": plans[:50],
        "plan_total": sum(counts.values()),
        "status_counts": [
            (value, label, counts.get(value, 0)) for value, label in Plan.Status.choices
        ],
    }
